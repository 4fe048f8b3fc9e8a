// Run by Deno in a project that has the packed tarball installed: imports the package the way
// a Deno user does (`npm:` specifier) and prints the checks' summary as one JSON line.
import * as pkg from "npm:@m8tes/wasm";
import { runChecks } from "./runtime-checks.mjs";

console.log(JSON.stringify(await runChecks(pkg, JSON.parse(Deno.args[0]))));
