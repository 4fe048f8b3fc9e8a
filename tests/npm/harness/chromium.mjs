// Debian's Chromium under Playwright, started the one way every npm suite needs: headless, as
// root, and without the background connections this machine's closed network refuses.
import { chromium } from "playwright-core";

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
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
}
