// Maintainers' page: dashboard, review inbox and gated retrain over /maintainer/api (routes/maintainer.py).
// No libraries: the charts are small SVGs drawn here. Every text from the server goes in as textContent.
"use strict";

const API = "api";
const SVG = "http://www.w3.org/2000/svg";
const $ = (selector) => document.querySelector(selector);
let targets = { terms: [], intents: [] };
let pollTimer = null;

async function api(path, options = {}) {
  const response = await fetch(`${API}/${path}`, {
    credentials: "same-origin",
    headers: options.body ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (response.status === 401 && path !== "login") {
    showLogin();
    throw new Error("log in first");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (_) { /* not JSON */ }
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return response.status === 204 ? null : response.json();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

function toast(message) {
  const box = $("#toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
}

// --- charts -----------------------------------------------------------------------------------------

function columnChart(container, labels, series, options = {}) {
  const width = 760, height = options.height || 200, left = 36, bottom = 22, top = 8;
  const max = Math.max(1, ...labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0)));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": options.label || "" });
  const step = (width - left) / Math.max(1, labels.length);
  const shown = new Set();
  for (const fraction of [0, 0.5, 1]) {
    const y = top + (height - top - bottom) * (1 - fraction);
    const tick = options.percent ? `${Math.round(max * fraction * 100)}%` : String(Math.round(max * fraction));
    chart.append(svg("line", { x1: left, x2: width, y1: y, y2: y, stroke: "#e4e9ee" }));
    // A small maximum rounds its half to a whole one ("0, 1, 1"): each value is labelled once.
    if (!shown.has(tick)) chart.append(svg("text", { x: 2, y: y + 4 }, tick));
    shown.add(tick);
  }
  labels.forEach((label, i) => {
    let base = height - bottom;
    for (const s of series) {
      const h = (height - top - bottom) * (s.values[i] / max);
      const bar = svg("rect", { x: left + i * step + 1, y: base - h, width: Math.max(1, step - 2), height: h,
        fill: s.color, class: "bar" });
      bar.append(svg("title", {}, `${label}: ${options.percent ? Math.round(s.values[i] * 100) + "%" : s.values[i]}`
        + (s.name ? ` ${s.name}` : "")));
      chart.append(bar);
      base -= h;
    }
    if (labels.length <= 14 || i % Math.ceil(labels.length / 10) === 0) {
      chart.append(svg("text", { x: left + i * step, y: height - 6 }, label.slice(5)));
    }
  });
  container.replaceChildren(chart);
}

function shareBars(container, counts, options = {}) {
  const entries = Object.entries(counts);
  const total = entries.reduce((sum, [, n]) => sum + n, 0) || 1;
  const row = 24, width = 760, labelWidth = options.labelWidth || 120;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${Math.max(row, entries.length * row) + 4}`, role: "img" });
  entries.forEach(([name, count], i) => {
    const share = count / (options.absolute ? Math.max(...entries.map(([, n]) => n)) : total);
    const label = name.length > 48 ? `${name.slice(0, 47)}…` : name;
    chart.append(svg("text", { x: 0, y: i * row + 16 }, label));
    chart.append(svg("rect", { x: labelWidth, y: i * row + 4, height: row - 8, fill: "#00609c", class: "bar",
      width: Math.max(2, (width - labelWidth - 90) * share) }));
    chart.append(svg("text", { x: labelWidth + (width - labelWidth - 90) * share + 6, y: i * row + 16 },
      options.absolute ? count : `${Math.round((count / total) * 100)}% (${count})`));
  });
  if (!entries.length) chart.append(svg("text", { x: 0, y: 16 }, "nothing yet"));
  container.replaceChildren(chart);
}

// --- dashboard -------------------------------------------------------------------------------------

async function loadDashboard() {
  const data = await api(`dashboard?days=${$("#days").value}`);
  const kpi = (title, value) => el("div", { class: "kpi" }, el("b", {}, value), title);
  $("#kpis").replaceChildren(
    kpi("questions", data.questions),
    kpi("fallback rate", `${Math.round(data.fallback_rate * 100)}%`),
    kpi("answers rated down", data.rated_down),
    kpi("answers rated up", data.rated_up),
  );
  const days = data.per_day.map((d) => d.day);
  columnChart($("#chart-per-day"), days, [
    { name: "fell back", values: data.per_day.map((d) => d.fell_back), color: "#00406a" },
    { name: "answered", values: data.per_day.map((d) => d.questions - d.fell_back), color: "#7fb2d6" },
  ], { label: "questions per day" });
  columnChart($("#chart-fallback"), days, [
    { values: data.per_day.map((d) => (d.questions ? d.fell_back / d.questions : 0)), color: "#b3261e" },
  ], { percent: true, height: 160 });
  columnChart($("#chart-rated"), days, [
    { values: data.per_day.map((d) => d.rated_down), color: "#b3261e" },
  ], { height: 160 });
  shareBars($("#chart-channels"), data.channels, { labelWidth: 90 });
  shareBars($("#chart-languages"), data.languages, { labelWidth: 90 });
  const groups = Object.fromEntries(data.top_groups.map((g) => [`${g.title} (${g.questions.length} wordings)`,
    g.count]));
  shareBars($("#chart-groups"), groups, { absolute: true, labelWidth: 330 });
}

// --- inbox -----------------------------------------------------------------------------------------

function slug(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "").slice(0, 40);
}

async function assign(row, question, kind, target) {
  try {
    await api("labels", { method: "POST", body: JSON.stringify({ text: question.text, kind, target,
      lang: question.lang }) });
    row.classList.add("done");
    row.querySelectorAll("button, select").forEach((b) => { b.disabled = true; });
    row.querySelector(".meta").append(el("span", { class: "tag" }, `→ ${kind}${target ? ":" + target : ""}`));
    toast(`Saved: ${kind}${target ? " " + target : ""}. It is learned at the next retrain.`);
  } catch (error) {
    toast(`Not saved: ${error.message}`);
  }
}

function questionRow(question) {
  const termSelect = el("select", { class: "term-target", "aria-label": "term" },
    ...targets.terms.map((t) => el("option", { value: t.id }, `${t.title} (${t.id})`)));
  const intentSelect = el("select", { class: "intent-target", "aria-label": "intent" },
    ...targets.intents.map((name) => el("option", { value: name }, name)));
  const row = el("div", { class: "question" });
  const reasons = question.reasons.map((r) => el("span", { class: `tag ${r.replace(" ", "-")}` }, r));
  row.append(
    el("div", {},
      el("div", { class: "text" }, question.text),
      el("div", { class: "meta" }, ...reasons,
        `${question.count}× · ${question.lang || "?"} · ${question.intent || "no intent"}`
        + (question.confidence !== null ? ` ${Math.round(question.confidence * 100)}%` : "")
        + (question.answer ? ` · answered ${question.answer}` : ""))),
    el("div", { class: "actions" },
      termSelect,
      el("button", { class: "assign-term primary", onclick: () => assign(row, question, "term", termSelect.value) },
        "Term"),
      el("button", { class: "assign-service", onclick: () => assign(row, question, "service", null) },
        "Service need"),
      el("button", {
        class: "assign-new-term",
        onclick: () => {
          const id = window.prompt("Id of the new term (a-z, 0-9, _):", slug(question.text));
          if (id) assign(row, question, "new_term", id);
        },
      }, "New term"),
      intentSelect,
      el("button", { class: "assign-intent", onclick: () => assign(row, question, "intent", intentSelect.value) },
        "Intent"),
      el("button", { class: "ignore", onclick: () => assign(row, question, "ignore", null) }, "Ignore"),
    ),
  );
  return row;
}

async function loadInbox() {
  if (!targets.terms.length) targets = await api("targets");
  const since = $("#since").value ? `?since=${$("#since").value}` : "";
  const data = await api(`inbox${since}`);
  const groups = data.groups.map((group) => el("div", { class: "group" },
    el("h3", {}, el("span", {}, group.title), el("span", {}, `${group.count} asked`)),
    ...group.questions.map(questionRow)));
  $("#groups").replaceChildren(...(groups.length ? groups : [el("p", { class: "hint" }, "Nothing to review.")]));
}

// --- retrain ---------------------------------------------------------------------------------------

const seconds = (s) => (s === undefined || s === null ? "" : `${Math.floor(s / 60)}:${String(Math.round(s % 60))
  .padStart(2, "0")}`);
const percent = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);

function renderRetrain(status) {
  $("#steps").replaceChildren(...status.steps.map((step) => el("div", { class: `step ${step.state}`,
    "data-step": step.step },
  el("span", {}, step.title || step.step),
  el("div", { class: "bar" }, el("span", { style: `width:${Math.round((step.fraction || 0) * 100)}%` })),
  el("span", {}, `${step.state === "running" ? "…" : ""}${seconds(step.seconds)}`),
  el("div", { class: "detail" }, step.detail || ""))));
  const result = status.result;
  const box = $("#retrain-result");
  if (result) {
    const verdict = result.deployed ? "deployed" : result.refused ? "refused" : "failed";
    const headline = result.deployed ? "The new model is answering now."
      : result.refused ? "Refused: the new model is worse than the running one." : `Failed: ${result.error || ""}`;
    const change = result.accuracy_change === undefined || result.accuracy_change === null ? "–"
      : `${result.accuracy_change >= 0 ? "+" : ""}${(result.accuracy_change * 100).toFixed(1)} points `
        + `(${result.compared} of ${result.dev_total} questions asked of both models)`;
    const rows = [["running model", percent(result.running_accuracy)], ["new model", percent(result.new_accuracy)],
      ["change on the dev sets", change], ["allowed drop", percent(result.margin)], ["trained", result.training || "–"],
      ["labelled questions answered", result.labels_checked ? `${result.labels_answered}/${result.labels_checked}` : "–"],
      ["took", seconds(result.seconds)]];
    box.replaceChildren(el("div", { class: `verdict ${verdict}` }, el("strong", {}, headline),
      el("table", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))),
      ...(result.worse_cases || []).slice(0, 10).map((c) => el("div", { class: "hint" },
        `now wrong: "${c.text}" (${c.reason})`))));
  } else if (status.exit_code && status.exit_code !== 0) {
    box.replaceChildren(el("div", { class: "verdict failed" }, `Retrain failed (exit ${status.exit_code}); see `
      + "var/logs/retrain.log."));
  } else {
    box.replaceChildren();
  }
  $("#retrain-start").disabled = status.running || status.starting;
}

async function pollRetrain() {
  clearTimeout(pollTimer);
  const status = await api("retrain");
  renderRetrain(status);
  if (status.running || status.starting) {
    pollTimer = setTimeout(() => pollRetrain().catch(() => {}), 1000);
  }
}

async function startRetrain() {
  try {
    // The last retrain's steps and verdict go at once: nothing on the page may look like this run's result.
    $("#retrain-start").disabled = true;
    $("#steps").replaceChildren();
    $("#retrain-result").replaceChildren();
    await api("retrain", { method: "POST" });
    setTimeout(() => pollRetrain().catch(() => {}), 500);
  } catch (error) {
    toast(error.message);
    $("#retrain-start").disabled = false;
  }
}

// --- navigation --------------------------------------------------------------------------------------

function showLogin() {
  document.querySelectorAll(".tab").forEach((t) => { t.hidden = true; });
  $("#tabs").hidden = true;
  $("#login-view").hidden = false;
  $("#password").focus();
}

function showTab(name) {
  $("#login-view").hidden = true;
  $("#tabs").hidden = false;
  document.querySelectorAll("#tabs [data-tab]").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => { t.hidden = t.id !== name; });
  const load = { dashboard: loadDashboard, inbox: loadInbox, retrain: pollRetrain }[name];
  load().catch((error) => toast(error.message));
}

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("login", { method: "POST", body: JSON.stringify({ password: $("#password").value }) });
    $("#password").value = "";
    $("#login-error").textContent = "";
    showTab("dashboard");
  } catch (error) {
    $("#login-error").textContent = error.message;
  }
});
$("#logout").addEventListener("click", async () => { await api("logout", { method: "POST" }); showLogin(); });
document.querySelectorAll("#tabs [data-tab]").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
$("#days").addEventListener("change", () => loadDashboard().catch((e) => toast(e.message)));
$("#reload-inbox").addEventListener("click", () => loadInbox().catch((e) => toast(e.message)));
$("#retrain-start").addEventListener("click", startRetrain);

api("session").then(() => showTab("dashboard")).catch(() => showLogin());
