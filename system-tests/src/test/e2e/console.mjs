// The CX console in headless Chromium: a staff member signs in with the tenant's key, sees the seeded scores,
// gaps, complaints and ledger as charts, opens the detractor's follow-up in the work queue beside the customer's
// view, records the outcome, and sees the promise ledger change. Data and ids come from WebPagesSystemTest.
import assert from "node:assert/strict";
import { BASE_URL, run, screenshot } from "./browser.mjs";

const seed = JSON.parse(process.env.CONSOLE_SEED);
const DESKTOP = { viewport: { width: 1400, height: 1000 }, locale: "en-GB" };
let page;

async function loaded(section) {
  await page.locator(`[data-section="${section}"][aria-busy="false"]`).waitFor({ timeout: 20000 });
  const error = page.locator(`[data-section="${section}"] .section-error`);
  assert.equal(await error.count(), 0, `${section}: ${await error.allTextContents()}`);
}

async function figure(section, label) {
  return (await page.locator(`[data-section="${section}"] .figure`).filter({ has: page.getByText(label, { exact: true }) })
    .locator("dd").textContent()).trim();
}

let ledgerBefore;

await run([
  ["a wrong key is refused", async (session) => {
    page = await session.newPage(DESKTOP);
    await page.goto(`${BASE_URL}/console`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("API key or access token").fill("exk_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That key or token was not accepted.").waitFor();
    await screenshot(page, "console-sign-in");
  }],
  ["the overview shows the seeded scores as charts", async () => {
    await page.getByLabel("API key or access token").fill(seed.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    for (const section of ["scores", "gaps", "drivers", "pareto", "ledger"]) await loaded(section);
    assert.equal(await figure("scores", "Responses"), "3");
    assert.equal(await figure("scores", "NPS"), "33");
    assert.equal(await figure("scores", "CSAT"), "67 %");
    assert.equal(await figure("scores", "CES"), "3.7");
    for (const chart of ["nps", "csat", "ces"]) {
      assert.ok(await page.locator(`[data-chart="${chart}"] svg circle`).count() >= 1, chart + " has a point");
    }
    const gaps = page.locator('[data-chart="gaps"] svg');
    await gaps.getByText("Reliability", { exact: true }).waitFor();
    await gaps.getByText("Responsiveness", { exact: true }).waitFor();
    assert.equal(await page.locator('[data-chart="gaps"] rect.negative').count(), 1, "one dimension falls short");
    await page.locator('[data-chart="pareto"] svg').getByText("Late delivery", { exact: true }).waitFor();
    assert.equal(await figure("pareto", "Complaints"), "3");
    ledgerBefore = await figure("ledger", "Promises kept");
    await screenshot(page, "console-overview");
  }],
  ["the work queue shows the detractor's follow-up by owner, beside the customer and what they were sent", async () => {
    await page.getByRole("link", { name: "Work queue" }).click();
    await page.getByRole("heading", { level: 1, name: "Work queue" }).waitFor();
    await loaded("follow-ups");
    await page.locator("caption").filter({ hasText: seed.owner }).waitFor();
    const row = page.locator(`tr[data-follow-up="${seed.followUpId}"]`);
    await row.getByRole("link", { name: /Open the follow-up/ }).click();
    await page.getByRole("heading", { level: 2, name: /Detractor recovery/ }).waitFor();
    await loaded("customer");
    await page.locator('[data-section="customer"]').getByText(seed.customerName).waitFor();
    const messages = page.locator('[data-list="messages"] li');
    assert.equal(await messages.count(), 3);
    for (const message of await messages.allTextContents()) assert.match(message, /Complaint acknowledgement, sent$/);
    await screenshot(page, "console-follow-up");
  }],
  ["recording the outcome closes the follow-up", async () => {
    await page.getByLabel("Notes").fill("Called her, apologised for the late delivery and refunded the shipping.");
    await page.getByRole("group", { name: "Trust restored?" }).getByLabel("yes").check();
    await page.getByLabel("Goodwill gesture (optional)").fill("free delivery");
    await page.getByRole("group", { name: "Customer satisfied?" }).getByLabel("yes").check();
    await page.getByRole("button", { name: "Record outcome" }).click();
    await page.getByText("Outcome recorded. Thank you.").waitFor();
    await loaded("follow-ups");
    assert.equal(await page.locator(`tr[data-follow-up="${seed.followUpId}"]`).count(), 0);
  }],
  ["the promise ledger shows the kept promise", async () => {
    await page.getByRole("link", { name: "Overview" }).click();
    await loaded("ledger");
    const after = await figure("ledger", "Promises kept");
    assert.notEqual(after, ledgerBefore);
    assert.match(after, /^100 % \(1 of 1\)$/);
    console.log(`ledger: ${ledgerBefore} -> ${after}`);
    await screenshot(page, "console-overview-after");
  }],
]);
