// Debian's Chromium driven by playwright-core (started by the npm harness's launcher), and a record
// of everything the page reports: console errors, uncaught exceptions and dialogs. The test
// asserts the record is clean, so an error anywhere in the run fails it.
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../npm/harness/chromium.mjs";

export async function openBrowser({ screenshotDir }) {
  mkdirSync(screenshotDir, { recursive: true });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 850 }, acceptDownloads: true });
  const page = await context.newPage();
  const record = { errors: [], dialogs: [], expected: [], axe: [], audited: [] };
  // Failed responses the test provokes on purpose (a wrong key) are logged by Chromium as
  // console errors; a step declares them and only those exact texts are forgiven.
  let allowance = null;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (allowance && allowance.test(text)) {
      record.expected.push(text);
      return;
    }
    record.errors.push(`console.error: ${text}`);
  });
  page.on("pageerror", (error) => record.errors.push(`uncaught: ${error.message}`));
  page.on("dialog", async (dialog) => {
    record.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  let shots = 0;
  /** A full-page screenshot; the page is audited by axe-core too unless `audit: false` (a
   *  step racing a live stream cannot wait for it). */
  async function shot(name, { audit: audited = true, ...options } = {}) {
    shots += 1;
    const file = join(screenshotDir, `${String(shots).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, ...options });
    if (audited) await audit();
    return file;
  }
  /** axe-core on the page as it is, once per route (ids read as `:id`) and colour scheme
   *  unless `force`; serious and critical violations are recorded for the suite's last test. */
  async function audit({ force = false } = {}) {
    const scheme = await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
    const route = `${new URL(page.url()).pathname.replace(/\/\d+(?=\/|$)/g, "/:id")} (${scheme})`;
    if (!force && record.audited.includes(route)) return;
    record.audited.push(route);
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
      record.axe.push(`${route}: ${v.id} (${v.impact}) at ${where}`);
    }
  }
  /** Runs `step` forgiving console errors that match `pattern` (HTTP failures it provokes). */
  async function expectingErrors(pattern, step) {
    allowance = pattern;
    try {
      return await step();
    } finally {
      allowance = null;
    }
  }
  return { browser, context, page, record, shot, audit, expectingErrors, close: () => browser.close() };
}
