// `npm/index.d.ts` declares a method for every endpoint of the Rust client's table: a file that
// names each one (`client.tasks.triggers.create`, …) must compile under `tsc --strict`.
// Adding a row to `crates/client-wasm/src/endpoint.rs` without declaring it fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { endpointTable, PACKAGE_FUNCTIONS } from "../harness/endpoints.mjs";
import { installPackage } from "../harness/package.mjs";
import { nodeBin, scratchDir } from "../harness/paths.mjs";

test("index.d.ts declares every endpoint of the table", () => {
  const table = endpointTable();
  assert.ok(table.length >= 50, `only ${table.length} endpoints read`);
  installPackage();
  const dir = join(scratchDir, "types");
  mkdirSync(dir, { recursive: true });
  const reached = table.map(({ name }) =>
    PACKAGE_FUNCTIONS[name] ? `  ${PACKAGE_FUNCTIONS[name]}, // ${name}` : `  client.${name}, // ${name}`,
  );
  const imports = ["M8tes", ...Object.values(PACKAGE_FUNCTIONS)].join(", ");
  writeFileSync(
    join(dir, "endpoints.ts"),
    [
      `import { ${imports} } from "@m8tes/wasm";`,
      "declare const client: M8tes;",
      "const methods: Array<(...args: never[]) => unknown> = [",
      ...reached,
      "];",
      "export default methods;",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "tsconfig.endpoints.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
        types: [],
      },
      files: ["endpoints.ts"],
    }),
  );
  const result = spawnSync(join(nodeBin, "tsc"), ["-p", "tsconfig.endpoints.json", "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `endpoints missing from npm/index.d.ts:\n${result.stdout}${result.stderr}`);
});
