// The respondent's survey page: loads the form for the link's token, shows it in the customer's language, and
// submits through the public RespondentService routes. No credential: the token is one.
import { el, problemOf } from "./dom.js";
import { browserTable, format, tableFor } from "./survey-strings.js";

const main = document.getElementById("main");
const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
// ?lang=xx lets a respondent ask for another language the survey has; otherwise the invitation's language.
const requestedLanguage = new URLSearchParams(location.search).get("lang") || "";
const endpoint = (path) => new URL("../v1/" + path, location.href);

const SCALES = {
  QUESTION_KIND_NPS: { from: 0, to: 10, step: 1, low: "npsLow", high: "npsHigh" },
  QUESTION_KIND_CSAT: { from: 1, to: 5, step: 1, low: "csatLow", high: "csatHigh" },
  QUESTION_KIND_CES: { from: 1, to: 7, step: 1, low: "cesLow", high: "cesHigh" },
  QUESTION_KIND_DIMENSION_RATING: { from: 0, to: 100, step: 10, low: "ratingLow", high: "ratingHigh" },
};

let t = browserTable().text;

function show(...nodes) {
  main.replaceChildren(...nodes);
  main.focus();
}

function useLanguage(language) {
  const table = tableFor(language);
  t = table.text;
  document.documentElement.lang = language || table.code;
  document.title = t.title;
}

function when(timestamp, language) {
  return new Intl.DateTimeFormat(language, { dateStyle: "full", timeStyle: "short" }).format(new Date(timestamp));
}

/** A page that ends the visit: an expired, used, revoked or unknown link, in the best language known so far. */
function notice(kind) {
  show(el("h1", {}, t[kind + "Title"]), el("p", {}, t[kind + "Body"]));
}

function kindOf(problem) {
  if (problem.code === "TOKEN_EXPIRED") return "expired";
  if (problem.code === "TOKEN_USED") return "used";
  if (problem.code === "TOKEN_REVOKED") return "revoked";
  if (problem.status === 404 || problem.status === 400) return "unknown";
  return "failed";
}

