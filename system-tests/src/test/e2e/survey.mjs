// The respondent's survey page in headless Chromium: a Swedish customer on a phone answers as a detractor, is told
// someone will get back to them and unsubscribes from the thank-you page; a Chinese customer answers with the keyboard
// only; used, expired and unknown links get a polite page in the browser's language. The links are the invitations'
// surveyUrl, from WebPagesSystemTest, which seeded them.
import assert from "node:assert/strict";
import { BASE_URL, run, screenshot } from "./browser.mjs";

const links = JSON.parse(process.env.SURVEY_LINKS);
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function heading(page, text) {
  await page.getByRole("heading", { level: 1, name: text }).waitFor({ timeout: 15000 });
}

let swedishPage;

await run([
  ["Swedish survey on a phone, in Swedish", async (session) => {
    const page = swedishPage = await session.newPage({ ...PHONE, locale: "sv-SE" });
    await page.goto(links.swedish);
    await heading(page, "Din återkoppling");
    assert.equal(await page.locator("html").getAttribute("lang"), "sv");
    await page.getByRole("group", { name: /Hur troligt är det att du rekommenderar oss/ }).waitFor();
    await page.getByText("0 = inte alls troligt").waitFor();
    assert.ok(await page.getByRole("radio").count() >= 11);
    await screenshot(page, "survey-sv-form");
  }],
  ["a required answer left out is named, and nothing is sent", async () => {
    const page = swedishPage;
    await page.getByRole("button", { name: "Skicka mina svar" }).click();
    const summary = page.getByRole("alert");
    await summary.getByText("Några svar saknas:").waitFor();
    await summary.getByRole("link", { name: /rekommenderar oss/ }).waitFor();
    assert.equal(await page.getByText("Den här frågan behöver ett svar.").first().isVisible(), true);
    await screenshot(page, "survey-sv-missing-answer");
  }],
  ["a Swedish detractor is thanked and told by when someone will get back to them", async () => {
    const page = swedishPage;
    const nps = page.getByRole("group", { name: /rekommenderar oss/ });
    await nps.getByRole("radio", { name: "3", exact: true }).check();
    await page.getByRole("textbox", { name: /Vad kan vi göra bättre/ }).fill("Leveransen kom två dagar för sent, och ingen hörde av sig.");
    await page.getByRole("button", { name: "Skicka mina svar" }).click();
    await heading(page, "Tack!");
    await page.getByText("Vi har tagit emot dina svar.").waitFor();
    // The playbook's promised time, told in Swedish (e.g. "senast tisdag 24 november 2026 kl. 17:05").
    const promise = await page.locator(".promise").textContent();
    assert.match(promise, /Någon i vårt team hör av sig till dig personligen senast \S+ \d{1,2} \S+ \d{4}/);
    console.log("promise: " + promise);
    await screenshot(page, "survey-sv-thank-you");
  }],
  ["the thank-you page unsubscribes from invitations with a button, in Swedish", async () => {
    const page = swedishPage;
    await page.getByText("Vill du inte få sådana här inbjudningar från oss?").waitFor();
    await page.getByRole("button", { name: "Avregistrera dig" }).click();
    await page.getByText("Du är avregistrerad: vi kontaktar dig inte på det här sättet igen.").waitFor();
    await screenshot(page, "survey-sv-unsubscribed");
  }],
  ["a used link says so, in Swedish", async () => {
    const page = swedishPage;
    await page.reload();
    await heading(page, "Svaren är redan skickade");
    await screenshot(page, "survey-sv-used-link");
  }],
  ["Chinese survey answered with the keyboard only, in Chinese", async (session) => {
    const page = await session.newPage({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    await page.goto(links.chinese);
    await heading(page, "您的反馈");
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-Hans");
    await page.getByRole("group", { name: /您向朋友推荐我们的可能性有多大/ }).waitFor();
    // Tab into the NPS scale, arrow keys move the choice within it (a radio group), Tab on to the next question.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
    const checked = page.getByRole("group", { name: /推荐/ }).getByRole("radio", { checked: true });
    assert.equal(await checked.getAttribute("value"), "9");
    await page.keyboard.press("Tab");
    await page.keyboard.type("送货很快，包装也很好。");
    await screenshot(page, "survey-zh-form");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await heading(page, "谢谢您！");
    await page.getByText("我们已收到您的回答").waitFor();
    assert.equal(await page.locator(".promise").count(), 0, "a promoter is promised no call-back");
    await screenshot(page, "survey-zh-thank-you");
  }],
  ["a language the survey lacks falls back to its default", async (session) => {
    const page = await session.newPage({ ...PHONE, locale: "fi-FI" });
    await page.goto(links.finnish);
    await heading(page, "Your feedback");
    await page.getByRole("group", { name: /How likely are you to recommend us/ }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
  }],
  ["an expired link is a polite page in the browser's language", async (session) => {
    const page = await session.newPage({ ...PHONE, locale: "sv-SE" });
    await page.goto(links.expired);
    await heading(page, "Länken till enkäten har gått ut");
    await screenshot(page, "survey-sv-expired-link");
  }],
  ["an unknown link is a polite page in the browser's language", async (session) => {
    const page = await session.newPage({ ...PHONE, locale: "zh-CN" });
    await page.goto(`${BASE_URL}/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    await heading(page, "未找到此问卷");
    await screenshot(page, "survey-zh-unknown-link");
  }],
]);
