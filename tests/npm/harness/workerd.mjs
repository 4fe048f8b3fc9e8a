// Runs a Worker that imports the package under the real workerd: bundles it as wrangler would
// (esbuild, the package's `workerd` export condition, .wasm kept as a separate wasm module),
// writes a config.capnp (toolchain.md §5), starts node_modules/.bin/workerd directly, waits
// until it answers, and stops it.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { packageDir } from "./package.mjs";
import { nodeBin, repoRoot, scratchDir } from "./paths.mjs";
import { freePort } from "./ports.mjs";

const READY_TIMEOUT_MS = 20_000;
/**
 * The native binary. node_modules/.bin/workerd is a Node launcher that spawns this binary as a
 * child and, when killed, leaves it running (holding our pipes open), so it is not used.
 */
export const workerdBinary = (() => {
  const scope = join(repoRoot, "node_modules/@cloudflare");
  const platform = existsSync(scope) ? readdirSync(scope).find((name) => name.startsWith("workerd-")) : undefined;
  if (!platform) throw new Error(`no native workerd under ${scope}: run \`cargo xtask setup\` (npm ci)`);
  return join(scope, platform, "bin/workerd");
})();

/** Bundles `entry` into `<scratch>/workerd/<name>/worker.js` and returns that directory and its modules. */
export function bundleWorker(entry, name) {
  const dir = join(scratchDir, "workerd", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // esbuild resolves "@m8tes/wasm" from the importing file's folders, so the entry is copied into
  // the scratch project where the package is installed.
  const staged = join(scratchDir, `worker-src-${name}.mjs`);
  copyFileSync(entry, staged);
  execFileSync(
    join(nodeBin, "esbuild"),
    [
      staged,
      "--bundle",
      "--format=esm",
      "--platform=neutral",
      "--main-fields=module,main",
      "--conditions=workerd,worker,browser",
      "--external:*.wasm",
      `--outfile=${join(dir, "worker.js")}`,
      "--log-level=warning",
    ],
    { cwd: scratchDir, stdio: ["ignore", "inherit", "inherit"] },
  );
  // Each .wasm the bundle imports becomes a wasm module named by its file name, and the import
  // is pointed at that name, as wrangler does: esbuild leaves external paths as the package wrote
  // them (relative to the package's own file, e.g. "../wasm/x.wasm"), which mean nothing here.
  let wasmInPackage;
  const modules = [{ name: "worker.js", kind: "esModule", file: "worker.js" }];
  const code = readFileSync(join(dir, "worker.js"), "utf8").replace(/(from\s*)(["'])([^"']+\.wasm)\2/g, (_, from, quote, specifier) => {
    wasmInPackage ??= readdirSync(packageDir, { recursive: true }).filter((f) => f.endsWith(".wasm"));
    const source = wasmInPackage.find((f) => basename(f) === basename(specifier));
    if (!source) throw new Error(`the bundle imports ${specifier}, which the package does not ship`);
    const moduleName = basename(specifier);
    if (!modules.some((m) => m.name === moduleName)) {
      copyFileSync(join(packageDir, source), join(dir, moduleName));
      modules.push({ name: moduleName, kind: "wasm", file: moduleName });
    }
    return `${from}${quote}./${moduleName}${quote}`;
  });
  writeFileSync(join(dir, "worker.js"), code);
  return { dir, modules };
}

const capnpString = (value) => JSON.stringify(String(value));

/** Writes config.capnp for the bundle and starts workerd on a free loopback port. */
export async function startWorkerd({ dir, modules }, { bindings = {}, port } = {}) {
  port ??= await freePort();
  const moduleList = modules.map((m) => `(name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(m.file)})`).join(",\n    ");
  const bindingList = Object.entries(bindings).map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`).join(",\n    ");
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker),
               (name = "net", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const mainWorker :Workerd.Worker = (
  modules = [
    ${moduleList}
  ],
  bindings = [
    ${bindingList}
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "net",
);
`,
  );
  const started = performance.now();
  const child = spawn(workerdBinary, ["serve", "config.capnp"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exitPromise = new Promise((r) => child.on("exit", (code, signal) => r((exited = { code, signal }))));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (exited) throw new Error(`workerd exited (${JSON.stringify(exited)}):\n${output}`);
    try {
      const res = await fetch(`${origin}/__ready`);
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`workerd did not answer within ${READY_TIMEOUT_MS} ms:\n${output}`);
      }
      // Short: the cold-start benchmark reads readiness through this loop.
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const readyMs = performance.now() - started;
  return {
    origin,
    readyMs,
    output: () => output,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