async function call(path, body) {
  const response = await fetch(endpoint(path), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

async function load() {
  const fallback = browserTable();
  useLanguage(fallback.tag);
  main.replaceChildren(el("p", { class: "status", role: "status" }, t.loading));
  let form;
  try {
    form = await call("respond:form", { token, language: requestedLanguage });
  } catch (problem) {
    const kind = problem instanceof Error ? "failed" : kindOf(problem);
    if (kind === "failed") {
      show(el("h1", {}, t.failedTitle), el("p", {}, t.failedBody),
        el("button", { type: "button", onclick: load }, t.retry));
    } else {
      notice(kind);
    }
    return;
  }
  useLanguage(form.language);
  show(renderForm(form));
}

function question(item, index) {
  const id = "q-" + item.id;
  const hintId = id + "-hint";
  const errorId = id + "-error";
  const tag = el("span", { class: "tag" }, item.required ? t.required : t.optional);
  const error = el("p", { class: "field-error", id: errorId, hidden: true }, t.missing);
  const scale = SCALES[item.kind];
  if (!scale) {
    return el("div", { class: "question", "data-question": item.id, "data-kind": item.kind },
      el("label", { for: id }, el("span", { class: "number" }, index + 1 + ". "), item.text, " ", tag),
      el("p", { class: "hint", id: hintId }, t.textHint),
      error,
      el("textarea", { id, name: item.id, rows: 5, maxlength: 5000, required: item.required,
        "aria-describedby": hintId }));
  }
  const options = [];
  for (let value = scale.from; value <= scale.to; value += scale.step) {
    options.push(el("label", { class: "option" },
      el("input", { type: "radio", name: item.id, value, required: item.required }),
      el("span", {}, value)));
  }
  return el("fieldset", { class: "question", "data-question": item.id, "data-kind": item.kind,
      "aria-describedby": hintId },
    el("legend", {}, el("span", { class: "number" }, index + 1 + ". "), item.text, " ", tag),
    el("p", { class: "hint scale-ends", id: hintId },
      el("span", {}, t[scale.low]), el("span", {}, t[scale.high])),
    error,
    el("div", { class: "scale", "data-count": options.length }, options));
}

function renderForm(form) {
  const summary = el("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const button = el("button", { type: "submit" }, t.submit);
  const status = el("p", { class: "status", role: "status" });
  const node = el("form", { novalidate: true, "aria-labelledby": "survey-title" },
    el("h1", { id: "survey-title" }, t.title),
    el("p", {}, t.intro, " ", form.expireTime ? format(t.expires, { date: when(form.expireTime, form.language) }) : ""),
    summary,
    form.questions.map(question),
    el("div", { class: "actions" }, button, status),
    unsubscribeOffer());
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = collect(node, form, summary);
    if (!answers) return;
    button.disabled = true;
    status.textContent = t.sending;
    try {
      const receipt = await call("respond:submit", { token, language: form.language, answers });
      thankYou(form, answers, receipt);
    } catch (problem) {
      const kind = problem instanceof Error ? "failed" : kindOf(problem);
      if (kind === "expired" || kind === "used") {
        notice(kind);
        return;
      }
      // Anything else may pass: the answers stay on the page for another try.
      status.textContent = t.failedBody;
      button.disabled = false;
    }
  });
  return node;
}

/** The answers, or null after marking what is missing (each field says so, and a summary links to them). */
function collect(node, form, summary) {
  const answers = [];
  const missing = [];
  for (const item of form.questions) {
    const container = node.querySelector(`[data-question="${CSS.escape(item.id)}"]`);
    const error = container.querySelector(".field-error");
    let answer = null;
    if (SCALES[item.kind]) {
      const checked = container.querySelector("input:checked");
      if (checked) answer = { questionId: item.id, score: Number(checked.value) };
    } else {
      const text = container.querySelector("textarea").value.trim();
      if (text) answer = { questionId: item.id, text };
    }
    const absent = item.required && !answer;
    error.hidden = !absent;
    container.classList.toggle("invalid", absent);
    const control = container.querySelector("input, textarea");
    if (absent) {
      control.setAttribute("aria-invalid", "true");
      missing.push({ item, control });
    } else {
      control.removeAttribute("aria-invalid");
    }
    if (answer) answers.push(answer);
  }
  if (missing.length === 0) {
    summary.hidden = true;
    return answers;
  }
  summary.replaceChildren(el("p", {}, t.errorSummary), el("ul", {}, missing.map(({ item, control }) =>
    el("li", {}, el("a", { href: "#", onclick: (event) => { event.preventDefault(); control.focus(); } }, item.text)))));
  summary.hidden = false;
  summary.focus();
  return null;
}

/**
 * The thank-you. A detractor also hears that someone will get back to them: by the time the tenant's playbook
 * promises when SubmitResponse says it, otherwise (no answer from the playbooks in time) without a time rather than
 * with a guessed one, for an NPS of 6 or less, the default detractor playbook's trigger.
 */
function thankYou(form, answers, receipt) {
  const nps = form.questions.filter((item) => item.kind === "QUESTION_KIND_NPS").map((item) => item.id);
  const detractor = answers.some((answer) => nps.includes(answer.questionId) && answer.score <= 6);
  const promise = receipt.recoveryPromiseTime;
  show(el("h1", {}, t.thanksTitle),
    el("p", {}, t.thanksBody),
    promise ? el("p", { class: "promise" }, format(t.recoveryBy, { date: when(promise, form.language) }))
      : detractor ? el("p", { class: "promise" }, t.recovery) : null,
    unsubscribeOffer());
}

/**
 * The survey link is an unsubscribe link too, beside the questions and after the answers: a button, never the page
 * itself, stops the invitations (link scanners and previews open pages), on the channel the invitation came by.
 */
function unsubscribeOffer() {
  const status = el("span", { role: "status" });
  const button = el("button", { type: "button", class: "link" }, t.unsubscribe);
  const offer = el("p", { class: "unsubscribe" }, t.unsubscribeLead, " ", button, " ", status);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await call("respond:unsubscribe", { surveyToken: token });
      offer.replaceChildren(el("span", { role: "status" }, t.unsubscribed));
    } catch {
      status.textContent = t.unsubscribeFailed;
      button.disabled = false;
    }
  });
  return offer;
}

load();
