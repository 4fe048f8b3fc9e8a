// TypeScript declarations: `tsc --strict --noEmit` accepts good.ts (every public method as
// js-api.md shows it) and rejects bad.ts with an error on each marked line and no other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage, packageDir } from "../harness/package.mjs";
import { nodeBin, scratchDir } from "../harness/paths.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const dir = join(scratchDir, "types");

function compile(file) {
  installPackage();
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(here, file), join(dir, file));
  const config = `tsconfig.${file}.json`;
  writeFileSync(
    join(dir, config),
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
      files: [file],
    }),
  );
  const result = spawnSync(join(nodeBin, "tsc"), ["-p", config, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test("good.ts compiles under --strict", () => {
  const { status, output } = compile("good.ts");
  assert.equal(status, 0, output);
});

test("bad.ts fails, with an error on exactly the marked lines", () => {
  const { status, output } = compile("bad.ts");
  assert.notEqual(status, 0, "bad.ts compiled: the declarations accept misuse");
  const source = readFileSync(join(here, "bad.ts"), "utf8").split("\n");
  // A marker ends a line of code; the header comment mentions the marker but is not one.
  const marked = source.flatMap((line, i) => (!line.trimStart().startsWith("//") && line.includes("// ERROR") ? [i + 1] : []));
  const reported = new Set([...output.matchAll(/^bad\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])));
  console.log(`deliberate errors: ${marked.length}, lines reported by tsc: ${reported.size}`);
  const missed = marked.filter((line) => !reported.has(line));
  const unexpected = [...reported].filter((line) => !marked.includes(line));
  assert.deepEqual(missed, [], `marked lines tsc accepted:\n${missed.map((l) => `${l}: ${source[l - 1].trim()}`).join("\n")}\n\n${output}`);
  assert.deepEqual(unexpected, [], `errors on unmarked lines:\n${output}`);
});

test("no `any` anywhere in the package's declarations", () => {
  installPackage();
  const files = readdirSync(packageDir, { recursive: true }).filter((name) => name.endsWith(".d.ts"));
  assert.ok(files.length >= 1, "the package ships declarations");
  const hits = [];
  for (const name of files) {
    const text = readFileSync(join(packageDir, name), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
      .replace(/\/\/.*$/gm, "")
      .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
    text.split("\n").forEach((line, i) => {
      if (/\bany\b/.test(line)) hits.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  console.log(`declaration files checked: ${files.join(", ")}`);
  assert.deepEqual(hits, []);
});
