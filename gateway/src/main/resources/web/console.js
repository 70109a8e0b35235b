// The CX console for a tenant's staff. It signs in with the tenant's API key (or a JWT), kept in this tab's
// sessionStorage only, and calls the public REST API with it like any integrator: GetScores, GetDriverAnalysis,
// GetComplaintPareto, GetPromiseLedger, ListFollowUps, StartFollowUp / CompleteFollowUp (If-Match), GetCustomer,
// GetCustomerFeedbackSummary, ListDeadLetters / RetryDeadLetter. Every section loads on its own and fails on its own.
import { barChart, lineChart } from "./charts.js";
import { el, problemOf } from "./dom.js";

const KEY = "exceed.console.credential";
const main = document.getElementById("main");
const nav = document.getElementById("nav");
const WEEK = 7 * 24 * 3600 * 1000;
const OPEN_STATUSES = ["FOLLOW_UP_STATUS_ESCALATED", "FOLLOW_UP_STATUS_DUE", "FOLLOW_UP_STATUS_IN_PROGRESS",
  "FOLLOW_UP_STATUS_SCHEDULED"];

// ---- the API ----

class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

async function api(path, { method = "GET", body, ifMatch } = {}) {
  const headers = { accept: "application/json", authorization: "Bearer " + sessionStorage.getItem(KEY) };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (ifMatch) headers["if-match"] = ifMatch;
  // A retry of the same action (a double click, a lost reply) is answered once: the gateway keeps the first reply.
  if (method === "POST") headers["idempotency-key"] = crypto.randomUUID();
  const response = await fetch(new URL("v1/" + path, location.href), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signOut("Your sign-in is no longer valid. Please sign in again.");
    throw new ApiError(await problemOf(response));
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return { body: await response.json(), etag: response.headers.get("etag") };
}

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));

// ---- words and numbers ----

const humanize = (value, prefix) => {
  if (!value || String(value).endsWith("_UNSPECIFIED")) return "";
  const words = String(value || "").replace(prefix, "").toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const dimension = (value) => humanize(value, "SERVICE_DIMENSION_");
const reason = (value) => humanize(value, "FOLLOW_UP_REASON_");
const status = (value) => humanize(value, "FOLLOW_UP_STATUS_");
const percent = (rate) => (rate === undefined || rate === null ? "–" : (rate * 100).toFixed(0) + " %");
const dateTime = (value) => value ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" })
  .format(new Date(value)) : "–";
const day = (value) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" }).format(new Date(value));
const seconds = (duration) => (duration ? Number(String(duration).replace("s", "")) : null);
const hours = (duration) => seconds(duration) === null ? "–" : (seconds(duration) / 3600).toFixed(1) + " h";

// ---- shell ----

function signOut(message) {
  sessionStorage.removeItem(KEY);
  nav.hidden = true;
  signIn(message);
}

function signIn(message) {
  const input = el("input", { type: "password", id: "credential", name: "credential", autocomplete: "off",
    required: true, "aria-describedby": "credential-hint" });
  const error = el("p", { class: "field-error", role: "alert" }, message || "");
  const form = el("form", { class: "sign-in", "aria-labelledby": "sign-in-title" },
    el("h1", { id: "sign-in-title" }, "Sign in"),
    el("label", { for: "credential" }, "API key or access token"),
    el("p", { class: "hint", id: "credential-hint" },
      "Your tenant's key (exk_…) or a JWT from your identity provider. It is kept in this browser tab only."),
    input, error,
    el("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    try {
      // Any read the credential may do proves it; the scopes decide which sections show data.
      await probe();
      if (location.hash === "#overview") route();
      else location.hash = "#overview";
    } catch (failure) {
      sessionStorage.removeItem(KEY);
      error.textContent = failure.problem?.status === 401 ? "That key or token was not accepted."
        : "Signing in failed: " + failure.message;
      input.focus();
    }
  });
  main.replaceChildren(form);
  input.focus();
}

async function probe() {
  const response = await fetch(new URL("v1/followUps?page_size=1", location.href),
    { headers: { authorization: "Bearer " + sessionStorage.getItem(KEY), accept: "application/json" } });
  // 403 is a valid credential without the follow-ups scope: signed in, some sections will say so.
  if (response.status === 401) throw new ApiError(await problemOf(response));
}

