// End-to-end tests of the web console: the Trunk release build in dist/, served by the real
// m8tes-local (realistic speed, so runs stream over seconds), driven in Debian's Chromium.
// Every check reads the page as a person would and, where it matters, asks the server
// directly (`server.api`) that the console did what it shows.
//
//   node tests/console/console.test.mjs      (cargo xtask test --only console builds first)
//
// Screenshots go to target/console-screenshots/ (CONSOLE_SCREENSHOTS overrides).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../npm/harness/server.mjs";
import { openBrowser } from "./browser.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = join(repo, "dist");
const screenshotDir = resolve(process.env.CONSOLE_SCREENSHOTS ?? join(repo, "target/console-screenshots"));
const STEP_MS = 30_000;

let server;
let ui;
let page;

before(async () => {
  assert.ok(existsSync(join(dist, "index.html")), `no console build in ${dist}: run \`cargo xtask console\``);
  rmSync(screenshotDir, { recursive: true, force: true });
  console.log(`screenshots: ${screenshotDir}`);
  server = await startServer({ speed: "realistic", extraArgs: ["--console-dir", dist] });
  ui = await openBrowser({ screenshotDir });
  page = ui.page;
  page.setDefaultTimeout(STEP_MS);
});

after(async () => {
  await ui?.close();
  await server?.stop();
  console.log(`screenshots written to ${screenshotDir}`);
});

const go = (path) => page.goto(server.origin + path);
const heading = (text) => page.getByRole("heading", { level: 1, name: text });
const runStatus = () => page.getByTestId("run-status");
const transcriptText = () =>
  page.getByTestId("agent-text").allTextContents().then((parts) => parts.join(" "));
/** Text with its whitespace runs made single spaces: blocks are shown without their breaks. */
const words = (text) => text.replace(/\s+/g, " ").trim();

async function waitForStatus(status, timeout = STEP_MS) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="run-status"]')?.textContent === want,
    status,
    { timeout },
  );
}

/** Starts a run from the Run page and returns its id once the page has moved to it. */
async function startRun({ teammate, message, mode = "autonomous", userId }) {
  await go("/run");
  await heading("Start a run").waitFor();
  // The teammate list arrives after the page: wait for the option before choosing it.
  await page.locator("select[name=teammate] option", { hasText: teammate }).waitFor({ state: "attached" });
  await page.selectOption("select[name=teammate]", { label: teammate });
  await page.fill("textarea[name=message]", message);
  if (userId) await page.fill("input[name=user_id]", userId);
  await page.selectOption("select[name=permission_mode]", mode);
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/\d+$/);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

// 400 KiB gzip to start (issue 5), 351 KiB since issue 9, 392 KiB with SDK 4.49's views
// (issue 11), 388 KiB with issue 14's runs list, charts and Markdown after its own router,
// 311 KiB once the console read the API's answers by hand (issue 14), 305 KiB once wasm-opt
// laid its functions out by name for gzip (issue 14), 290 KiB (296 960 bytes, under the
// issue's 300 KB) once serde_json's error texts, deep clones, per-page maps and Rust's
// Unicode tables left it (issue 14); xtask passes its own constant so the two cannot drift.
const WASM_GZIP_BUDGET = Number(process.env.CONSOLE_WASM_GZIP_BUDGET ?? 290 * 1024);

