// Run by `bun run` in a project that has the packed tarball installed: imports the package by
// name and prints the checks' summary as one JSON line.
import * as pkg from "@m8tes/wasm";
import { runChecks } from "./runtime-checks.mjs";

console.log(JSON.stringify(await runChecks(pkg, JSON.parse(process.argv[2]))));