function route() {
  if (!sessionStorage.getItem(KEY)) {
    nav.hidden = true;
    signIn();
    return;
  }
  nav.hidden = false;
  const [view, id] = location.hash.replace("#", "").split("/");
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === "#" + (view || "overview")) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (view === "queue") queue(id ? decodeURIComponent(id) : null);
  else overview();
}

/** A section that loads on its own: a heading, a status while loading, then its content or its own error. */
function section(title, id, load) {
  const body = el("div", { class: "section-body" }, el("p", { class: "status" }, "Loading…"));
  const node = el("section", { class: "card", "aria-labelledby": id, "data-section": id, "aria-busy": "true" },
    el("h2", { id }, title), body);
  load().then((content) => body.replaceChildren(...[content].flat().filter((part) => part !== null)))
    .catch((failure) => body.replaceChildren(el("p", { class: "section-error" },
      failure.problem?.status === 403 ? "Your credential may not read this (" + failure.message + ")."
        : "Could not load this: " + failure.message)))
    .finally(() => node.setAttribute("aria-busy", "false"));
  return node;
}

// ---- overview ----

function overview() {
  const end = new Date();
  const start = new Date(end.getTime() - 12 * WEEK);
  const period = { start_time: start.toISOString(), end_time: end.toISOString() };
  const filter = { "filter.start_time": period.start_time, "filter.end_time": period.end_time };
  // The ledger counts follow-ups by their promised time, which lies ahead of the contact: the weeks to come are in.
  const ledgerWindow = { start_time: period.start_time, end_time: new Date(end.getTime() + 4 * WEEK).toISOString() };
  const scores = api("scores?" + query({ ...filter, granularity: "GRANULARITY_WEEK" }));
  main.replaceChildren(
    el("h1", {}, "Overview"),
    el("p", { class: "status" }, `The last 12 weeks: ${dateTime(start)} to ${dateTime(end)}; the promise ledger also`
      + " counts promises falling due in the next 4 weeks."),
    el("div", { class: "grid" },
      section("Scores over time", "scores", async () => trends((await scores).body)),
      section("Expectation gap by dimension", "gaps", async () => gaps((await scores).body)),
      section("What drives NPS", "drivers", async () => drivers((await api("scores:drivers?" + query(filter))).body)),
      section("Complaints by category", "pareto", async () =>
        pareto((await api("complaints:pareto?" + query(period))).body)),
      section("Promise ledger and SLA", "ledger", async () =>
        ledger((await api("promiseLedger?" + query(ledgerWindow))).body))));
  main.focus();
}

function trends(report) {
  const buckets = report.buckets || [];
  const total = report.total || {};
  const points = (pick) => buckets.map((bucket) => ({ label: day(bucket.startTime), value: pick(bucket.scores || {}) }));
  return [
    el("dl", { class: "figures" },
      figure("Responses", total.responseCount ?? "0"),
      figure("NPS", total.nps?.score === undefined ? "–" : total.nps.score.toFixed(0)),
      figure("CSAT", total.csat?.score === undefined ? "–" : total.csat.score.toFixed(0) + " %"),
      figure("CES", total.ces?.mean === undefined ? "–" : total.ces.mean.toFixed(1))),
    lineChart({ name: "nps", title: "NPS per week", description: "Net Promoter Score, −100 to 100, per week.",
      points: points((s) => s.nps?.score), min: -100, max: 100 }),
    lineChart({ name: "csat", title: "CSAT per week", description: "Share of satisfied answers, 0 to 100 %.",
      points: points((s) => s.csat?.score), min: 0, max: 100, format: (v) => v.toFixed(0) + " %" }),
    lineChart({ name: "ces", title: "CES per week", description: "Mean customer effort, 1 (easy) to 7 (hard).",
      points: points((s) => s.ces?.mean), min: 1, max: 7, format: (v) => v.toFixed(1) }),
  ];
}

function figure(label, value) {
  return el("div", { class: "figure" }, el("dt", {}, label), el("dd", {}, String(value)));
}