test("the console's wasm is under its gzip budget", () => {
  const wasm = readdirSync(dist).filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm in dist/, found ${wasm}`);
  const gzipped = gzipSync(readFileSync(join(dist, wasm[0])), { level: 9 }).length;
  console.log(`console wasm ${wasm[0]}: ${gzipped} bytes gzip -9, budget ${WASM_GZIP_BUDGET}`);
  assert.ok(gzipped <= WASM_GZIP_BUDGET, `${gzipped} bytes gzip exceeds the ${WASM_GZIP_BUDGET}-byte budget`);
});

let teammateId;
const TEAMMATE = "Ops Mate";

test("connect: a wrong key is refused with a sentence, the right one is kept for the tab", async () => {
  await go("/");
  await page.waitForURL(/\/connect/);
  await heading("Connect to m8tes").waitFor();
  assert.equal(await page.inputValue("input[name=base_url]"), `${server.baseUrl}`);
  await ui.shot("connect");

  await ui.expectingErrors(/status of 401/, async () => {
    await page.fill("input[name=api_key]", "m8_not_a_real_key_000000000000000000");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").filter({ hasText: "API key was not accepted" }).waitFor();
  });
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, "a refused key is not kept");
  await ui.shot("connect-refused");

  await page.fill("input[name=api_key]", server.apiKey);
  await page.getByRole("button", { name: "Connect" }).click();
  await heading("Teammates").waitFor();
  await page.getByText("No teammates yet").waitFor();
  const kept = await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));
  assert.deepEqual(kept, { session: 1, local: 0 }, "without 'remember' the key lives in sessionStorage only");
  // The empty first page teaches: npm and curl, with this server's base URL filled in.
  const npm = await page.getByTestId("snippet-npm").textContent();
  assert.match(npm, /npm install @m8tes\/wasm/);
  assert.ok(npm.includes(`baseUrl: "${server.baseUrl}"`), npm);
  assert.match(npm, /teammates\.create\(/);
  const curl = await page.getByTestId("snippet-curl").textContent();
  assert.ok(curl.startsWith(`curl -X POST ${server.baseUrl}/teammates`), curl);
  assert.match(curl, /Authorization: Bearer \$M8TES_API_KEY/);
  await ui.shot("teammates-empty");
});

test("create a teammate with tools from the apps catalog", async () => {
  await page.getByRole("link", { name: "New teammate" }).click();
  await heading("New teammate").waitFor();
  await page.fill("input[name=name]", TEAMMATE);
  await page.fill("input[name=role]", "Operations");
  await page.fill("textarea[name=instructions]", "Keep the team informed.");
  for (const tool of ["Gmail", "Slack", "Stripe"]) {
    await page.getByRole("checkbox", { name: tool, exact: true }).check();
  }
  await ui.shot("teammate-new");
  await page.getByRole("button", { name: "Create teammate" }).click();
  await page.waitForURL(/\/teammates\/\d+$/);
  teammateId = Number(new URL(page.url()).pathname.split("/").pop());
  await heading(TEAMMATE).waitFor();

  const { json } = await server.api(`/teammates/${teammateId}`);
  assert.equal(json.name, TEAMMATE);
  assert.equal(json.role, "Operations");
  assert.deepEqual([...json.tools].sort(), ["gmail", "slack", "stripe"]);

  await page.getByRole("button", { name: "Enable webhook URL" }).click();
  await page.locator("code", { hasText: "http" }).first().waitFor();
  await ui.shot("teammate-detail");
  await go("/teammates");
  await page.getByRole("link", { name: TEAMMATE }).waitFor();
  await ui.shot("teammates-list");
});

test("a run streams: its text grows across screenshots before it completes", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Check my email inbox and pull MRR from Stripe, then summarise." });
  const lengths = [];
  for (let i = 0; i < 60; i++) {
    const status = await runStatus().textContent();
    const length = (await transcriptText()).length;
    if (status === "completed") break;
    if (length > 0 && lengths.at(-1) !== length) {
      lengths.push(length);
      if (lengths.length <= 4) await ui.shot(`run-streaming-${lengths.length}`, { audit: false });
    }
    await page.waitForTimeout(200);
  }
  assert.ok(lengths.length >= 3, `text should be seen growing at least 3 times before completion; saw ${lengths}`);
  for (let i = 1; i < lengths.length; i++) assert.ok(lengths[i] > lengths[i - 1], `text only grows: ${lengths}`);
  await waitForStatus("completed");
  const run = await server.waitForRun(runId);
  assert.equal(run.status, "completed");
  // The page's text is the run's output as the server recorded it (D15).
  assert.equal(words(await transcriptText()), words(run.output));
  // Tool calls are collapsible cards with their arguments and results.
  const cards = page.getByTestId("tool-card");
  assert.ok((await cards.count()) >= 2, "gmail and stripe tool cards");
  await cards.first().locator("summary").click();
  await cards.first().getByText("Arguments").waitFor();
  await page.getByLabel("Metrics").getByText(/Duration/).waitFor();
  // Each card says how long its call took; the step timeline lists the run's steps in order.
  for (const summary of await cards.locator("summary").allTextContents()) {
    assert.match(summary, /· done in \d+\.\d s$/, summary);
  }
  const steps = await page.getByTestId("timeline").locator("li").allTextContents();
  assert.ok(steps.length >= 4, `a message, text and two tool calls at least: ${steps}`);
  assert.match(steps[0], /^\+0\.0 s\s*You$/);
  assert.ok(steps.some((step) => /gmail \(\d+\.\d s\)/.test(step)), steps.join(" | "));
  await ui.shot("run-completed");
});

test("approval mode: the run pauses on a tool, Allow lets it finish", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Post to #general that the deploy is done.", mode: "approval" });
  const card = page.getByTestId("approval-card");
  await card.waitFor();
  await waitForStatus("awaiting_approval");
  assert.match(await card.textContent(), /slack/);
  const pending = (await server.api(`/runs/${runId}/permissions`)).json;
  assert.equal(pending.filter((gate) => gate.status === "pending").length, 1);
  await ui.shot("run-approval");
  await card.getByRole("button", { name: "Allow" }).click();
  await waitForStatus("completed");
  const gates = (await server.api(`/runs/${runId}/permissions`)).json;
  assert.equal(gates[0].status, "allowed");
  assert.equal((await server.waitForRun(runId)).status, "completed");
  await page.getByTestId("tool-card").filter({ hasText: "slack" }).waitFor();
  await ui.shot("run-approved");
});

test("plan mode: the plan is shown and approving it runs it", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Pull MRR from Stripe.", mode: "plan" });
  const card = page.getByTestId("question-card");
  await card.waitFor();
  await card.getByText("Plan Approval").waitFor();
  await page.getByTestId("plan").waitFor();
  await ui.shot("run-plan");
  await card.getByRole("button", { name: "Approve" }).click();
  await waitForStatus("completed");
  const run = await server.waitForRun(runId);
  assert.equal(run.status, "completed");
  assert.ok((await page.getByTestId("tool-card").count()) >= 1, "the approved plan used its tool");
  await ui.shot("run-plan-approved");
});

test("a generated file downloads with the bytes the server holds", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Pull MRR from Stripe and make a report." });
  await waitForStatus("completed");
  const button = page.getByRole("button", { name: "Download report.csv" });
  await button.waitFor();
  await ui.shot("run-files");
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  assert.equal(download.suggestedFilename(), "report.csv");
  const saved = readFileSync(await download.path());
  const direct = await server.api(`/runs/${runId}/files/report.csv/download`);
  assert.equal(direct.status, 200);
  assert.ok(saved.length > 0);
  assert.deepEqual(new Uint8Array(saved), direct.bytes);
});

test("reloading during a slow run rejoins it and follows it to the end", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Summarise my inbox simulate:slow" });
  await page.waitForFunction(() => (document.querySelector('[data-testid="agent-text"]')?.textContent ?? "").length > 3);
  const before = (await transcriptText()).length;
  await page.reload();
  await page.getByTestId("live-run").waitFor();
  await waitForStatus("running");
  // The rejoin replays the history, then keeps growing.
  await page.waitForFunction(
    (at) => Array.from(document.querySelectorAll('[data-testid="agent-text"]')).map((e) => e.textContent).join("").length > at,
    before,
  );
  await ui.shot("run-rejoined");
  await waitForStatus("completed", 90_000);
  const run = await server.waitForRun(runId, { timeoutMs: 90_000 });
  assert.equal(words(await transcriptText()), words(run.output));
  await ui.shot("run-rejoined-completed");
});

test("history: runs are listed and filtered; a finished run reopens with its output, and a reply continues it", async () => {
  await go("/runs");
  await heading("Runs").waitFor();
  await page.locator("tbody tr").first().waitFor();
  const all = (await server.api("/runs/?limit=100")).json.data;
  assert.equal(await page.locator("tbody tr").count(), Math.min(all.length, 20));
  await page.getByRole("combobox", { name: "Status" }).selectOption("awaiting_approval");
  await page.getByText("No runs match").waitFor();
  await page.getByRole("combobox", { name: "Status" }).selectOption("completed");
  await page.locator("tbody tr").first().waitFor();
  for (const badge of await page.locator("tbody .badge").allTextContents()) assert.equal(badge, "completed");
  await ui.shot("runs-history");

  // A report run, opened from the list and reloaded: read back from the API, not the tab's memory.
  const report = all.find((run) => run.status === "completed" && /report/.test(run.output ?? ""));
  assert.ok(report, "the earlier report run is in the history");
  await page.getByRole("link", { name: `#${report.id}`, exact: true }).click();
  await page.waitForURL(new RegExp(`/runs/${report.id}$`));
  await page.reload();
  await waitForStatus("completed");
  assert.equal(words(await transcriptText()), words(report.output));
  await page.getByRole("button", { name: "Download report.csv" }).waitFor();

  await page.fill("textarea[name=reply]", "Thanks. Also pull MRR from Stripe again.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.locator(".turn-user", { hasText: "Also pull MRR" }).waitFor();
  await waitForStatus("completed");
  const after = await server.waitForRun(report.id);
  assert.ok(words(await transcriptText()).endsWith(words(after.output)), "the reply's text is shown after the first turn's");
  await ui.shot("run-replied");
});

test("agent output and names with HTML show as text and run nothing", async () => {
  const payload = `<img src=x onerror=alert(1)> and <script>window.__pwned = 1</script>`;
  await startRun({ teammate: TEAMMATE, message: `Repeat this: ${payload}` });
  await waitForStatus("completed");
  const text = await page.getByTestId("transcript").textContent();
  assert.ok(text.includes("<img src=x onerror=alert(1)>"), "the agent's echo shows the tag as text");
  assert.ok(text.includes("<script>"), "the script tag shows as text");
  assert.equal(await page.getByTestId("transcript").locator("img, script").count(), 0, "no element was made from agent output");
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(ui.record.dialogs, [], "no alert ran");
  await ui.shot("run-html-as-text");
});

test("a task with a schedule trigger shows its next run", async () => {
  await go("/tasks");
  await heading("Tasks").waitFor();
  await page.getByText("No tasks yet").waitFor();
  await ui.shot("tasks-empty");
  await page.locator("select[name=teammate] option", { hasText: TEAMMATE }).waitFor({ state: "attached" });
  await page.selectOption("select[name=teammate]", { label: TEAMMATE });
  await page.fill("input[name=name]", "Morning briefing");
  await page.fill("textarea[name=instructions]", "Check my inbox and post a summary to #general.");
  await page.getByRole("button", { name: "Create task" }).click();
  await page.waitForURL(/\/tasks\/\d+$/);
  const taskId = Number(new URL(page.url()).pathname.split("/").pop());
  await page.getByText("No triggers").waitFor();
  await page.fill("input[name=cron]", "0 9 * * 1-5");
  await page.fill("input[name=timezone]", "Europe/Berlin");
  await page.getByRole("button", { name: "Add trigger" }).click();
  const nextRun = page.getByTestId("next-run");
  await nextRun.waitFor();
  const triggers = (await server.api(`/tasks/${taskId}/triggers`)).json;
  const list = Array.isArray(triggers) ? triggers : triggers.data;
  const schedule = list.find((t) => t.type === "schedule");
  assert.equal(schedule.cron, "0 9 * * 1-5");
  assert.equal(schedule.timezone, "Europe/Berlin");
  assert.ok(schedule.next_run, "the server computed a next run");
  assert.equal(await nextRun.textContent(), `Next run: ${schedule.next_run}`);
  await ui.shot("task-trigger");

  // "Run now" opens the task's run live.
  await page.getByRole("button", { name: "Run now" }).click();
  await page.waitForURL(/\/runs\/\d+$/);
  const runId = Number(new URL(page.url()).pathname.split("/").pop());
  await waitForStatus("completed");
  assert.equal((await server.waitForRun(runId)).task_id ?? taskId, taskId);
  await ui.shot("task-run-now");

  // Edit, delete the trigger, then archive after asking.
  await go(`/tasks/${taskId}`);
  await page.getByTestId("trigger").waitFor();
  await page.fill("input[name=name]", "Morning briefing, weekdays");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await server.api(`/tasks/${taskId}`)).json.name, "Morning briefing, weekdays");
  await page.getByTestId("trigger").getByRole("button", { name: "Delete" }).click();
  await page.getByText("No triggers").waitFor();
  const left = (await server.api(`/tasks/${taskId}/triggers`)).json;
  assert.equal((Array.isArray(left) ? left : left.data).length, 0);
  await page.getByRole("button", { name: "Archive…" }).click();
  await page.getByRole("button", { name: "Yes, archive" }).click();
  await page.waitForURL(/\/tasks$/);
  assert.equal((await server.api(`/tasks/${taskId}`)).json.status, "archived");
  await page.getByText("No tasks yet").waitFor();
});

