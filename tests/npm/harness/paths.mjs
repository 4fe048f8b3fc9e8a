// Where the suites find the repository's build outputs. Overridable by environment so xtask can
// point the suites at what it just built without the suites guessing.
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const tarball = process.env.M8TES_NPM_TGZ ?? join(repoRoot, "target/npm/m8tes-wasm.tgz");
export const serverBinary =
  process.env.M8TES_LOCAL_BIN ?? join(repoRoot, "target/release/m8tes-local");
/** The scratch project the tarball is installed into, outside the source tree. */
export const scratchDir = process.env.M8TES_NPM_SCRATCH ?? join(repoRoot, "target/npm-scratch");
export const nodeBin = join(repoRoot, "node_modules/.bin");
export const vectorsDir = join(repoRoot, "contract/vectors");
export const PACKAGE_NAME = "@m8tes/wasm";