function gaps(report) {
  const items = (report.total?.gaps || []).map((gap) => ({
    label: dimension(gap.dimension), value: gap.meanGap,
    extra: [gap.meanExpected.toFixed(0), gap.meanPerceived.toFixed(0), percent(gap.exceededRate), gap.count],
  }));
  if (items.length === 0) return el("p", {}, "No dimension ratings in this period.");
  const bound = Math.max(10, ...items.map((item) => Math.abs(item.value)));
  return barChart({ name: "gaps", title: "Mean gap (perceived − expected)",
    description: "Above zero the customers' expectations were exceeded; below zero they were not met.",
    items, min: -bound, max: bound, format: (v) => (v > 0 ? "+" : "") + v.toFixed(1),
    columns: ["Dimension", "Mean gap", "Expected", "Perceived", "Exceeded", "Answers"] });
}

function drivers(report) {
  const rows = report.drivers || [];
  if (rows.length === 0) return el("p", {}, "No dimension ratings with NPS answers in this period.");
  const sufficient = rows.filter((row) => row.sufficient);
  return [
    el("p", {}, `How strongly each dimension's gap moves NPS (Pearson correlation). Nothing is claimed under`
      + ` ${report.minimumSampleSize} answers.`),
    sufficient.length ? barChart({ name: "drivers", title: "Correlation with NPS", description:
        "Correlation of each dimension's expectation gap with the NPS answer, −1 to 1.",
      items: sufficient.map((row) => ({ label: dimension(row.dimension), value: row.correlation,
        extra: [row.slope?.toFixed(2) ?? "–", row.sampleSize] })),
      min: -1, max: 1, format: (v) => v.toFixed(2), columns: ["Dimension", "Correlation", "Slope", "Answers"] }) : null,
    rows.filter((row) => !row.sufficient).length ? el("p", { class: "status" }, "Too few answers yet: "
      + rows.filter((row) => !row.sufficient).map((row) => `${dimension(row.dimension)} (${row.sampleSize})`)
        .join(", ") + ".") : null,
  ];
}

function pareto(report) {
  const categories = report.categories || [];
  if (categories.length === 0) return el("p", {}, "No complaints in this period.");
  return [
    el("dl", { class: "figures" },
      figure("Complaints", report.complaintCount),
      figure("Resolved", report.resolvedCount),
      figure("Root cause and prevention", percent(report.rootCauseCoverage))),
    barChart({ name: "pareto", title: "Complaints per category", description:
        "Largest category first; the cumulative share shows which few categories cause most complaints.",
      items: categories.map((category) => ({ label: category.category, value: Number(category.count),
        note: `(${percent(category.cumulativeShare)} cum.)`, extra: [percent(category.share), percent(category.cumulativeShare)] })),
      min: 0, max: Math.max(...categories.map((category) => Number(category.count))),
      columns: ["Category", "Complaints", "Share", "Cumulative share"] }),
  ];
}

function ledger(report) {
  const promises = report.total?.promises || {};
  const sla = report.total?.sla || {};
  const detractors = report.total?.detractorContact || {};
  const items = [
    { label: "Beaten", value: Number(promises.beatenCount || 0) },
    { label: "Met", value: Number(promises.metCount || 0) },
    { label: "Broken", value: Number(promises.brokenCount || 0) },
    { label: "Pending", value: Number(promises.pendingCount || 0) },
  ];
  return [
    el("dl", { class: "figures", "data-ledger": "" },
      figure("Promises kept", `${percent(promises.keptRate)} (${promises.keptCount || 0} of ${promises.judgedCount || 0})`),
      figure("Beaten", percent(promises.beatenRate)),
      figure("Broken", percent(promises.brokenRate)),
      figure("SLA adherence", `${percent(sla.adherence)} (${sla.metCount || 0} of ${sla.judgedCount || 0})`),
      figure("Detractors: median time to contact", hours(detractors.medianTimeToFirstContact))),
    barChart({ name: "ledger", title: "Promises to customers", description:
        "Kept promises are beaten (contact well before the promised time) or met; broken ones came late.",
      items, min: 0, max: Math.max(1, ...items.map((item) => item.value)), columns: ["Promises", "Follow-ups"] }),
  ];
}

// ---- work queue ----

async function openFollowUps() {
  const pages = await Promise.all(OPEN_STATUSES.map((value) =>
    api("followUps?" + query({ status: value, page_size: 500 }))));
  return pages.flatMap((page) => page.body.followUps || []);
}