test("webhooks: the secret shows once, rotates, and deliveries are listed", async () => {
  await go("/webhooks");
  await page.getByText("No endpoints yet").waitFor();
  await page.fill("input[name=url]", "https://hooks.example.com/m8tes");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secretBox = page.getByTestId("webhook-secret");
  await secretBox.waitFor();
  const first = (await secretBox.locator("code").textContent()).trim();
  assert.match(first, /^[0-9a-f]{32,}$/i, "the full secret is shown at creation");
  await ui.shot("webhook-created");
  await page.getByRole("link", { name: "Open the new endpoint" }).click();
  await page.waitForURL(/\/webhooks\/\d+$/);
  const hookId = Number(new URL(page.url()).pathname.split("/").pop());
  // The detail page never shows the full secret again, only its masked form.
  assert.ok(!(await page.textContent("body")).includes(first));
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await secretBox.waitFor();
  const rotated = (await secretBox.locator("code").textContent()).trim();
  assert.match(rotated, /^[0-9a-f]{32,}$/i);
  assert.notEqual(rotated, first, "rotation mints a new secret");

  // A finished run makes a delivery to this endpoint.
  const run = await server.api("/runs/", { method: "POST", body: { message: "Say hello", teammate_id: teammateId, stream: false } });
  await server.waitForRun(run.json.id);
  let listed = false;
  for (let i = 0; i < 50 && !listed; i++) {
    await page.getByRole("button", { name: "Refresh" }).click();
    listed = await page.getByTestId("delivery").first().isVisible().catch(() => false);
    if (!listed) await page.waitForTimeout(200);
  }
  assert.ok(listed, "a delivery row appears");
  const row = page.getByTestId("delivery").first();
  assert.match(await row.textContent(), /run\.completed/);
  const deliveries = (await server.api(`/webhooks/${hookId}/deliveries`)).json.data;
  assert.ok(deliveries.length >= 1);
  assert.match(await row.textContent(), new RegExp(`#${deliveries[0].run_id}`));
  await ui.shot("webhook-deliveries");
});

test("users: add a memory and see it kept", async () => {
  await go("/users");
  await heading("Users").waitFor();
  await page.fill("input[name=user_id]", "alice@example.com");
  await page.fill("input[name=name]", "Alice");
  await page.getByRole("button", { name: "Add user" }).click();
  await page.waitForURL(/\/users\/.+/);
  await page.getByText("Nothing remembered yet").waitFor();
  await page.fill("input[name=memory]", "Prefers short answers");
  await page.getByRole("button", { name: "Add memory" }).click();
  await page.getByTestId("memory").filter({ hasText: "Prefers short answers" }).waitFor();
  const memories = (await server.api(`/memories/?user_id=${encodeURIComponent("alice@example.com")}`)).json.data;
  assert.deepEqual(memories.map((m) => m.content), ["Prefers short answers"]);
  await page.fill("input[name=tool]", "gmail");
  await page.getByRole("button", { name: "Pre-approve" }).click();
  await page.getByRole("list", { name: "Pre-approved tools" }).getByText("gmail").waitFor();
  await ui.shot("user-detail");
});

test("apps: connect follows the authorization page and comes back connected", async () => {
  await go("/apps");
  await heading("Apps").waitFor();
  const row = page.locator("li", { has: page.getByRole("heading", { name: "Gmail", exact: true }) });
  await row.getByRole("button", { name: "Connect" }).click();
  await page.waitForURL(/\/apps\/gmail\/authorize/);
  await page.locator("#authorize").click();
  await page.waitForURL(/\/apps(\?|$)/);
  await page.getByRole("status").filter({ hasText: "gmail is connected" }).waitFor();
  await row.getByText("connected", { exact: true }).waitFor();
  const apps = (await server.api("/apps/")).json.data;
  assert.equal(apps.find((app) => app.name === "gmail").connected, true);
  await ui.shot("apps-connected");
  await row.getByRole("button", { name: "Disconnect" }).click();
  await row.getByRole("button", { name: "Connect" }).waitFor();
  assert.equal((await server.api("/apps/")).json.data.find((app) => app.name === "gmail").connected, false);
});

