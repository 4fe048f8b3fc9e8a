// The browser app both bundlers build: it imports the package by name, as a web app would, runs
// the shared checks against the server named in the page's query, and leaves the summary on
// `window.__result` for the test to read.
import * as pkg from "@m8tes/wasm";
import { runChecks } from "./runtime-checks.mjs";

const config = JSON.parse(new URLSearchParams(location.search).get("config"));
runChecks(pkg, config).then(
  (result) => {
    window.__result = result;
  },
  (err) => {
    window.__result = { error: `${err?.constructor?.name}: ${err?.message}\n${err?.stack}` };
  },
);