/** A message for the next view, e.g. after an action that navigates back to the queue. */
let pendingNotice = null;

function queue(openId) {
  const detail = el("div", { class: "detail", id: "detail" });
  const notice = pendingNotice ? el("p", { class: "notice", role: "status" }, pendingNotice) : null;
  pendingNotice = null;
  main.replaceChildren(el("h1", {}, "Work queue"), notice ?? "",
    el("div", { class: "queue-layout" },
      section("Follow-ups by owner", "follow-ups", async () => queueList(await openFollowUps())),
      detail),
    section("Could not be done", "dead-letters", async () => deadLetterList(await openDeadLetters())));
  if (openId) openFollowUp(openId, detail);
  main.focus();
}

function queueList(followUps) {
  if (followUps.length === 0) return el("p", {}, "Nothing to follow up. Well done.");
  const now = Date.now();
  const rank = (followUp) => OPEN_STATUSES.indexOf(followUp.status);
  const byOwner = new Map();
  for (const followUp of followUps) {
    if (!byOwner.has(followUp.owner)) byOwner.set(followUp.owner, []);
    byOwner.get(followUp.owner).push(followUp);
  }
  return [...byOwner.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([owner, items]) => {
    items.sort((a, b) => rank(a) - rank(b) || new Date(a.dueTime) - new Date(b.dueTime));
    return el("table", { class: "queue" },
      el("caption", {}, `${owner} (${items.length})`),
      el("thead", {}, el("tr", {}, ["Customer", "Reason", "Status", "Due", "Promised", "SLA deadline", ""]
        .map((header) => el("th", { scope: "col" }, header)))),
      el("tbody", {}, items.map((followUp) => {
        const overdue = new Date(followUp.slaDeadline).getTime() < now;
        return el("tr", { "data-follow-up": followUp.id, class: overdue ? "overdue" : null },
          el("th", { scope: "row" }, followUp.customerId),
          el("td", {}, reason(followUp.reason)),
          el("td", {}, el("span", { class: "badge " + followUp.status.toLowerCase() }, status(followUp.status)),
            overdue ? el("span", { class: "badge overdue" }, "overdue") : null),
          el("td", {}, dateTime(followUp.dueTime)),
          el("td", {}, dateTime(followUp.promisedTime)),
          el("td", {}, dateTime(followUp.slaDeadline)),
          el("td", {}, el("a", { href: "#queue/" + encodeURIComponent(followUp.id),
            "aria-label": `Open the follow-up of ${followUp.customerId}` }, "Open")));
      })));
  });
}

// ---- dead letters: work a service could not do, for a person to fix and retry ----

const DEAD_LETTER_SERVICES = ["customer-service", "feedback-service", "followup-service"];

async function openDeadLetters() {
  const lists = await Promise.all(DEAD_LETTER_SERVICES.map(async (service) => {
    const page = await api(`deadLetters/${service}?` + query({ state: "DEAD_LETTER_STATE_OPEN", page_size: 500 }));
    return (page.body.deadLetters || []).map((deadLetter) => ({ ...deadLetter, service }));
  }));
  return lists.flat().sort((a, b) => new Date(a.createTime) - new Date(b.createTime));
}

function deadLetterList(deadLetters) {
  if (deadLetters.length === 0) return el("p", {}, "Nothing was refused: every event reached its service.");
  const message = el("p", { role: "status", class: "status" });
  const rows = deadLetters.map((deadLetter) => {
    const retry = el("button", { type: "button",
      "aria-label": `Retry what ${deadLetter.consumer} refused for ${deadLetter.customerId || "no customer"}` }, "Retry");
    retry.addEventListener("click", async () => {
      retry.disabled = true;
      message.textContent = "Retrying…";
      try {
        await api(`deadLetters/${deadLetter.service}/${encodeURIComponent(deadLetter.id)}:retry`,
          { method: "POST", body: {} });
        pendingNotice = `Retried: ${deadLetter.consumer} accepted it this time.`;
        queue();
      } catch (failure) {
        message.textContent = "The retry did not go through: " + failure.message;
        retry.disabled = false;
      }
    });
    return el("tr", { "data-dead-letter": deadLetter.id },
      el("th", { scope: "row" }, deadLetter.customerId || "–"),
      el("td", {}, deadLetter.service), el("td", {}, deadLetter.consumer), el("td", {}, deadLetter.reason),
      el("td", {}, dateTime(deadLetter.createTime)), el("td", {}, retry));
  });
  return [el("p", { class: "hint" }, "Fix the cause the service names, then retry."),
    el("table", { class: "queue dead-letters" },
      el("caption", {}, `Refused for good (${deadLetters.length})`),
      el("thead", {}, el("tr", {}, ["Customer", "Service", "Refused by", "Why", "Since", ""]
        .map((header) => el("th", { scope: "col" }, header)))),
      el("tbody", {}, rows)),
    message];
}