test("keyboard only: reach the menu, start a run in approval mode and allow its tool", async () => {
  await go("/teammates");
  await heading("Teammates").waitFor();
  // From the top of the page, Tab walks the menu in order; Enter follows a link.
  await page.evaluate(() => document.activeElement?.blur());
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = (await focusedText()) === "Run";
  }
  assert.ok(reached, "Tab reaches the Run link of the menu");
  await page.keyboard.press("Enter");
  await heading("Start a run").waitFor();

  await page.locator("select[name=teammate] option", { hasText: TEAMMATE }).waitFor({ state: "attached" });
  await page.focus("select[name=teammate]");
  // Arrow keys move a closed <select>'s choice; Ops Mate is the one teammate after Quick start.
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("select[name=teammate]"), String(teammateId));
  await page.focus("textarea[name=message]");
  await page.keyboard.type("Post to #general that the release is out.");
  await page.focus("select[name=permission_mode]");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("select[name=permission_mode]"), "approval");
  // Enter in a one-line field submits its form.
  await page.focus("input[name=user_id]");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/runs\/\d+$/);
  const runId = Number(new URL(page.url()).pathname.split("/").pop());

  const card = page.getByTestId("approval-card");
  await card.waitFor();
  await card.getByRole("checkbox").focus();
  await page.keyboard.press("Tab");
  assert.equal(await focusedText(), "Allow", "Tab moves from 'Remember' to Allow");
  await page.keyboard.press("Enter");
  await waitForStatus("completed");
  assert.equal((await server.api(`/runs/${runId}/permissions`)).json[0].status, "allowed");
  // A tool card opens from the keyboard too.
  const summary = page.getByTestId("tool-card").first().locator("summary");
  await summary.focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("tool-card").first().getByText("Arguments").waitFor();
  await ui.shot("keyboard-run-allowed");
});

test("errors read as sentences: not found, and a refused field named", async () => {
  await ui.expectingErrors(/status of 404/, async () => {
    await go("/teammates/999999");
    await page.getByRole("alert").filter({ hasText: /^Not found: .*999999.*\.$/ }).waitFor();
    await ui.shot("teammate-not-found");
    // A run that does not exist shows why, and no controls for a run that is not there.
    await go("/runs/999999");
    await page.getByRole("alert").filter({ hasText: /^Not found: / }).waitFor();
    assert.equal(await page.getByRole("button", { name: /Cancel run|Rejoin|Send reply/ }).count(), 0);
    await ui.shot("run-not-found");
  });
  await ui.expectingErrors(/status of 422/, async () => {
    await go("/webhooks");
    await heading("Webhooks").waitFor();
    await page.fill("input[name=url]", "ftp://hooks.example.com/m8tes");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByRole("alert").filter({ hasText: "That was not accepted: url must use http or https." }).waitFor();
    await ui.shot("webhook-refused");
  });
  assert.equal(await page.inputValue("input[name=url]"), "ftp://hooks.example.com/m8tes", "the refused form keeps what was typed");
  // Typed text is regular weight, though its label is bold (the stylesheet's one input rule).
  assert.equal(await page.$eval("input[name=url]", (input) => getComputedStyle(input).fontWeight), "400");
  const hooks = (await server.api("/webhooks/")).json.data;
  assert.ok(!hooks.some((hook) => hook.url.startsWith("ftp:")), "nothing was created");
});

test("a rate-limited server: loading shown while waiting, the wait said in seconds, an unreachable API said plainly", async () => {
  // A second real server with a small per-minute budget, so a real 429 can be reached.
  const limited = await startServer({ speed: "instant", extraArgs: ["--console-dir", dist, "--rate-limit", "40"] });
  try {
    await page.goto(`${limited.origin}/connect`);
    await page.fill("input[name=api_key]", limited.apiKey);
    // Hold the first teammates list at the browser until "Loading…" has been seen; it then
    // goes on to the real server unchanged.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route(/\/api\/v2\/teammates\/\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("button", { name: "Connect" }).click();
    await heading("Teammates").waitFor();
    await page.getByRole("status").filter({ hasText: "Loading…" }).waitFor();
    await ui.shot("teammates-loading");
    release();
    await page.getByText("No teammates yet").waitFor();
    await page.unrouteAll();

    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByText("No endpoints yet").waitFor();
    // Spend the rest of this minute's budget directly, then ask through the page.
    let probe;
    for (let i = 0; i < 60; i++) {
      probe = await limited.api("/usage");
      if (probe.status === 429) break;
    }
    assert.equal(probe.status, 429, "the server's budget ran out");
    const retryAfter = Number(probe.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    await ui.expectingErrors(/status of 429/, async () => {
      await page.fill("input[name=url]", "https://hooks.example.com/limited");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const alert = page.getByRole("alert").filter({ hasText: /^Too many requests: try again in \d+ s\.$/ });
      await alert.waitFor();
      const seconds = Number((await alert.textContent()).match(/in (\d+) s/)[1]);
      assert.ok(seconds >= 1 && seconds <= retryAfter, `the wait said (${seconds} s) is the server's (≤ ${retryAfter} s)`);
    });
    await ui.shot("rate-limited");

    // The server goes away: the next page says so in words (after the client's retries).
    await limited.stop();
    await ui.expectingErrors(/ERR_CONNECTION_REFUSED/, async () => {
      await page.getByRole("link", { name: "Runs", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: /^Could not reach the API: check the base URL/, visible: true }).first().waitFor();
      // The page's other fetch, the teammate filter's options, retries too: it says its failure
      // in a disabled option (a <select> shows nothing else), and it fails inside this window.
      await page
        .locator("select option[disabled]", { hasText: /^Could not reach the API/ })
        .waitFor({ state: "attached" });
      // The page keeps asking the dead server (its 2 s probe, the rows' retries) while the
      // shot is taken, so the allowance lasts until the page is left for the main server.
      await ui.shot("api-unreachable");
      await go("/teammates");
    });
  } finally {
    await page.unrouteAll();
    await limited.stop();
  }
  // Back to the main server; its tab storage is per origin and was kept.
  await go("/teammates");
  await heading("Teammates").waitFor();
});

test("server strings with HTML (a teammate's name, its role) show as text and run nothing", async () => {
  const name = `<img src=x onerror="window.__pwned=3">Evil <b>bold</b>`;
  const created = await server.api("/teammates/", { method: "POST", body: { name, role: "<script>window.__pwned=4</script>" } });
  assert.equal(created.status, 201, created.text);
  await go("/teammates");
  const link = page.getByRole("link", { name: /Evil/ });
  await link.waitFor();
  assert.equal(await link.textContent(), name);
  assert.equal(await page.locator("main").locator("img, b, script").count(), 0, "no element was made from server strings");
  await link.click();
  await heading(name).waitFor();
  assert.equal(await page.inputValue("input[name=role]"), "<script>window.__pwned=4</script>");
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await ui.shot("teammate-html-name");

  // Edit: the saved role is what the server holds.
  await page.fill("input[name=role]", "Reviewer");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await server.api(`/teammates/${created.json.id}`)).json.role, "Reviewer");
  // The email inbox: enabled, its address shown with a copy button, then disabled again.
  await page.getByRole("button", { name: "Enable email inbox" }).click();
  const address = page.locator("code", { hasText: "@" });
  await address.waitFor();
  const inbox = (await server.api(`/teammates/${created.json.id}`)).json;
  assert.equal(inbox.inbound_email_enabled, true);
  assert.equal((await address.textContent()).trim(), inbox.email_address);
  await page.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("button", { name: "Enable email inbox" }).waitFor();
  assert.equal((await server.api(`/teammates/${created.json.id}`)).json.inbound_email_enabled, false);
  // Archive asks first; "Keep" changes nothing, "Yes, archive" archives.
  await page.getByRole("button", { name: "Archive…" }).click();
  await page.getByText("Archive this teammate?").waitFor();
  await page.getByRole("button", { name: "Keep" }).click();
  assert.notEqual((await server.api(`/teammates/${created.json.id}`)).json.status, "archived", "Keep archives nothing");
  await page.getByRole("button", { name: "Archive…" }).click();
  await page.getByRole("button", { name: "Yes, archive" }).click();
  await page.waitForURL(/\/teammates$/);
  assert.equal((await server.api(`/teammates/${created.json.id}`)).json.status, "archived");
});

