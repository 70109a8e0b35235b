// The console's work queue shows what a service refused for good, with the reason, and retries it once its cause is
// fixed. Data and ids come from DeadLetterSystemTest, which fixed the cause before this runs.
import assert from "node:assert/strict";
import { BASE_URL, run, screenshot } from "./browser.mjs";

const seed = JSON.parse(process.env.CONSOLE_SEED);
let page;

await run([
  ["the work queue shows the refused event with its reason", async (session) => {
    page = await session.newPage({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
    await page.goto(`${BASE_URL}/console`);
    await page.getByLabel("API key or access token").fill(seed.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await page.getByRole("link", { name: "Work queue" }).click();
    await page.locator('[data-section="dead-letters"][aria-busy="false"]').waitFor({ timeout: 20000 });
    const row = page.locator(`[data-dead-letter="${seed.deadLetterId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /must be at most 256 characters/);
    assert.match(await row.textContent(), new RegExp(seed.customerId));
    await screenshot(page, "console-dead-letters");
  }],
  ["retrying it after the fix clears it from the queue", async () => {
    await page.locator(`[data-dead-letter="${seed.deadLetterId}"]`).getByRole("button", { name: /Retry/ }).click();
    await page.getByRole("status").filter({ hasText: "Retried" }).waitFor({ timeout: 20000 });
    await page.locator('[data-section="dead-letters"][aria-busy="false"]').waitFor({ timeout: 20000 });
    assert.equal(await page.locator(`[data-dead-letter="${seed.deadLetterId}"]`).count(), 0);
  }],
]);