async function openFollowUp(id, detail) {
  detail.replaceChildren(el("p", { class: "status" }, "Loading…"));
  let current;
  try {
    current = await api("followUps/" + encodeURIComponent(id));
  } catch (failure) {
    detail.replaceChildren(el("p", { class: "section-error" }, "Could not load the follow-up: " + failure.message));
    return;
  }
  const followUp = current.body;
  const heading = el("h2", { id: "detail-title", tabindex: "-1" }, `${reason(followUp.reason)} – ${followUp.customerId}`);
  detail.replaceChildren(
    el("section", { class: "card", "aria-labelledby": "detail-title" },
      heading,
      el("dl", { class: "facts" },
        fact("Status", status(followUp.status)), fact("Owner", followUp.owner),
        fact("Due", dateTime(followUp.dueTime)), fact("Promised to the customer", dateTime(followUp.promisedTime)),
        fact("SLA deadline", dateTime(followUp.slaDeadline)), fact("No sales", followUp.noSales ? "yes" : "no"),
        followUp.escalatedTo ? fact("Escalated to", followUp.escalatedTo) : null),
      followUp.status === "FOLLOW_UP_STATUS_DONE" || followUp.status === "FOLLOW_UP_STATUS_CANCELLED"
        ? el("p", {}, "This follow-up is closed.") : outcomeForm(followUp, current.etag)),
    customerView(followUp.customerId));
  heading.focus();
}

function fact(label, value) {
  return el("div", {}, el("dt", {}, label), el("dd", {}, value));
}

function choice(name, legend) {
  return el("fieldset", { class: "choice" }, el("legend", {}, legend),
    ["yes", "no", "not known"].map((value) => el("label", {},
      el("input", { type: "radio", name, value, checked: value === "not known" }), " ", value)));
}

/** Records how it went: the contact is made (StartFollowUp) if it was not yet, then the outcome (CompleteFollowUp). */
function outcomeForm(followUp, etag) {
  const message = el("p", { role: "status", class: "status" });
  const form = el("form", { class: "outcome", "aria-label": "Record the outcome" },
    el("label", { for: "notes" }, "Notes"),
    el("textarea", { id: "notes", name: "notes", rows: 4, required: true }),
    choice("trust", "Trust restored?"),
    el("label", { for: "gesture" }, "Goodwill gesture (optional)"),
    el("input", { type: "text", id: "gesture", name: "gesture", maxlength: 500 }),
    choice("satisfied", "Customer satisfied?"),
    el("button", { type: "submit" }, "Record outcome"), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    if (!String(data.get("notes")).trim()) {
      message.textContent = "Please write what happened in the notes.";
      form.querySelector("#notes").focus();
      return;
    }
    const flag = (value) => (value === "yes" ? true : value === "no" ? false : undefined);
    const outcome = { notes: String(data.get("notes")).trim(), goodwillGesture: String(data.get("gesture")).trim(),
      trustRestored: flag(data.get("trust")), customerSatisfied: flag(data.get("satisfied")) };
    const button = form.querySelector("button");
    button.disabled = true;
    message.textContent = "Saving…";
    try {
      let tag = etag;
      if (followUp.status !== "FOLLOW_UP_STATUS_IN_PROGRESS") {
        tag = (await api(`followUps/${encodeURIComponent(followUp.id)}:start`,
          { method: "POST", body: { actor: "console" }, ifMatch: tag })).etag;
      }
      await api(`followUps/${encodeURIComponent(followUp.id)}:complete`,
        { method: "POST", body: { actor: "console", outcome }, ifMatch: tag });
      // Back to the queue (hashchange renders it), which says what happened.
      pendingNotice = "Outcome recorded. Thank you.";
      location.hash = "#queue";
    } catch (failure) {
      button.disabled = false;
      message.textContent = failure.problem?.status === 412
        ? "Someone else changed this follow-up meanwhile. Open it again to see the latest state."
        : "Could not save: " + failure.message;
    }
  });
  return form;
}

