// Installs the packed tarball into a scratch project, the way a user would, and imports it from
// a plain ESM module there, so resolution goes through the package's own `exports`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_NAME, scratchDir, tarball } from "./paths.mjs";

export const packageDir = join(scratchDir, "node_modules", PACKAGE_NAME);
const STAMP = join(scratchDir, ".tarball-sha256");
const ENTRY = join(scratchDir, "entry.mjs");

/** Installs (or reinstalls, when the tarball changed) and returns the scratch directory. */
export function installPackage() {
  if (!existsSync(tarball)) {
    throw new Error(`no package tarball at ${tarball}: run \`cargo xtask npm\``);
  }
  const digest = createHash("sha256").update(readFileSync(tarball)).digest("hex");
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === digest && existsSync(packageDir)) {
    return scratchDir;
  }
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  writeFileSync(
    join(scratchDir, "package.json"),
    JSON.stringify({ name: "m8tes-npm-scratch", private: true, type: "module" }, null, 2),
  );
  // The package declares no dependencies, so an offline install must succeed; if it ever grows
  // one, this fails loudly instead of quietly reaching a registry during tests.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: scratchDir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  writeFileSync(ENTRY, `export * from ${JSON.stringify(PACKAGE_NAME)};\n`);
  writeFileSync(STAMP, `${digest}\n`);
  return scratchDir;
}

/** The package's module namespace as `import * from "@m8tes/wasm"` sees it in Node. */
export async function loadPackage() {
  if (!existsSync(ENTRY)) installPackage();
  return import(pathToFileURL(ENTRY).href);
}

export function packageJson() {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
}

/**
 * The file the package's `exports` map sends `conditions` to for ".", resolved by hand because
 * browsers and workerd have no Node resolver. Conditions are tried in the map's own order.
 */
export function resolveEntry(conditions) {
  const pkg = packageJson();
  let target = pkg.exports ?? pkg.module ?? pkg.main;
  if (target && typeof target === "object" && !Array.isArray(target) && "." in target) target = target["."];
  const pick = (node) => {
    if (typeof node === "string") return node;
    if (Array.isArray(node)) {
      for (const item of node) {
        const found = pick(item);
        if (found) return found;
      }
      return undefined;
    }
    if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "default" || conditions.includes(key)) {
          const found = pick(value);
          if (found) return found;
        }
      }
    }
    return undefined;
  };
  const found = pick(target);
  if (!found) throw new Error(`package.json exports has no entry for conditions ${conditions.join(",")}`);
  return join(packageDir, found);
}
