// The survey page's own words (buttons, scale ends, thank-you, errors) per language; the questions come from the
// survey itself. A language without its own table here gets English.
export const STRINGS = {
  en: {
    title: "Your feedback",
    loading: "Loading the survey…",
    intro: "Thank you for taking a moment to answer.",
    expires: "You can answer until {date}.",
    required: "required",
    optional: "optional",
    submit: "Send my answers",
    sending: "Sending…",
    npsLow: "0 = not at all likely", npsHigh: "10 = extremely likely",
    csatLow: "1 = very dissatisfied", csatHigh: "5 = very satisfied",
    cesLow: "1 = very easy", cesHigh: "7 = very hard",
    ratingLow: "0 = very poor", ratingHigh: "100 = excellent",
    textHint: "Up to 5000 characters.",
    missing: "Please answer this question.",
    errorSummary: "Some answers are missing:",
    thanksTitle: "Thank you!",
    thanksBody: "We have received your answers. They help us do better.",
    recovery: "We are sorry we did not live up to what you expected. Someone from our team will get back to you personally.",
    recoveryBy: "We are sorry we did not live up to what you expected. Someone from our team will get back to you personally by {date}.",
    expiredTitle: "This survey link has expired",
    expiredBody: "Thank you for wanting to answer. The link was valid for a limited time only, so it can no longer be used.",
    usedTitle: "These answers have already been sent",
    usedBody: "This link has already been used to answer the survey, and we have received the answers. Thank you!",
    revokedTitle: "This survey link is no longer valid",
    revokedBody: "The survey was withdrawn, so there is nothing to answer here. Thank you all the same.",
    unknownTitle: "We could not find this survey",
    unknownBody: "Please check that the whole link was copied from the message you received.",
    failedTitle: "Something went wrong",
    failedBody: "Your answers have not been sent yet. Please try again in a moment.",
    retry: "Try again",
    unsubscribeLead: "Don't want invitations like this from us?",
    unsubscribe: "Unsubscribe",
    unsubscribed: "You are unsubscribed: we will not contact you this way again.",
    unsubscribeFailed: "We could not unsubscribe you just now. Please try again in a few minutes.",
  },
  sv: {
    title: "Din återkoppling",
    loading: "Hämtar enkäten…",
    intro: "Tack för att du tar dig tid att svara.",
    expires: "Du kan svara till och med {date}.",
    required: "obligatorisk",
    optional: "frivillig",
    submit: "Skicka mina svar",
    sending: "Skickar…",
    npsLow: "0 = inte alls troligt", npsHigh: "10 = mycket troligt",
    csatLow: "1 = mycket missnöjd", csatHigh: "5 = mycket nöjd",
    cesLow: "1 = mycket enkelt", cesHigh: "7 = mycket svårt",
    ratingLow: "0 = mycket dåligt", ratingHigh: "100 = utmärkt",
    textHint: "Högst 5000 tecken.",
    missing: "Den här frågan behöver ett svar.",
    errorSummary: "Några svar saknas:",
    thanksTitle: "Tack!",
    thanksBody: "Vi har tagit emot dina svar. De hjälper oss att bli bättre.",
    recovery: "Vi beklagar att vi inte levde upp till dina förväntningar. Någon i vårt team hör av sig till dig personligen.",
    recoveryBy: "Vi beklagar att vi inte levde upp till dina förväntningar. Någon i vårt team hör av sig till dig personligen senast {date}.",
    expiredTitle: "Länken till enkäten har gått ut",
    expiredBody: "Tack för att du ville svara. Länken gällde bara en begränsad tid och kan inte längre användas.",
    usedTitle: "Svaren är redan skickade",
    usedBody: "Den här länken har redan använts för att svara på enkäten, och vi har tagit emot svaren. Tack!",
    revokedTitle: "Länken till enkäten gäller inte längre",
    revokedBody: "Enkäten har dragits tillbaka, så det finns inget att svara på här. Tack ändå.",
    unknownTitle: "Vi hittade inte enkäten",
    unknownBody: "Kontrollera att hela länken kom med från meddelandet du fick.",
    failedTitle: "Något gick fel",
    failedBody: "Dina svar har inte skickats ännu. Försök igen om en stund.",
    retry: "Försök igen",
    unsubscribeLead: "Vill du inte få sådana här inbjudningar från oss?",
    unsubscribe: "Avregistrera dig",
    unsubscribed: "Du är avregistrerad: vi kontaktar dig inte på det här sättet igen.",
    unsubscribeFailed: "Vi kunde inte avregistrera dig just nu. Försök igen om några minuter.",
  },
  zh: {
    title: "您的反馈",
    loading: "正在加载问卷…",
    intro: "感谢您抽出时间作答。",
    expires: "您可以在 {date} 之前作答。",
    required: "必填",
    optional: "选填",
    submit: "提交我的回答",
    sending: "正在提交…",
    npsLow: "0 = 完全不可能", npsHigh: "10 = 非常可能",
    csatLow: "1 = 非常不满意", csatHigh: "5 = 非常满意",
    cesLow: "1 = 非常容易", cesHigh: "7 = 非常困难",
    ratingLow: "0 = 非常差", ratingHigh: "100 = 非常好",
    textHint: "最多 5000 个字符。",
    missing: "请回答此问题。",
    errorSummary: "有些问题尚未回答：",
    thanksTitle: "谢谢您！",
    thanksBody: "我们已收到您的回答，这将帮助我们做得更好。",
    recovery: "很抱歉我们没有达到您的期望。我们团队的同事会亲自与您联系。",
    recoveryBy: "很抱歉我们没有达到您的期望。我们团队的同事会在 {date} 之前亲自与您联系。",
    expiredTitle: "此问卷链接已过期",
    expiredBody: "感谢您愿意作答。此链接仅在有限时间内有效，现已无法使用。",
    usedTitle: "您的回答已提交",
    usedBody: "此链接已用于提交问卷，我们已收到您的回答。谢谢！",
    revokedTitle: "此问卷链接已失效",
    revokedBody: "该问卷已撤回，无需再作答。仍然感谢您。",
    unknownTitle: "未找到此问卷",
    unknownBody: "请确认您复制了收到的消息中的完整链接。",
    failedTitle: "出现了问题",
    failedBody: "您的回答尚未提交，请稍后再试。",
    retry: "重试",
    unsubscribeLead: "不想再收到我们的此类邀请？",
    unsubscribe: "退订",
    unsubscribed: "您已退订：我们不会再以这种方式联系您。",
    unsubscribeFailed: "暂时无法为您退订，请几分钟后再试。",
  },
};

/** The table for a BCP 47 tag: "sv-FI" gets Swedish, "zh-Hans-CN" Chinese, anything else English. */
export function tableFor(language) {
  const primary = String(language || "").toLowerCase().split("-")[0];
  return { code: STRINGS[primary] ? primary : "en", text: STRINGS[primary] || STRINGS.en };
}

/** The first of the browser's languages the page speaks, for pages shown before the survey's language is known. */
export function browserTable() {
  for (const language of navigator.languages || [navigator.language]) {
    const table = tableFor(language);
    if (table.code !== "en" || String(language).toLowerCase().startsWith("en")) {
      return { ...table, tag: language };
    }
  }
  return { ...tableFor("en"), tag: "en" };
}

export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}
