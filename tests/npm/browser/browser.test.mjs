// The package in headless Chromium: a page from one origin imports it as an ES module and talks
// to m8tes-local on another origin (so CORS preflights happen for real), streaming a run and
// listing teammates.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage, packageDir, resolveEntry } from "../harness/package.mjs";
import { startServer } from "../harness/server.mjs";
import { startStaticServer } from "../harness/static-server.mjs";
import { launchChromium } from "../harness/chromium.mjs";

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
  browser = await launchChromium();
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
    // Chromium logs every non-2xx load: the favicon and the page's deliberate 404 are expected.
    const from = msg.location()?.url ?? "";
    if (msg.type() === "error" && !/favicon\.ico$|\/teammates\/99999999$/.test(from)) problems.push(`console: ${msg.text()} (${from})`);
  });
  const apiExchanges = [];
  page.on("response", (response) => {
    if (!response.url().startsWith(server.origin)) return;
    apiExchanges.push(
      Promise.all([response.request().allHeaders(), response.allHeaders()]).then(([request, answer]) => ({ url: response.url(), status: response.status(), request, answer })),
    );
  });

  await page.goto(`${site.origin}/?base=${encodeURIComponent(server.baseUrl)}&key=${encodeURIComponent(server.apiKey)}`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  const result = await page.evaluate(() => window.__result);
  const exchanges = await Promise.all(apiExchanges);
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
  // Every API call carried the page's origin and was let through by the server's CORS answer.
  assert.ok(exchanges.length >= 4, JSON.stringify(exchanges.map((e) => e.url)));
  for (const { url, request, answer } of exchanges) {
    assert.equal(request.origin, site.origin, url);
    assert.ok([site.origin, "*"].includes(answer["access-control-allow-origin"]), `${url}: ${answer["access-control-allow-origin"]}`);
  }
  assert.deepEqual(problems, []);
});