test("cancel: a slow run stops when asked, and the page and the server agree", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Summarise my inbox simulate:slow" });
  await page.getByRole("button", { name: "Cancel run" }).click();
  await waitForStatus("cancelled");
  assert.equal((await server.waitForRun(runId)).status, "cancelled");
  await page.getByRole("button", { name: "Cancel run" }).waitFor({ state: "detached" });
  await ui.shot("run-cancelled");
});

test("users: a long list pages with Next and Previous", async () => {
  for (let i = 0; i < 21; i++) {
    const made = await server.api("/users/", { method: "POST", body: { user_id: `pager-${String(i).padStart(2, "0")}` } });
    assert.equal(made.status, 201, made.text);
  }
  const first = (await server.api("/users/?limit=20")).json;
  assert.ok(first.has_more);
  await go("/users");
  const rows = page.getByRole("list", { name: "Users" }).locator("li");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 20);
  const previous = page.getByRole("button", { name: "Previous" });
  const next = page.getByRole("button", { name: "Next" });
  assert.ok(await previous.isDisabled(), "no page before the first");
  await next.click();
  const second = (await server.api(`/users/?limit=20&starting_after=${first.data.at(-1).id}`)).json.data;
  await page.getByRole("link", { name: second[0].user_id, exact: true }).waitFor();
  assert.equal(await rows.count(), second.length);
  await ui.shot("users-page-2");
  await previous.click();
  await page.getByRole("link", { name: first.data[0].user_id, exact: true }).waitFor();
  assert.equal(await rows.count(), 20);
});

test("apps: a connection made for one user is that user's only", async () => {
  const user = "alice@example.com";
  await go("/apps");
  const filter = page.getByLabel("For user");
  await filter.fill(user);
  await filter.press("Enter");
  const row = page.locator("li", { has: page.getByRole("heading", { name: "Notion", exact: true }) });
  await row.getByText("not connected", { exact: true }).waitFor();
  await row.getByRole("button", { name: "Connect" }).click();
  await page.waitForURL(/\/apps\/notion\/authorize/);
  await page.locator("#authorize").click();
  await page.waitForURL(/\/apps(\?|$)/);
  await page.getByRole("status").filter({ hasText: "notion is connected" }).waitFor();
  const forUser = (await server.api(`/apps/?user_id=${encodeURIComponent(user)}`)).json.data;
  const forAccount = (await server.api("/apps/")).json.data;
  assert.equal(forUser.find((app) => app.name === "notion").connected, true);
  assert.equal(forAccount.find((app) => app.name === "notion").connected, false, "the account itself is not connected");
  // The page, back on the whole account, says not connected; for the user, connected.
  await row.getByText("not connected", { exact: true }).waitFor();
  await filter.fill(user);
  await filter.press("Enter");
  await row.getByText("connected", { exact: true }).waitFor();
  await ui.shot("apps-for-user");
});

test("apps: an authorization address that is not a web page is refused, not opened", async () => {
  await go("/apps");
  await heading("Apps").waitFor();
  // A hostile server, played by answering the connect call in the browser: the one fault here.
  await page.route(/\/api\/v2\/apps\/slack\/connect$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ authorization_url: "javascript:window.__pwned=5", connection_id: "conn_hostile" }),
    }),
  );
  try {
    const row = page.locator("li", { has: page.getByRole("heading", { name: "Slack", exact: true }) });
    await row.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").filter({ hasText: "authorization address is not a web page" }).waitFor();
  } finally {
    await page.unrouteAll();
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.match(page.url(), /\/apps$/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("m8tes.console.pending_app")), null, "nothing is left pending");
});

test("the smaller actions reach the server: deny a tool, pause an endpoint, delete a memory, save a setting", async () => {
  // Deny: the gate is recorded as denied and the run still ends.
  const runId = await startRun({ teammate: TEAMMATE, message: "Post to #general that lunch is here.", mode: "approval" });
  const card = page.getByTestId("approval-card");
  await card.getByRole("button", { name: "Deny" }).click();
  await page.waitForFunction(
    () => ["completed", "failed"].includes(document.querySelector('[data-testid="run-status"]')?.textContent),
  );
  assert.equal((await server.api(`/runs/${runId}/permissions`)).json[0].status, "denied");
  await page.locator(".gate-card.resolved .badge", { hasText: "denied" }).waitFor();
  await ui.shot("run-denied");

  // Pause a webhook endpoint.
  const hook = (await server.api("/webhooks/")).json.data[0];
  await go(`/webhooks/${hook.id}`);
  await page.getByLabel(/^Active/).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await server.api(`/webhooks/${hook.id}`)).json.active, false);
  // Deleting an endpoint asks first; Keep leaves it, "Yes, delete" removes it.
  const spare = (await server.api("/webhooks/", { method: "POST", body: { url: "https://hooks.example.com/spare" } })).json;
  await go(`/webhooks/${spare.id}`);
  await page.getByRole("button", { name: "Delete endpoint…" }).click();
  await page.getByText("Delete this endpoint?").waitFor();
  await page.getByRole("button", { name: "Keep" }).click();
  assert.equal((await server.api(`/webhooks/${spare.id}`)).status, 200, "Keep deletes nothing");
  await page.getByRole("button", { name: "Delete endpoint…" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await page.waitForURL(/\/webhooks$/);
  assert.equal((await server.api(`/webhooks/${spare.id}`)).status, 404);

  // Delete a memory.
  await go(`/users/${encodeURIComponent("alice@example.com")}`);
  const memory = page.getByTestId("memory").filter({ hasText: "Prefers short answers" });
  await memory.getByRole("button", { name: "Delete" }).click();
  await page.getByText("Nothing remembered yet").waitFor();
  assert.deepEqual((await server.api(`/memories/?user_id=${encodeURIComponent("alice@example.com")}`)).json.data, []);

  // Save a setting.
  const before = (await server.api("/settings")).json.company_research;
  await go("/settings");
  const research = page.getByLabel(/^Company research/);
  await research.waitFor();
  await research.setChecked(!before);
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await server.api("/settings")).json.company_research, !before);
});

// SDK 4.49's run-centric calls (issue 11): needs-you, outcome, retry and archive.

const mainMenu = () => page.getByRole("navigation", { name: "Main" });
const needsYouCount = async () => (await server.api("/runs/needs-you")).json.count;

