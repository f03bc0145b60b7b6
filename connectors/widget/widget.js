// City chatbot widget: one script tag, rendered in a shadow DOM, talking to the bot's REST channel.
//
//   <script src="https://bot.example.fi/widget.js" async
//           data-api="https://bot.example.fi" data-lang="fi" data-title="Kaupungin chatbot"
//           data-color="#0050a0" data-privacy-url="https://www.example.fi/tietosuoja"></script>
//
// Every reply is {text, buttons?, custom: card} (docs/ARCHITECTURE.md); each card type is drawn as its own
// element and the text is shown only where the card does not already say it. Everything from the bot is
// put into the page with textContent, and links only ever point at http(s) URLs.
(function () {
  "use strict";
  const script = document.currentScript || document.querySelector("script[src*='widget.js']");
  if (!script || document.getElementById("citybot-widget")) return;
  const data = script.dataset;
  const scriptUrl = new URL(script.src, document.baseURI);
  const apiBase = (data.api || new URL(".", scriptUrl).href).replace(/\/+$/, "");
  const LANGS = ["fi", "sv", "en"];
  const STORE = "citybot:" + apiBase;
  // Rasa ends a conversation session after 60 idle minutes (bot/domain session_config); so does the panel.
  const SESSION_MS = 60 * 60 * 1000;
  const MAX_KEPT = 100;

  const L = {
    fi: {
      name: "Suomi", title: "Kaupungin chatbot", launcher: "Kysy chatbotilta", close: "Pienennä keskustelu",
      newChat: "Uusi keskustelu", langs: "Kieli", you: "Sinä:", bot: "Botti:", input: "Kysymyksesi",
      placeholder: "Kirjoita kysymys…", send: "Lähetä", typing: "Botti kirjoittaa…",
      error: "Yhteys bottiin katkesi.", retry: "Yritä uudelleen",
      greeting: "Hei! Olen kaupungin chatbot. Vastaan kysymyksiin käsitteistä, kaupungin palveluista, puista ja alueista sekä Kokeilukiihdyttämöstä. Voit aloittaa näillä:",
      examples: ["Mikä on Kela?", "Etsin uimahallia", "Montako puuta on Kalliossa?", "Mitä Kokeilukiihdyttämö on?"],
      privacy: "Kysymykset tallennetaan palvelun kehittämiseksi. Älä kirjoita viestiin henkilötietoja, kuten nimeä tai henkilötunnusta.",
      privacyLink: "Tietosuojaseloste", newWindow: "(avautuu uuteen ikkunaan)", more: "Lisätietoa",
      map: "Näytä kartalla", source: "Lähde:", sourceLink: "Lähde verkossa", rank: "Sija", area: "Alue",
      count: "Määrä", contact: "Ihmisen apua:", phone: "Puhelin", email: "Sähköposti", address: "Osoite",
      rate: "Oliko vastauksesta apua?", up: "Hyödyllinen", down: "Ei hyödyllinen", thanks: "Kiitos palautteesta!",
      rateFailed: "Palautetta ei voitu tallentaa.", kind: "Luokka",
    },
    sv: {
      name: "Svenska", title: "Stadens chattbot", launcher: "Fråga chattboten", close: "Minimera chatten",
      newChat: "Ny konversation", langs: "Språk", you: "Du:", bot: "Boten:", input: "Din fråga",
      placeholder: "Skriv en fråga…", send: "Skicka", typing: "Boten skriver…",
      error: "Anslutningen till boten bröts.", retry: "Försök igen",
      greeting: "Hej! Jag är stadens chattbot. Jag svarar på frågor om begrepp, stadens tjänster, träd och områden samt Kokeilukiihdyttämö. Du kan börja med dessa:",
      examples: ["Vad är FPA?", "Var kan jag simma?", "Hur många träd finns i Berghäll?", "Vad är Kokeilukiihdyttämö?"],
      privacy: "Frågorna sparas för att utveckla tjänsten. Skriv inga personuppgifter, som namn eller personbeteckning.",
      privacyLink: "Dataskyddsbeskrivning", newWindow: "(öppnas i ett nytt fönster)", more: "Mer information",
      map: "Visa på kartan", source: "Källa:", sourceLink: "Källan på webben", rank: "Plats", area: "Område",
      count: "Antal", contact: "Hjälp av en människa:", phone: "Telefon", email: "E-post", address: "Adress",
      rate: "Var svaret till hjälp?", up: "Till hjälp", down: "Inte till hjälp", thanks: "Tack för din respons!",
      rateFailed: "Responsen kunde inte sparas.", kind: "Klass",
    },
    en: {
      name: "English", title: "City chatbot", launcher: "Ask the chatbot", close: "Minimise the chat",
      newChat: "New conversation", langs: "Language", you: "You:", bot: "Bot:", input: "Your question",
      placeholder: "Type a question…", send: "Send", typing: "The bot is typing…",
      error: "Lost the connection to the bot.", retry: "Try again",
      greeting: "Hi! I am the city's chatbot. I answer questions about terms, city services, trees and areas, and the Kokeilukiihdyttämö programme. You could start with these:",
      examples: ["What is Kela?", "Where can I go swimming?", "How many trees are there in Kallio?", "What is Kokeilukiihdyttämö?"],
      privacy: "Questions are stored to improve the service. Do not write personal data, such as your name or personal identity code.",
      privacyLink: "Privacy statement", newWindow: "(opens in a new window)", more: "More information",
      map: "Show on map", source: "Source:", sourceLink: "Source online", rank: "Rank", area: "Area",
      count: "Count", contact: "Help from a person:", phone: "Phone", email: "Email", address: "Address",
      rate: "Was this answer helpful?", up: "Helpful", down: "Not helpful", thanks: "Thank you for your feedback!",
      rateFailed: "Your feedback could not be saved.", kind: "Category",
    },
  };
  const pageLang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  const startLang = LANGS.includes(data.lang) ? data.lang : LANGS.includes(pageLang) ? pageLang : "fi";
  const colour = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(data.color || "") ? data.color : "";
  const privacyUrl = webUrl(data.privacyUrl);

  // ---- state that survives page loads (sessionStorage: gone when the tab is closed, as on a shared computer)
  function newSender() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
      if (saved && typeof saved.sender === "string" && Date.now() - saved.at < SESSION_MS) return saved;
    } catch (e) { /* unreadable storage: start afresh */ }
    return { sender: newSender(), lang: startLang, open: false, entries: [], at: Date.now() };
  }
  const state = load();
  function save() {
    state.at = Date.now();
    state.entries = state.entries.slice(-MAX_KEPT);
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }
  const t = () => L[state.lang] || L.fi;

  // ---- DOM helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value; // never innerHTML: bot text may echo user input
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }
  function webUrl(value) {
    return typeof value === "string" && /^https?:\/\/[^\s]+$/i.test(value.trim()) ? value.trim() : null;
  }
  function str(value) { return typeof value === "string" ? value.trim() : ""; }
  function langOf(value) { return LANGS.includes(value) ? value : state.lang; }
  function srOnly(text) { return el("span", { class: "sr-only", text }); }
  function paragraphs(text, cls) {
    const box = el("div", { class: cls || "text" });
    str(text).split(/\n+/).filter((line) => line.trim()).forEach((line) => box.append(el("p", { text: line })));
    return box;
  }
  function outLink(url, label, lang) {
    const safe = webUrl(url);
    if (!safe) return null;
    return el("a", { href: safe, target: "_blank", rel: "noopener noreferrer", class: "out" },
      label + " " + L[lang].newWindow);
  }
  // Icons as inline SVG (paths from Google's Material Icons, Apache-2.0): no emoji font or icon file needed.
  const ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    thumb: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 " +
      "7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  };
  function icon(name, cls) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon " + (cls || ""));
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  // ---- the shadow root: the page's styles stay out, ours stay in
  const host = el("div", { id: "citybot-widget" });
  if (colour) host.style.setProperty("--cb-accent", colour);
  host.style.display = "none"; // until our stylesheet has loaded, so nothing unstyled flashes
  const root = host.attachShadow({ mode: "open" });
  const css = el("link", { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href });
  css.addEventListener("load", () => { host.style.display = ""; });
  css.addEventListener("error", () => { host.style.display = ""; });

  const launcher = el("button", { type: "button", class: "launcher", "aria-controls": "cb-panel" });
  const heading = el("h2", { id: "cb-title" });
  const langGroup = el("div", { class: "langs", role: "group" });
  const langButtons = LANGS.map((code) => el("button", {
    type: "button", lang: code, "data-lang": code, onclick: () => setLang(code),
  }));
  langGroup.append(...langButtons);
  const newButton = el("button", { type: "button", class: "new", onclick: () => newConversation() });
  const closeButton = el("button", { type: "button", class: "close", onclick: () => setOpen(false) }, icon("close"));
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-busy": "false",
    "aria-labelledby": "cb-title", tabindex: "0" });
  const intro = el("div", { class: "intro" });
  const input = el("input", { id: "cb-input", type: "text", maxlength: "2000", autocomplete: "off" });
  const inputLabel = el("label", { for: "cb-input", class: "sr-only" });
  const sendButton = el("button", { type: "submit", class: "send" });
  const form = el("form", { class: "ask" }, inputLabel, input, sendButton);
  const panel = el("section", { id: "cb-panel", class: "panel", "aria-labelledby": "cb-title" },
    el("header", {}, heading, closeButton, el("div", { class: "tools" }, langGroup, newButton)), log, form);
  root.append(css, launcher, panel);

  // ---- labels in the chosen language
  function renderLabels() {
    const l = t();
    host.setAttribute("lang", state.lang);
    panel.setAttribute("lang", state.lang);
    heading.textContent = data.title || l.title;
    launcher.textContent = "";
    launcher.append(icon("chat"), el("span", { text: l.launcher }));
    langGroup.setAttribute("aria-label", l.langs);
    langButtons.forEach((b) => {
      b.textContent = L[b.dataset.lang].name;
      b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
    });
    newButton.textContent = l.newChat;
    closeButton.setAttribute("aria-label", l.close);
    closeButton.title = l.close;
    inputLabel.textContent = l.input;
    input.placeholder = l.placeholder;
    sendButton.textContent = l.send;
    renderIntro();
  }

  function renderIntro() {
    const l = t();
    intro.textContent = "";
    intro.append(el("p", { class: "greeting", text: l.greeting }));
    const chips = el("div", { class: "chips" });
    l.examples.forEach((q) => chips.append(el("button", { type: "button", class: "chip", onclick: () => ask(q) }, q)));
    const privacy = el("p", { class: "privacy", text: l.privacy + " " });
    if (privacyUrl) privacy.append(outLink(privacyUrl, l.privacyLink, state.lang));
    intro.append(chips, privacy);
  }

  function setLang(code) {
    state.lang = code;
    save();
    renderLabels();
  }

  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", String(open));
    host.classList.toggle("open", open);
    if (open) { scrollDown(); input.focus(); } else launcher.focus();
  }
  launcher.addEventListener("click", () => setOpen(panel.hidden));
  panel.addEventListener("keydown", (event) => { if (event.key === "Escape") setOpen(false); });

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  // ---- cards
  const LIST_LINE = /^\s*(\d+\.\s|\|)/;
  function geoLead(text, source) {
    return str(text).split("\n").filter((line) => !LIST_LINE.test(line) && !(source && line.includes(source))).join("\n");
  }
  function without(text, drop) {
    return str(text).split("\n").filter((line) => !drop || !line.includes(drop)).join("\n");
  }
  function sourceLine(source, lang) {
    return source ? el("p", { class: "source", text: L[lang].source + " " + source }) : null;
  }
  function mapFigure(card, lang) {
    const url = webUrl(card.map_image_url);
    if (!url) return null;
    return el("figure", { class: "map" }, el("img", { src: url, alt: str(card.map_alt) || L[lang].map,
      loading: "lazy", width: "640", height: "480" }));
  }
  function contactList(channels, lang) {
    const list = el("ul", { class: "contacts" });
    const seen = new Set();
    (Array.isArray(channels) ? channels : []).forEach((c) => {
      if (!c || typeof c !== "object") return;
      const phone = str(c.phone).replace(/[^\d+ ()-]/g, "");
      const email = str(c.email);
      const address = str(c.address);
      if (phone && !seen.has(phone)) {
        seen.add(phone);
        list.append(el("li", {}, L[lang].phone + ": ", el("a", { href: "tel:" + phone.replace(/[^\d+]/g, ""), text: phone })));
      }
      if (/^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i.test(email) && !seen.has(email)) {
        seen.add(email);
        list.append(el("li", {}, L[lang].email + ": ", el("a", { href: "mailto:" + email, text: email })));
      }
      if (address && !seen.has(address)) {
        seen.add(address);
        list.append(el("li", { text: L[lang].address + ": " + address }));
      }
    });
    return list.children.length ? list : null;
  }

  const renderers = {
    term(card, text, lang) {
      return [el("h3", { text: str(card.title) }), paragraphs(card.text), outLink(card.url, L[lang].more, lang)];
    },
    service_list(card, text, lang) {
      const items = Array.isArray(card.items) ? card.items.filter((i) => i && str(i.name)) : [];
      if (!items.length) return [paragraphs(text)];
      const list = el("ul", { class: "services" });
      items.forEach((item) => {
        const itemLang = LANGS.includes(item.lang) ? item.lang : lang;
        const url = webUrl(item.url);
        const name = url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, str(item.name), " ",
          srOnly(L[lang].newWindow)) : str(item.name);
        list.append(el("li", { lang: itemLang },
          el("h3", {}, name),
          str(item.provider) ? el("p", { class: "provider", text: str(item.provider) }) : null,
          str(item.summary) ? el("p", { text: str(item.summary) }) : null,
          contactList(item.channels, lang)));
      });
      return [el("p", { class: "lead", text: str(text).split("\n")[0] }), list];
    },
    geo_count(card, text, lang) {
      return [paragraphs(geoLead(text, str(card.source)), "lead"), mapFigure(card, lang),
        outLink(card.map_url, L[lang].map, lang), sourceLine(str(card.source), lang)];
    },
    geo_ranking(card, text, lang) {
      const lead = geoLead(text, str(card.source)).split("\n").filter((line) => line.trim());
      const table = el("table", {}, el("caption", { text: lead[0] || "" }),
        el("thead", {}, el("tr", {}, ...[L[lang].rank, card.area ? L[lang].kind : L[lang].area, L[lang].count]
          .map((h) => el("th", { scope: "col", text: h })))));
      const body = el("tbody");
      (Array.isArray(card.items) ? card.items : []).forEach((item, i) => {
        body.append(el("tr", {}, el("td", { text: String(i + 1) }), el("th", { scope: "row", text: str(item.label) }),
          el("td", { text: String(Number(item.count) || 0) })));
      });
      table.append(body);
      return [table, lead.length > 1 ? paragraphs(lead.slice(1).join("\n"), "notes") : null, mapFigure(card, lang),
        sourceLine(str(card.source), lang)];
    },
    campaign(card, text, lang) {
      return [paragraphs(without(text, str(card.source))), sourceLine(str(card.source), lang),
        outLink(card.source_url, L[lang].sourceLink, lang)];
    },
    fallback(card, text, lang) {
      const contact = str(card.contact);
      return [paragraphs(without(text, contact)),
        contact ? el("p", { class: "contact" }, el("strong", { text: L[lang].contact + " " }), contact) : null];
    },
  };
  renderers.experiment = renderers.campaign;
  // What the bot will take into account about the user: the text says it in words, the card only has keys.
  renderers.profile = (card, text) => [paragraphs(text)];

  function renderCard(card, text) {
    const lang = langOf(card && card.lang);
    const draw = card && typeof card === "object" && renderers[card.type];
    const parts = draw ? draw(card, text, lang) : [paragraphs(text)];
    return el("div", { class: "card " + (draw ? card.type : "message") }, ...parts.filter(Boolean));
  }

  // ---- messages
  function bubble(who, lang, ...content) {
    const l = t();
    return el("div", { class: "msg " + who }, srOnly(who === "user" ? l.you : l.bot),
      el("div", { class: "bubble", lang }, ...content));
  }

  function retireChoices() {
    // Quick replies already answered leave the tab order.
    log.querySelectorAll(".choices button:not([disabled])").forEach((b) => { b.disabled = true; });
    state.entries.forEach((e) => { e.used = true; });
  }

  function feedbackRow(entry) {
    const card = entry.message.custom;
    const lang = langOf(card.lang);
    const row = el("div", { class: "feedback", role: "group", "aria-label": L[lang].rate, lang });
    const status = el("p", { class: "rated", role: "status" });
    if (entry.rated) {
      status.textContent = entry.rated === "failed" ? L[lang].rateFailed : L[lang].thanks;
      row.append(status);
      return row;
    }
    ["up", "down"].forEach((rating) => {
      row.append(el("button", { type: "button", class: "rate " + rating, "aria-label": L[lang][rating],
        title: L[lang][rating], onclick: () => rate(entry, rating, row, status) }, icon("thumb", rating)));
    });
    row.append(status);
    return row;
  }

  // The bot logs an answer a moment after sending it: a rating given at once may find it not logged yet (404).
  const RATE_RETRY_MS = [700, 1500, 3000];
  function sendRating(answerId, rating, attempt) {
    return fetch(apiBase + "/feedback", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer_id: answerId, rating, comment: null }),
    }).then((r) => (r.status === 404 && attempt < RATE_RETRY_MS.length
      ? new Promise((done) => setTimeout(done, RATE_RETRY_MS[attempt]))
        .then(() => sendRating(answerId, rating, attempt + 1))
      : r.status === 201));
  }

  function rate(entry, rating, row, status) {
    // Disabling and replacing the pressed button would drop keyboard focus out of the panel (and Escape
    // with it): give it back to the input.
    const hadFocus = row.contains(root.activeElement);
    row.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    if (hadFocus) input.focus();
    sendRating(entry.message.custom.answer_id, rating, 0)
      .then((stored) => { entry.rated = stored ? rating : "failed"; })
      .catch(() => { entry.rated = "failed"; })
      .finally(() => {
        save();
        row.replaceWith(feedbackRow(entry));
      });
  }

  function showEntry(entry) {
    if (entry.who === "user") {
      log.append(bubble("user", entry.lang, entry.text));
      return;
    }
    const message = entry.message || {};
    const card = message.custom && typeof message.custom === "object" ? message.custom : null;
    const lang = langOf(card && card.lang);
    const parts = [renderCard(card, message.text)];
    if (Array.isArray(message.buttons) && message.buttons.length) {
      const row = el("div", { class: "choices" });
      message.buttons.forEach((b) => {
        if (!b || !str(b.title) || !str(b.payload)) return;
        row.append(el("button", { type: "button", class: "chip", disabled: entry.used,
          onclick: () => ask(b.payload, b.title, lang) }, str(b.title)));
      });
      parts.push(row);
    }
    if (card && typeof card.answer_id === "string" && card.answer_id) parts.push(feedbackRow(entry));
    log.append(bubble("bot", lang, ...parts));
  }

  function record(entry) {
    state.entries.push(entry);
    save();
    showEntry(entry);
  }

  // ---- talking to the bot
  let rasaUrl = null;
  function findRasa() {
    if (data.rasa) return Promise.resolve(data.rasa.replace(/\/+$/, ""));
    if (rasaUrl) return Promise.resolve(rasaUrl);
    return fetch(apiBase + "/widget-config.json").then((r) => {
      if (!r.ok) throw new Error("config " + r.status);
      return r.json();
    }).then((config) => { rasaUrl = String(config.rasa_url).replace(/\/+$/, ""); return rasaUrl; });
  }
  function post(message, sender, lang) {
    return findRasa().then((url) => fetch(url + "/webhooks/rest/webhook", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender || state.sender, message,
        metadata: { channel: "widget", lang: lang || state.lang } }),
    }));
  }

  let typing = null;
  function setBusy(busy) {
    log.setAttribute("aria-busy", String(busy));
    const hadFocus = root.activeElement === input || root.activeElement === sendButton;
    input.disabled = busy;
    sendButton.disabled = busy;
    if (busy) {
      typing = el("div", { class: "typing", role: "status" }, srOnly(t().typing),
        el("span", { class: "dots", "aria-hidden": "true" }, el("i"), el("i"), el("i")));
      log.append(typing);
    } else {
      if (typing) typing.remove();
      typing = null;
      if (hadFocus || root.activeElement === null) input.focus();
    }
    scrollDown();
  }

  function ask(text, shown, lang) {
    if (!text || !text.trim() || input.disabled) return;
    retireChoices();
    log.querySelectorAll(".error").forEach((e) => e.remove());
    record({ who: "user", text: shown || text, lang: lang || state.lang });
    send(text, lang);
  }

  // `lang`: a button's answer goes on in the language of the message it belongs to, not the widget's.
  function send(text, lang) {
    setBusy(true);
    post(text, null, lang)
      .then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then((messages) => {
        setBusy(false);
        (Array.isArray(messages) ? messages : []).forEach((m) => {
          if (m && typeof m === "object") record({ who: "bot", message: m });
        });
      })
      .catch(() => {
        setBusy(false);
        const retry = el("button", { type: "button", class: "retry" }, t().retry);
        const error = el("div", { class: "error", role: "alert" }, el("p", { text: t().error }), retry);
        retry.addEventListener("click", () => { error.remove(); send(text, lang); });
        log.append(error);
        retry.focus();
      })
      .finally(scrollDown);
  }

  function newConversation() {
    // Rasa forgets the old conversation (its /restart), and this tab starts a new one.
    post("/restart", state.sender).catch(() => { /* the server's session expires anyway */ });
    state.sender = newSender();
    state.entries = [];
    save();
    log.textContent = "";
    log.append(intro);
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    ask(text);
  });

  function start() {
    renderLabels();
    log.append(intro);
    state.entries.forEach(showEntry);
    panel.hidden = !state.open;
    launcher.setAttribute("aria-expanded", String(state.open));
    host.classList.toggle("open", state.open);
    document.body.append(host);
    scrollDown();
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
