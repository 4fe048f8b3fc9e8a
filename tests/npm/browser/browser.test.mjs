// The package in headless Chromium: a page from one origin imports it as an ES module and talks
// to m8tes-local on another origin (so CORS preflights happen for real), streaming a run and
// listing teammates.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { installPackage, packageDir, resolveEntry } from "../harness/package.mjs";
import { startServer } from "../harness/server.mjs";
import { startStaticServer } from "../harness/static-server.mjs";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

let server;
let site;
let browser;

before(async () => {
  installPackage();
  server = await startServer();
  const entry = relative(packageDir, resolveEntry(["browser", "import"]));
  const pageScript = readFileSync(fileURLToPath(new URL("./page.mjs", import.meta.url)), "utf8");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>m8tes browser test</title>
<script type="importmap">${JSON.stringify({ imports: { "@m8tes/wasm": `/pkg/${entry}` } })}</script>
</head><body><script type="module" src="/page.mjs"></script></body></html>`;
  site = await startStaticServer({
    routes: { "/pkg/": packageDir, "/": dirname(fileURLToPath(import.meta.url)) },
    pages: { "/": html },
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

test("a cross-origin page streams a run and lists teammates", async () => {
  assert.notEqual(new URL(site.origin).origin, new URL(server.origin).origin);
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/favicon/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  const apiRequests = [];
  page.on("request", (request) => {
    if (request.url().startsWith(server.origin)) apiRequests.push({ method: request.method(), url: request.url(), headers: request.headers() });
  });

  await page.goto(`${site.origin}/?base=${encodeURIComponent(server.baseUrl)}&key=${encodeURIComponent(server.apiKey)}`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  const result = await page.evaluate(() => window.__result);
  await page.close();

  assert.equal(result.error, undefined, `${result.error}\n${problems.join("\n")}`);
  assert.ok(result.listedIds.includes(result.mateId), "the teammate created from the page is listed");
  assert.equal(result.types[0], "metadata");
  assert.equal(result.types.at(-1), "done");
  assert.ok(result.types.includes("tool-call-start"));
  assert.ok(result.text.length > 0);
  assert.deepEqual(result.notFound, { isClass: true, status: 404 });

  const run = await server.waitForRun(result.runId);
  assert.equal(run.output, result.text, "the browser accumulated exactly the run's text");
  // The page's own origin went with every API call, which is what makes the server's CORS answer matter.
  assert.ok(apiRequests.length >= 4, JSON.stringify(apiRequests.map((r) => r.url)));
  for (const request of apiRequests) assert.equal(request.headers.origin, site.origin, request.url);
  assert.deepEqual(problems, []);
});
