// Chat widget: talks to the Rasa REST channel and renders reply cards (docs/ARCHITECTURE.md).
// Embed: <div id="citybot" data-rasa="https://bot.example.fi" data-lang="fi"></div><script src=".../widget.js"></script>
(function () {
  "use strict";
  const root = document.getElementById("citybot");
  if (!root) return;
  const labels = {
    fi: { title: "Kaupungin chatbot", placeholder: "Kirjoita kysymys…", send: "Lähetä", error: "Yhteys bottiin katkesi. Yritä hetken päästä uudelleen.", more: "Lisätietoa" },
    sv: { title: "Stadens chattbot", placeholder: "Skriv en fråga…", send: "Skicka", error: "Anslutningen till boten bröts. Försök igen om en stund.", more: "Mer information" },
    en: { title: "City chatbot", placeholder: "Type a question…", send: "Send", error: "Lost the connection to the bot. Please try again in a moment.", more: "More information" },
  };
  const lang = labels[root.dataset.lang] ? root.dataset.lang : (labels[document.documentElement.lang] ? document.documentElement.lang : "fi");
  const t = labels[lang];
  const sender = sessionStorage.getItem("citybot-sender") || "web-" + Math.random().toString(36).slice(2, 12);
  sessionStorage.setItem("citybot-sender", sender);

  function rasaUrl() {
    if (root.dataset.rasa) return Promise.resolve(root.dataset.rasa.replace(/\/$/, ""));
    return fetch("widget-config.json").then((r) => r.json()).then((c) => c.rasa_url);
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text; // never innerHTML: bot text may echo user input
    return node;
  }

  const box = el("section", "citybot");
  box.setAttribute("aria-label", t.title);
  const log = el("div", "log");
  log.setAttribute("aria-live", "polite");
  const form = el("form");
  const input = el("input");
  input.placeholder = t.placeholder;
  input.maxLength = 2000;
  input.setAttribute("aria-label", t.placeholder);
  const send = el("button", null, t.send);
  form.append(input, send);
  box.append(el("header", null, t.title), log, form);
  root.append(box);

  function safeLink(url, label) {
    const a = el("a", null, label);
    if (/^https?:\/\//.test(url || "")) { a.href = url; a.target = "_blank"; a.rel = "noopener"; }
    return a;
  }

  function renderCard(card) {
    const node = el("div", "card");
    if (card.type === "term" && card.url) node.append(safeLink(card.url, t.more));
    if (card.type === "service_list" && Array.isArray(card.items)) {
      const list = el("ol");
      card.items.forEach((item) => {
        const li = el("li");
        li.append(item.url ? safeLink(item.url, item.name) : el("span", null, item.name));
        if (item.provider) li.append(el("span", null, " – " + item.provider));
        list.append(li);
      });
      node.append(list);
    }
    if ((card.type === "geo_count" || card.type === "geo_ranking") && card.map_url) node.append(safeLink(card.map_url, "🗺"));
    return node;
  }

  function addBot(message) {
    const bubble = el("div", "msg bot", message.text || "");
    if (message.custom && typeof message.custom === "object") bubble.append(renderCard(message.custom));
    log.append(bubble);
    if (Array.isArray(message.buttons) && message.buttons.length) {
      const row = el("div", "buttons");
      message.buttons.forEach((b) => {
        const button = el("button", null, b.title);
        button.type = "button";
        button.addEventListener("click", () => ask(b.payload, b.title));
        row.append(button);
      });
      log.append(row);
    }
  }

  function ask(text, shown) {
    if (!text || !text.trim()) return;
    log.append(el("div", "msg user", shown || text));
    log.scrollTop = log.scrollHeight;
    rasaUrl()
      .then((url) => fetch(url + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender, message: text, metadata: { lang, channel: "widget" } }),
      }))
      .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then((messages) => messages.forEach(addBot))
      .catch(() => log.append(el("div", "error", t.error)))
      .finally(() => { log.scrollTop = log.scrollHeight; });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
  });
})();
