// The `exports` conditions: each runtime's condition sends the import to its loader, and under
// each one TypeScript (bundler resolution with that custom condition) finds the declarations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, packageDir, resolveEntry } from "../harness/package.mjs";
import { nodeBin, scratchDir } from "../harness/paths.mjs";

/** The conditions each runtime (or bundler) resolves with, and the loader it must get. */
const RUNTIMES = {
  workerd: { conditions: ["workerd", "worker", "browser", "import"], entry: "src/workerd.js" },
  deno: { conditions: ["deno", "node", "import"], entry: "src/node.js" },
  bun: { conditions: ["bun", "node", "import"], entry: "src/node.js" },
  node: { conditions: ["node", "import"], entry: "src/node.js" },
  "node require()": { conditions: ["node", "require"], entry: "src/node.js" },
  browser: { conditions: ["browser", "import"], entry: "src/browser.js" },
  "no condition known": { conditions: [], entry: "src/browser.js" },
};

for (const [runtime, { conditions, entry }] of Object.entries(RUNTIMES)) {
  test(`${runtime}: [${conditions.join(", ")}] → ${entry}, and types resolve`, () => {
    installPackage();
    assert.equal(resolveEntry(conditions), join(packageDir, entry));

    const dir = join(scratchDir, "conditions", runtime.replace(/\W+/g, "-"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "check.ts"), `import { M8tes, type Run } from "@m8tes/wasm";\nconst run: Promise<Run> = new M8tes({ apiKey: "k" }).runs.get(1);\nvoid run;\n`);
    const custom = conditions.filter((c) => !["import", "require"].includes(c));
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      customConditions: custom,
      lib: ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
      types: [],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts"] }));
    const args = ["-p", "tsconfig.json", "--pretty", "false", "--traceResolution"];
    const result = spawnSync(join(nodeBin, "tsc"), args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output.split("\n").filter((l) => /error TS/.test(l)).join("\n"));
    assert.match(output, /Module name '@m8tes\/wasm' was successfully resolved to '[^']*@m8tes\/wasm\/index\.d\.ts'/);
  });
}