/** The menu's count as shown: the badge's number, or 0 when it is not there. */
async function menuCount() {
  const badge = mainMenu().getByTestId("needs-you-badge");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("needs you: a run waiting on approval is counted in the menu, listed, and answered from its page", async () => {
  const before = await needsYouCount();
  const runId = await startRun({ teammate: TEAMMATE, message: "Post to #general that the release is out.", mode: "approval" });
  await waitForStatus("awaiting_approval");

  // Every page carries the count; a page change reads it again.
  await go("/teammates");
  await heading("Teammates").waitFor();
  await mainMenu().getByTestId("needs-you-badge").filter({ hasText: String(before + 1) }).waitFor();
  assert.equal(await needsYouCount(), before + 1, "the server counts the waiting run");

  await mainMenu().getByRole("link", { name: /Needs you/ }).click();
  await heading("Needs you").waitFor();
  const count = page.getByTestId("needs-you-count");
  await count.waitFor();
  assert.match(await count.textContent(), new RegExp(`^${before + 1} runs? (is|are) waiting on you`));
  const items = page.getByTestId("needs-you-item");
  const listed = (await server.api("/runs/needs-you")).json.items;
  assert.equal(await items.count(), listed.length);
  const item = items.filter({ has: page.locator(`a[href="/runs/${runId}"]`) });
  await item.waitFor();
  const served = listed.find((entry) => entry.run_id === runId);
  assert.ok(served, "the server lists the run");
  assert.ok((await item.textContent()).includes(served.title), "the title is the server's");
  await ui.shot("needs-you");

  // Its link leads to the run's page, where the gate is answered.
  await item.getByRole("link", { name: served.title }).click();
  await page.waitForURL(new RegExp(`/runs/${runId}$`));
  await page.getByTestId("approval-card").getByRole("button", { name: "Allow" }).click();
  await waitForStatus("completed");
  assert.equal((await server.waitForRun(runId)).status, "completed");

  await go("/needs-you");
  await heading("Needs you").waitFor();
  await page.locator(".loading").first().waitFor({ state: "detached" });
  assert.equal(await page.locator(`a[href="/runs/${runId}"]`).count(), 0, "an answered run is no longer listed");
  assert.equal(await needsYouCount(), before);
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid="needs-you-badge"]')?.textContent ?? 0) === want,
    before,
  );
  assert.equal(await menuCount(), before);
});