/**
 * The customer beside the follow-up, from the 360 view (GetCustomerView): profile, feedback summary, open follow-ups
 * and last contacts, and the e-mails the platform sent them. A section whose service could not answer comes back marked unavailable, and says so here.
 */
function customerView(customerId) {
  return section("The customer", "customer", async () => {
    const view = (await api(`customers/${encodeURIComponent(customerId)}:view`)).body;
    const missing = (name) => (view.sections || [])
      .find((part) => part.name === name && part.availability === "SECTION_AVAILABILITY_UNAVAILABLE");
    const part = (name, render) => {
      const gap = missing(name);
      return gap ? el("p", { class: "section-error" }, "Unavailable for now: " + (gap.reason || "try again later"))
        : render();
    };
    return [
      profileView(view.customer),
      el("h3", {}, "Feedback"),
      part("feedback", () => summaryView(view.feedbackSummary || {})),
      el("h3", {}, "Open follow-ups"),
      part("follow_ups", () => el("ul", { class: "history" }, (view.openFollowUps || [])
        .map((item) => el("li", {}, `${reason(item.reason)}: ${status(item.status)}, due ${dateTime(item.dueTime)}`)))),
      el("h3", {}, "Last contacts"),
      part("contacts", () => el("ul", { class: "history" }, (view.lastContacts || [])
        .map((entry) => el("li", {}, `${dateTime(entry.grantTime)}: ${humanize(entry.channel, "CONTACT_CHANNEL_")}, `
          + humanize(entry.purpose, "CONTACT_PURPOSE_"))))),
      el("h3", {}, "Messages sent"),
      await messagesView(customerId),
    ];
  });
}

/**
 * The e-mails the platform sent the customer or is sending them (ListOutboundMessages), newest first with their state
 * and why one is waiting or failed: what staff check before they call. Its own error, so the rest still shows.
 */
async function messagesView(customerId) {
  try {
    const messages = [];
    let token = "";
    for (let page = 0; page < 4; page++) {
      const body = (await api("outboundMessages?" + query({ customer_id: customerId, page_size: 100,
        page_token: token }))).body;
      messages.push(...(body.outboundMessages || []));
      token = body.nextPageToken;
      if (!token) break;
    }
    if (messages.length === 0) return el("p", { class: "status" }, "None: the platform has e-mailed this customer nothing.");
    return el("ul", { class: "history", "data-list": "messages" }, messages.slice(-10).reverse().map((message) =>
      el("li", {}, `${dateTime(message.sendTime || message.createTime)}: `
        + `${humanize(message.kind, "OUTBOUND_MESSAGE_KIND_")}, `
        + humanize(message.state, "OUTBOUND_MESSAGE_STATE_").toLowerCase()
        + (message.reason ? ` (${message.reason})` : ""))));
  } catch (failure) {
    return el("p", { class: "section-error" }, "Could not load the messages: " + failure.message);
  }
}

function profileView(customer) {
  return el("dl", { class: "facts" },
    fact("Name", customer.displayName || "–"),
    fact("Language", customer.language || "–"),
    fact("Time zone", customer.timeZone || "–"),
    fact("Account owner", customer.accountOwner || "–"),
    fact("Relationship", humanize(customer.relationshipState, "RELATIONSHIP_STATE_") || "–"));
}

function summaryView(summary) {
  return el("dl", { class: "facts" },
    fact("Responses", summary.responseCount),
    fact("Latest NPS", summary.latestNps ?? "–"),
    fact("NPS trend", humanize(summary.npsTrend, "TREND_") || "–"),
    fact("Open complaints", summary.openComplaintCount),
    fact("Latest response", dateTime(summary.latestResponseTime)));
}

document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));
window.addEventListener("hashchange", route);
route();
