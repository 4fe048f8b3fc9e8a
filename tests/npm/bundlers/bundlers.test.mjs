// The package in a browser app built by the bundlers people use: Vite (its default build
// target) and esbuild for the browser (`--platform=browser --format=esm --bundle`). Each build
// is served from its own origin and loaded in headless Chromium, which streams a run from the
// real server, pages a list, catches a typed error and verifies a webhook signature.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { nodeBin } from "../harness/paths.mjs";
import { startServer } from "../harness/server.mjs";
import { startStaticServer } from "../harness/static-server.mjs";
import { assertChecks, checksConfig, makeProject } from "../harness/runtime-project.mjs";
import { launchChromium } from "../harness/chromium.mjs";

const BUILD_TIMEOUT_MS = 120_000;
const run = promisify(execFile);
const html = (script) => `<!doctype html><html><head><meta charset="utf-8"><title>m8tes bundler check</title></head><body><script type="module" src="${script}"></script></body></html>`;

let server;
let project;
let browser;
before(async () => {
  server = await startServer();
  project = makeProject("bundlers", [new URL("./app.mjs", import.meta.url)]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  project?.remove();
  await server?.stop();
});

/** Loads the site in a fresh page and returns the app's summary, failing on any page error. */
async function loadApp(site) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    const from = msg.location()?.url ?? "";
    if (msg.type() === "error" && !/favicon\.ico$|\/teammates\/99999999$/.test(from)) problems.push(`console: ${msg.text()} (${from})`);
  });
  try {
    await page.goto(`${site.origin}/?config=${encodeURIComponent(JSON.stringify(checksConfig(server)))}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    assert.equal(result.error, undefined, `${result.error}\n${problems.join("\n")}`);
    assert.deepEqual(problems, []);
    return result;
  } finally {
    await page.close();
  }
}

describe("Vite, default build target", () => {
  let site;
  after(async () => site?.stop());

  test("builds the app, and Chromium runs it against the server", async () => {
    writeFileSync(join(project.dir, "index.html"), html("./app.mjs"));
    await run(join(nodeBin, "vite"), ["build", "--logLevel", "warn", "--outDir", "dist-vite"], { cwd: project.dir, timeout: BUILD_TIMEOUT_MS });
    const dist = join(project.dir, "dist-vite");
    // Vite turns the entry's `new URL("../wasm/m8tes_bg.wasm", import.meta.url)` into an asset.
    site = await startStaticServer({ routes: { "/": dist }, pages: { "/": readFileSync(join(dist, "index.html"), "utf8") } });
    await assertChecks(await loadApp(site), server);
  });
});

describe("esbuild --platform=browser --format=esm --bundle", () => {
  let site;
  after(async () => site?.stop());

  test("bundles the app, and Chromium runs it against the server", async () => {
    const root = join(project.dir, "dist-esbuild");
    const args = ["app.mjs", "--bundle", "--platform=browser", "--format=esm", "--minify", `--outfile=${join(root, "app/app.js")}`, "--log-level=warning"];
    await run(join(nodeBin, "esbuild"), args, { cwd: project.dir, timeout: BUILD_TIMEOUT_MS });
    // esbuild leaves `new URL("../wasm/m8tes_bg.wasm", import.meta.url)` alone: the app ships
    // the .wasm files one folder up from the bundle, as the README tells esbuild users to.
    mkdirSync(join(root, "wasm"));
    for (const file of ["m8tes_bg.wasm", "webhooks.wasm"]) {
      copyFileSync(join(project.dir, "node_modules/@m8tes/wasm/wasm", file), join(root, "wasm", file));
    }
    site = await startStaticServer({ routes: { "/": root }, pages: { "/": html("/app/app.js") } });
    await assertChecks(await loadApp(site), server);
  });
});