test("outcome: a finished run shows its outcome and its structured output as data, never as HTML", async () => {
  const schema = {
    type: "object",
    properties: { headline: { type: "string" }, items: { type: "integer" }, tags: { type: "array", items: { type: "string" } } },
    required: ["headline", "items"],
  };
  const payload = "<img src=x onerror=alert(2)> <b>bold</b>";
  const teammate = (await server.api("/teammates/?limit=100")).json.data.find((t) => t.name === TEAMMATE);
  const created = await server.api("/runs/", {
    method: "POST",
    body: { message: `Repeat this: ${payload}`, teammate_id: teammate.id, stream: false, output_schema: schema },
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const run = await server.waitForRun(created.json.id);
  assert.equal(run.status, "completed");
  const outcome = (await server.api(`/runs/${run.id}/outcome`)).json;
  assert.ok(outcome.output_data, "the server produced output data for the schema");

  await go(`/runs/${run.id}`);
  await waitForStatus("completed");
  const section = page.getByTestId("outcome");
  const data = section.getByTestId("output-data");
  await data.waitFor();
  const keys = await data.locator("dt").allTextContents();
  assert.deepEqual(keys.sort(), Object.keys(outcome.output_data).sort());
  const headline = data.locator("dt", { hasText: "headline" }).locator("xpath=following-sibling::dd[1]");
  assert.equal(await headline.textContent(), outcome.output_data.headline);
  const items = data.locator("dt", { hasText: "items" }).locator("xpath=following-sibling::dd[1]");
  assert.equal(JSON.parse(await items.textContent()), outcome.output_data.items);
  if (outcome.summary) {
    assert.equal(words(await section.getByTestId("outcome-summary").textContent()), words(outcome.summary));
  }
  await section.getByText(`${outcome.message_count} messages · ${outcome.total_tokens} tokens`).waitFor();
  assert.equal(await section.locator("img, script, b").count(), 0, "no element was made from the output");
  assert.deepEqual(ui.record.dialogs, [], "no alert ran");
  await ui.shot("run-outcome");
});

let retriedRunId;

test("retry: a cancelled run that already acted is retried after confirming, into a new run", async () => {
  const runId = await startRun({ teammate: TEAMMATE, message: "Check my email inbox and summarise it simulate:slow" });
  // Let it act (a tool call), so a retry may repeat that and must be confirmed.
  await page.getByTestId("tool-card").filter({ hasText: "· done" }).first().waitFor();
  await page.getByRole("button", { name: "Cancel run" }).click();
  await waitForStatus("cancelled");
  assert.equal((await server.waitForRun(runId)).status, "cancelled");

  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByText("This run already acted").waitFor();
  await ui.shot("run-retry-confirm");
  // Keep asks nothing of the server.
  await page.getByRole("button", { name: "Keep" }).click();
  assert.equal((await server.api(`/runs/${runId}`)).json.retried_by_run_id ?? null, null, "Keep retries nothing");

  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("button", { name: "Yes, retry" }).click();
  await page.waitForURL((url) => /\/runs\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${runId}`));
  retriedRunId = Number(new URL(page.url()).pathname.split("/").pop());
  assert.notEqual(retriedRunId, runId);
  const retried = (await server.api(`/runs/${retriedRunId}`)).json;
  assert.equal(retried.retry_of_run_id, runId, "the new run is the retry of the cancelled one");
  assert.equal((await server.api(`/runs/${runId}`)).json.status, "cancelled", "the original stays as it was");
  await page.getByTestId("live-run").waitFor();
  await waitForStatus("completed", 90_000);
  assert.equal((await server.waitForRun(retriedRunId, { timeoutMs: 90_000 })).status, "completed");
  await ui.shot("run-retried");
});

test("archive: a run archived from its page leaves the runs list, is found with the toggle, and unarchives", async () => {
  const runId = retriedRunId;
  assert.ok(runId, "the retry test left a run");
  await go(`/runs/${runId}`);
  await waitForStatus("completed");
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await page.getByTestId("run-archived").waitFor();
  assert.equal((await server.api(`/runs/${runId}`)).json.archived, true);
  await ui.shot("run-archived");

  await go("/runs");
  await heading("Runs").waitFor();
  await page.locator("tbody tr").first().waitFor();
  assert.equal(await page.getByRole("link", { name: `#${runId}`, exact: true }).count(), 0, "hidden from the default list");
  await page.getByLabel("Show archived runs").check();
  const row = page.locator("tbody tr", { has: page.getByRole("link", { name: `#${runId}`, exact: true }) });
  await row.waitFor();
  await row.locator(".badge", { hasText: "archived" }).waitFor();
  await ui.shot("runs-with-archived");

  await row.getByRole("link", { name: `#${runId}`, exact: true }).click();
  await page.waitForURL(new RegExp(`/runs/${runId}$`));
  await page.getByRole("button", { name: "Unarchive" }).click();
  await page.getByTestId("run-archived").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Archive", exact: true }).waitFor();
  assert.equal((await server.api(`/runs/${runId}`)).json.archived, false);
});

test("a task's lessons are listed, one deleted, the rest cleared; its webhook pauses and resumes keeping its URL", async () => {
  const teammate = (await server.api("/teammates/?limit=100")).json.data.find((t) => t.name === TEAMMATE);
  const task = (await server.api("/tasks/", {
    method: "POST",
    body: { teammate_id: teammate.id, name: "Weekly digest", instructions: "Write the digest.\nLesson: cite sources\nLesson: be brief | when: on Mondays" },
  })).json;
  const run = (await server.api(`/tasks/${task.id}/runs`, { method: "POST", body: { stream: false } })).json;
  await server.waitForRun(run.id);
  assert.equal((await server.api(`/tasks/${task.id}/lessons`)).json.data.length, 2, "the run taught two lessons");

  await go(`/tasks/${task.id}`);
  await heading("Weekly digest").waitFor();
  const lessons = page.getByTestId("lesson");
  await lessons.first().waitFor();
  assert.equal(await lessons.count(), 2);
  await lessons.filter({ hasText: "be brief" }).getByText("When: on Mondays").waitFor();
  await page.getByTestId("lessons-capacity").waitFor();
  await ui.shot("task-lessons");
  await lessons.filter({ hasText: "cite sources" }).getByRole("button", { name: "Delete" }).click();
  await lessons.filter({ hasText: "cite sources" }).waitFor({ state: "detached" });
  assert.deepEqual((await server.api(`/tasks/${task.id}/lessons`)).json.data.map((l) => l.text), ["be brief"]);
  await page.getByRole("button", { name: "Clear all lessons…" }).click();
  await page.getByRole("button", { name: "Yes, clear" }).click();
  await page.getByText("No lessons yet").waitFor();
  assert.deepEqual((await server.api(`/tasks/${task.id}/lessons`)).json.data, []);

  // The webhook trigger pauses without revoking: the same URL comes back on resume.
  await page.selectOption("select[name=trigger_type]", "webhook");
  await page.getByRole("button", { name: "Add trigger" }).click();
  const hook = page.getByTestId("trigger").filter({ hasText: "webhook" });
  await hook.getByRole("button", { name: "Pause" }).click();
  await hook.getByTestId("trigger-paused").waitFor();
  const paused = (await server.api(`/tasks/${task.id}/triggers`)).json.find((t) => t.type === "webhook");
  assert.equal(paused.enabled, false);
  assert.equal((await fetch(paused.url, { method: "POST", body: "{}" })).status, 409, "a paused URL starts nothing");
  await ui.shot("task-webhook-paused");
  await hook.getByRole("button", { name: "Resume" }).click();
  await hook.getByRole("button", { name: "Pause" }).waitFor();
  const resumed = (await server.api(`/tasks/${task.id}/triggers`)).json.find((t) => t.type === "webhook");
  assert.deepEqual([resumed.enabled, resumed.url], [true, paused.url], "resumed with the same URL");
});

test("teammates: pause and resume (disable, enable); archived ones behind a toggle, unarchived from the list", async () => {
  const made = (await server.api("/teammates/", { method: "POST", body: { name: "Seasonal Mate" } })).json;
  await go(`/teammates/${made.id}`);
  await heading("Seasonal Mate").waitFor();
  await page.getByRole("button", { name: "Pause teammate" }).click();
  await page.getByTestId("teammate-status").filter({ hasText: "disabled" }).waitFor();
  assert.equal((await server.api(`/teammates/${made.id}`)).json.status, "disabled");
  await page.getByRole("button", { name: "Resume teammate" }).click();
  await page.getByTestId("teammate-status").filter({ hasText: "enabled" }).waitFor();
  assert.equal((await server.api(`/teammates/${made.id}`)).json.status, "enabled");

  // Its webhook URL pauses and resumes in place.
  await page.getByRole("button", { name: "Enable webhook URL" }).click();
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByTestId("webhook-paused").waitFor();
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await page.getByTestId("webhook-paused").waitFor({ state: "detached" });

  await page.getByRole("button", { name: "Archive…" }).click();
  await page.getByRole("button", { name: "Yes, archive" }).click();
  await page.waitForURL(/\/teammates$/);
  await page.locator(".loading").first().waitFor({ state: "detached" });
  assert.equal(await page.getByRole("link", { name: "Seasonal Mate" }).count(), 0, "archived teammates are hidden by default");
  await page.getByLabel("Show archived teammates").check();
  const row = page.locator("li", { has: page.getByRole("link", { name: "Seasonal Mate" }) });
  await row.waitFor();
  await ui.shot("teammates-with-archived");
  await row.getByRole("button", { name: "Unarchive" }).click();
  await row.locator(".badge", { hasText: "disabled" }).waitFor();
  assert.equal((await server.api(`/teammates/${made.id}`)).json.status, "disabled", "an unarchived teammate comes back paused");
});

test("agent Markdown is rendered as elements, never as HTML; only http(s) links are links", async () => {
  const message = "Say **bold**, `npm test`, [docs](https://example.com/docs), [evil](javascript:alert(1)) <img src=x onerror=alert(2)>";
  const runId = await startRun({ teammate: TEAMMATE, message });
  await waitForStatus("completed");
  const text = page.getByTestId("agent-text").first();
  await text.locator("strong", { hasText: "bold" }).waitFor();
  await text.locator("code", { hasText: "npm test" }).waitFor();
  const link = text.getByRole("link", { name: "docs" });
  assert.equal(await link.getAttribute("href"), "https://example.com/docs");
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer nofollow");
  assert.equal(await page.getByTestId("transcript").locator('a[href^="javascript"], img, script').count(), 0);
  assert.match(await text.textContent(), /\[evil\]\(javascript:alert\(1\)\) <img src=x onerror=alert\(2\)>/);
  assert.deepEqual(ui.record.dialogs, [], "no alert ran");
  await ui.shot("run-markdown");
  // Reopened from the API (the run's output, not the stream), it renders the same way.
  await page.reload();
  await waitForStatus("completed");
  await page.getByTestId("agent-text").first().locator("strong", { hasText: "bold" }).waitFor();
  assert.equal((await server.waitForRun(runId)).status, "completed");
});

test("runs list: teammate names, first lines, live status, times, and a text filter; new runs appear without a reload", async () => {
  await go("/runs");
  await heading("Runs").waitFor();
  const rows = page.locator("tbody tr");
  await rows.first().waitFor();
  const first = rows.first();
  await first.getByRole("link", { name: TEAMMATE }).waitFor();
  await first.locator("td.first-line").filter({ hasText: /\S/ }).waitFor();
  const time = first.locator("time");
  assert.match(await time.textContent(), /ago|just now/);
  assert.ok((await time.getAttribute("title")).length > 10, "the exact time on hover");
  const all = (await server.api("/runs/?limit=100")).json.data;
  const withCost = all.find((run) => run.usage?.cost_usd && run.status === "completed");
  assert.ok(withCost, "a completed run has a cost");
  const costRow = rows.filter({ has: page.getByRole("link", { name: `#${withCost.id}`, exact: true }) });
  await costRow.getByText(`$${withCost.usage.cost_usd}`).waitFor();
  assert.match(await costRow.locator("td").nth(5).textContent(), /\d (ms|s)|min/);
  assert.match(await costRow.locator("td").nth(6).textContent(), /^\d+$/);
  await ui.shot("runs-list");

  // Text filters the page shown: by words of the message.
  await page.getByRole("searchbox", { name: "Search" }).fill("MRR");
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll("tbody tr")].filter((r) => !r.hidden);
    return shown.length > 0 && shown.every((r) => /mrr/i.test(r.textContent));
  });
  await ui.shot("runs-filtered");
  await page.getByRole("searchbox", { name: "Search" }).fill("");

  // A run started elsewhere appears through runs.check, live while it works.
  await page.evaluate(() => { window.__sameDocument = true; });
  const made = (await server.api("/runs/", { method: "POST", body: { message: "Summarise my inbox simulate:slow", teammate_id: teammateId, stream: false } })).json;
  const row = rows.filter({ has: page.getByRole("link", { name: `#${made.id}`, exact: true }) });
  await row.waitFor({ timeout: 15_000 });
  await row.locator(".badge", { hasText: "running" }).waitFor();
  await row.locator(".live-dot").waitFor();
  await ui.shot("runs-live");
  await server.api(`/runs/${made.id}/cancel`, { method: "POST" });
  await row.locator(".badge", { hasText: "cancelled" }).waitFor({ timeout: 15_000 });
  assert.equal(await row.locator(".live-dot").count(), 0, "a settled run no longer pulses");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "no reload");
});

