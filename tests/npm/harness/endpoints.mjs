// The endpoint table of the Rust client (`crates/client-wasm/src/endpoint.rs`), read from its
// source: the list that `npm/src/client.js` and `npm/index.d.ts` must keep in step with.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.mjs";

export const endpointSource = join(repoRoot, "crates/client-wasm/src/endpoint.rs");

/** Functions of the package itself rather than of an `M8tes` client, by endpoint name. */
export const PACKAGE_FUNCTIONS = { "auth.getToken": "getToken", "auth.signup": "signup" };

/**
 * Every row of the `endpoints!` table: `{ name, method, template, answer }`, with `name` the JS
 * method name (`"tasks.triggers.create"`).
 */
export function endpointTable() {
  const text = readFileSync(endpointSource, "utf8");
  const block = text.match(/^endpoints! \{\n([\s\S]*?)^\}/m);
  if (!block) throw new Error(`no \`endpoints! { … }\` table in ${endpointSource}`);
  const rows = block[1].split("\n").filter((line) => line.trim() !== "");
  return rows.map((line) => {
    const row = line.match(/^\s*(\w+) = "([\w.]+)", "(GET|POST|PATCH|PUT|DELETE)" "([^"]+)" => (\w+);$/);
    // A row this reader cannot parse fails the test rather than being skipped.
    if (!row) throw new Error(`unreadable endpoint row in ${endpointSource}: ${line.trim()}`);
    const [, variant, name, method, template, answer] = row;
    return { variant, name, method, template, answer };
  });
}
