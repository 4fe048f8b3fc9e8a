// Debian's Chromium under Playwright, started the one way every browser suite needs (the npm
// suites' and the console's): headless, as root, with the flags of toolchain.md §6, which keep
// it off the background connections this machine's closed network refuses.
import { chromium } from "playwright-core";

const EXECUTABLE = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export function launchChromium() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
}