test("usage: runs per day stacked by status, tokens, cost and cost by teammate, each with its numbers as text", async () => {
  await go("/usage");
  await heading("Usage").waitFor();
  const chart = page.getByTestId("runs-chart");
  await chart.waitFor();
  const all = (await server.api("/runs/?limit=100&archived=include")).json.data;
  const today = new Date().toISOString().slice(0, 10);
  const todays = all.filter((run) => run.created_at.startsWith(today));
  const total = await chart.locator(`g[data-date="${today}"]`).getAttribute("data-total");
  assert.equal(Number(total), todays.length, "today's bar counts today's runs");
  const completed = todays.filter((run) => run.status === "completed").length;
  await chart.locator("title", { hasText: `${today}: ${completed} completed` }).waitFor({ state: "attached" });
  assert.equal(await chart.locator("g[data-date]").count(), 7);
  // The same numbers as a table, for screen readers and for reading exactly.
  await page.getByText("Runs per day as a table").click();
  const todayRow = page.locator(".chart-table tr", { hasText: today }).first();
  assert.match(await todayRow.textContent(), new RegExp(`${todays.length}$`));
  await page.getByTestId("tokens-chart").locator("rect title", { hasText: today }).waitFor({ state: "attached" });
  await page.getByTestId("cost-chart").locator("rect title", { hasText: today }).waitFor({ state: "attached" });
  await page.getByTestId("teammate-chart").locator("title", { hasText: TEAMMATE }).waitFor({ state: "attached" });
  await ui.shot("usage-7-days");
  await page.getByRole("button", { name: "30 days" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="runs-chart"] g[data-date]').length === 30);
  await ui.shot("usage-30-days");
});

test("keyboard: ? lists the shortcuts, g r goes to Runs, n starts a run, / focuses search", async () => {
  await go("/teammates");
  await heading("Teammates").waitFor();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await sheet.waitFor();
  for (const what of ["Go to Runs", "Start a new run", "Focus search"]) await sheet.getByText(what).waitFor();
  await ui.shot("shortcuts");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  await page.keyboard.press("g");
  await page.keyboard.press("r");
  await heading("Runs").waitFor();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "q");
  // Typed into a field, the keys are the field's.
  await page.keyboard.type("n?");
  assert.equal(await page.getByRole("searchbox", { name: "Search" }).inputValue(), "n?");
  await page.locator("h1").click();
  await page.keyboard.press("n");
  await heading("Start a run").waitFor();
});

test("a toast says how each action went", async () => {
  await go("/settings");
  await heading("Settings and usage").waitFor();
  await page.locator(".loading").first().waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Save" }).first().click();
  await page.getByTestId("toasts").getByText("Settings saved.").waitFor();
  await ui.shot("toast");
});

test("dark mode follows the system's colour scheme", async () => {
  await page.emulateMedia({ colorScheme: "dark" });
  for (const path of ["/runs", "/usage", "/teammates"]) {
    await go(path);
    await page.locator("h1").waitFor();
    await page.locator(".loading").first().waitFor({ state: "detached" });
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(background, "rgb(18, 23, 29)", `${path} is dark`);
    await ui.shot(`dark${path.replace(/\W+/g, "-")}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
});

test("accessibility: axe-core finds no serious or critical violation on any page", async () => {
  for (const path of ["/teammates", "/teammates/new", `/teammates/${teammateId}`, "/run", "/runs", "/needs-you", "/tasks", "/users", "/apps", "/webhooks", "/usage", "/settings"]) {
    await go(path);
    await page.locator("h1").waitFor();
    await page.locator(".loading").first().waitFor({ state: "detached" });
    await ui.audit();
  }
  assert.ok(ui.record.audited.length >= 20, `pages audited: ${ui.record.audited.join(", ")}`);
  assert.deepEqual(ui.record.axe, []);
});

test("every other page renders, also at 375 px wide", async () => {
  for (const [path, title] of [
    ["/runs", "Runs"],
    ["/apps", "Apps"],
    ["/settings", "Settings and usage"],
    ["/users", "Users"],
  ]) {
    await go(path);
    await heading(title).waitFor();
    await page.locator(".loading").first().waitFor({ state: "detached" });
    await ui.shot(`page-${title.toLowerCase().replace(/\W+/g, "-")}`);
  }
  await page.setViewportSize({ width: 375, height: 812 });
  for (const path of ["/runs", "/teammates", "/teammates/1", "/run", "/runs/1", "/tasks", "/tasks/1", "/webhooks", "/webhooks/1", "/users/alice%40example.com", "/apps", "/settings"]) {
    await go(path);
    await page.locator("h1").waitFor();
    await page.locator(".loading").first().waitFor({ state: "detached" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} fits 375 px (overflows by ${overflow} px)`);
    await ui.shot(`narrow${path.replace(/\W+/g, "-")}`);
  }
  await page.setViewportSize({ width: 1100, height: 850 });
});

test("a rejected key anywhere sends you back to Connect with a message", async () => {
  await ui.expectingErrors(/status of 401/, async () => {
    await page.evaluate(() => {
      const kept = JSON.parse(sessionStorage.getItem("m8tes.console.connection"));
      kept.api_key = "m8_revoked_0000000000000000000000000";
      sessionStorage.setItem("m8tes.console.connection", JSON.stringify(kept));
    });
    await go("/teammates");
    await page.waitForURL(/\/connect/);
    await page.getByRole("alert").filter({ hasText: "API key was not accepted" }).waitFor();
  });
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "the bad key is forgotten");
  await ui.shot("connect-after-401");
});

test("remember on this device keeps the key in localStorage; sign out forgets it", async () => {
  await page.fill("input[name=api_key]", server.apiKey);
  await page.getByLabel("Remember on this device").check();
  await page.getByRole("button", { name: "Connect" }).click();
  await heading("Teammates").waitFor();
  assert.deepEqual(
    await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length })),
    { session: 0, local: 1 },
  );
  await page.reload();
  await heading("Teammates").waitFor();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await heading("Connect to m8tes").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
});

test("connect: a ?next= that leads off the console is ignored", async () => {
  await go(`/connect?next=${encodeURIComponent("/\\evil.example/x")}`);
  await heading("Connect to m8tes").waitFor();
  await page.fill("input[name=api_key]", server.apiKey);
  await page.getByRole("button", { name: "Connect" }).click();
  await heading("Teammates").waitFor();
  assert.equal(new URL(page.url()).origin, server.origin);
  assert.equal(new URL(page.url()).pathname, "/teammates");
});

test("no error reached the browser console during the run", () => {
  assert.deepEqual(ui.record.errors, []);
  assert.deepEqual(ui.record.axe, [], "no serious or critical axe-core violation on any page shown");
  assert.deepEqual(ui.record.dialogs, []);
});
