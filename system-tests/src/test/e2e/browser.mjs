// Headless Chromium from the system (Debian's chromium), driven by playwright-core: never a downloaded browser.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BASE_URL = required("BASE_URL");
const SCREENSHOTS = required("SCREENSHOTS");
mkdirSync(SCREENSHOTS, { recursive: true });

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * Launches the browser (Playwright gives it a fresh temporary profile); every page opened through newPage() fails the run if it
 * requests another origin or logs a script error.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: required("CHROMIUM"),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const foreign = [];
  const problems = [];
  return {
    foreign,
    problems,
    async newPage(options) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const origin = new URL(BASE_URL).origin;
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (url.origin !== origin && url.protocol !== "data:") foreign.push(request.url());
      });
      page.on("console", (message) => {
        // A refused request is logged by the browser; the checks decide whether it was expected.
        if (message.type() === "error" && !/status of (401|404|409)/.test(message.text())) {
          problems.push(message.text());
        }
      });
      page.on("pageerror", (error) => problems.push(String(error)));
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, name + ".png"), fullPage: true });
}

/** Runs named checks in order, printing "ok <name>" for each; the first failure ends the run with exit 1. */
export async function run(checks) {
  const session = await launch();
  let failed = false;
  try {
    for (const [name, check] of checks) {
      try {
        await check(session);
        console.log("ok " + name);
      } catch (error) {
        console.log("FAILED " + name + ": " + (error.stack || error));
        failed = true;
        break;
      }
    }
    if (session.foreign.length) {
      console.log("FAILED no third-party requests: " + session.foreign.join(", "));
      failed = true;
    }
    if (session.problems.length) {
      console.log("FAILED no script errors: " + session.problems.join(" | "));
      failed = true;
    }
  } finally {
    await session.close();
  }
  process.exit(failed ? 1 : 0);
}
