// speedblock workbench: the page's behaviour. Plain JavaScript, no library: it talks to
// the JSON API of workbench/app.py and draws the editor, the calendar and the results.
"use strict";

const app = document.getElementById("app");
const NAME = app.dataset.scenario;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const COLOURS = {
  rest: "#cbd2d9", recovery: "#a8dadc", easy: "#81c784", long: "#2e7d32",
  strides: "#ffd54f", hills: "#a1887f", tempo: "#ffb74d", threshold: "#f57c00",
  vo2max: "#e53935", speed_endurance: "#8e24aa", race_pace: "#ec407a",
  time_trial: "#5c6bc0", cross: "#64b5f6", race: "#1a237e",
};
const DOWNLOADS = [
  ["json", "Plan JSON"], ["ics", "Calendar (.ics)"], ["fit", "FIT workouts (.zip)"],
  ["intervals", "intervals.icu (.zip)"], ["md", "Markdown"], ["csv", "CSV"],
  ["report", "HTML report"],
];

const state = { form: null, raceCount: 0, view: null, undo: [], redo: [], polling: null };

function $(id) { return document.getElementById(id); }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({ error: { message: "the server's answer is not JSON" } }));
  if (!response.ok) {
    const error = new Error((data.error && (data.error.line || data.error.message)) || response.statusText);
    error.details = data.errors || [];
    throw error;
  }
  return data;
}

const q = (params) => new URLSearchParams({ name: NAME, ...params }).toString();

function showMessage(text, kind = "error") {
  const box = $("message");
  box.textContent = text || "";
  box.className = "message " + (text ? kind : "");
}

// ------------------------------------------------------------------ the scenario form

function fieldInput(field, value) {
  const id = "f-" + field.path.replace(/[^a-z0-9]+/gi, "-");
  let input;
  if (field.kind === "choice") {
    input = el("select", { id });
    input.append(el("option", { value: "", text: `(default: ${field.default})` }));
    for (const choice of field.choices) input.append(el("option", { value: choice, text: choice }));
    input.value = value || "";
  } else {
    const type = field.kind === "date" ? "date" : (field.kind === "int" || field.kind === "float") ? "number" : "text";
    input = el("input", { id, type, placeholder: field.default, step: field.kind === "float" ? "any" : undefined });
    input.value = value || "";
  }
  input.dataset.field = field.path;
  input.addEventListener("input", () => { markDirty(); validateSoon(); });
  return [id, input];
}

function renderForm(form) {
  state.form = form;
  const root = $("scenario-form");
  root.replaceChildren();
  for (const section of form.sections) {
    const set = el("fieldset", {}, el("legend", { text: section.title }));
    for (const field of section.fields) {
      const [id, input] = fieldInput(field, form.values[field.path]);
      set.append(el("div", { class: "field" },
        el("label", { for: id, text: field.label }), input,
        el("span", { class: "default", text: "default: " + field.default }),
        el("span", { class: "field-error", "data-error-for": field.path })));
    }
    root.append(set);
  }
  state.raceCount = form.values.races || 0;
  const head = $("races").tHead;
  head.replaceChildren(el("tr", {}, ...form.race_fields.map((f) => el("th", { text: f.label })), el("th")));
  const body = $("races").tBodies[0];
  body.replaceChildren();
  for (let i = 0; i < state.raceCount; i++) addRaceRow(i, form.values);
  showErrors(form.errors);
}

function addRaceRow(index, values = {}) {
  const row = el("tr", { class: "race" });
  for (const field of state.form.race_fields) {
    const path = `races[${index}].${field.path}`;
    const [, input] = fieldInput({ ...field, path }, values[path]);
    row.append(el("td", {}, input, el("span", { class: "field-error", "data-error-for": path })));
  }
  row.append(el("td", {}, el("button", { type: "button", class: "remove-race", text: "Remove", onclick: () => { row.remove(); renumberRaces(); markDirty(); validateSoon(); } })));
  $("races").tBodies[0].append(row);
}

function renumberRaces() {
  [...$("races").tBodies[0].rows].forEach((row, i) => {
    for (const node of row.querySelectorAll("[data-field]")) node.dataset.field = node.dataset.field.replace(/^races\[\d+\]/, `races[${i}]`);
    for (const node of row.querySelectorAll("[data-error-for]")) node.dataset.errorFor = node.dataset.errorFor.replace(/^races\[\d+\]/, `races[${i}]`);
  });
  state.raceCount = $("races").tBodies[0].rows.length;
}

function formValues() {
  const values = {};
  for (const node of document.querySelectorAll("#editor [data-field]")) values[node.dataset.field] = node.value;
  values.races = $("races").tBodies[0].rows.length;
  return values;
}

function showErrors(errors) {
  for (const node of document.querySelectorAll("[data-error-for]")) node.textContent = "";
  for (const node of document.querySelectorAll("#editor .invalid")) node.classList.remove("invalid");
  const list = $("form-errors");
  list.replaceChildren();
  for (const error of errors || []) {
    list.append(el("li", { text: "error: " + (error.line || error.message) }));
    const spot = error.field && document.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (spot) {
      spot.textContent = error.message;
      const input = document.querySelector(`#editor [data-field="${CSS.escape(error.field)}"]`);
      if (input) input.classList.add("invalid");
    }
  }
}

let validateTimer = null;
function validateSoon() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(async () => {
    try { showErrors((await api("POST", "/api/scenario/validate", { name: NAME, values: formValues() })).errors); }
    catch (error) { showMessage(error.message); }
  }, 250);
}

let dirty = false;
function markDirty() { dirty = true; $("save-state").textContent = "unsaved changes"; }

async function save() {
  try {
    await api("PUT", "/api/scenario", { name: NAME, values: formValues() });
    dirty = false;
    $("save-state").textContent = "saved";
    showErrors([]);
    return true;
  } catch (error) {
    showErrors(error.details);
    $("save-state").textContent = "not saved: fix the errors";
    return false;
  }
}

// ------------------------------------------------------------------ solving

function fmt(value, digits = 1) {
  if (value === null || value === undefined) return "-";
  const n = Number(value);
  return Number.isFinite(n) ? n.toFixed(digits) : String(value);
}

function showJob(job) {
  const p = job.progress;
  let line = `${job.kind === "reoptimize" ? "re-optimizing" : "solving"}: ${job.state}, ${fmt(job.elapsed)} s`;
  if (p) {
    const gap = p.bound ? Math.abs(p.bound - p.objective) / Math.max(1, Math.abs(p.objective)) * 100 : null;
    line += `; objective ${fmt(p.objective, 2)}, bound ${fmt(p.bound, 2)}, gap ${gap === null ? "-" : gap.toFixed(2) + "%"}; ${job.improvements} improved plan(s)`;
  }
  if (job.status) line += `; ${job.status}`;
  $("progress").textContent = line;
  const running = job.state === "running";
  $("cancel").disabled = !running;
  $("solve").disabled = running;
  $("reoptimize").disabled = running || !(state.view && state.view.plan && state.view.plan.days);
}

async function startSolve(reoptimize) {
  showMessage("");
  $("conflicts").replaceChildren();
  if (!reoptimize && dirty && !(await save())) return;
  const limit = Number($("time-limit").value) || Number(app.dataset.timeLimit);
  try {
    showJob(await api("POST", "/api/solve", { name: NAME, time_limit: limit, reoptimize }));
    poll();
  } catch (error) { showMessage(error.message); }
}

function poll() {
  clearTimeout(state.polling);
  state.polling = setTimeout(async () => {
    let job;
    try { job = await api("GET", "/api/job?" + q({})); } catch (error) { showMessage(error.message); return; }
    showJob(job);
    if (job.state === "running") { poll(); return; }
    if (job.state === "failed") showMessage(job.error || "the solve failed");
    if (job.state === "cancelled") showMessage("cancelled: the plan before the solve is kept", "info");
    if (job.state === "done") {
      if (job.conflicts && job.conflicts.length) showConflicts(job.conflicts);
      else if (job.status === "UNKNOWN") showMessage(job.message || "no plan within the time limit", "info");
      const before = state.view && state.view.plan ? snapshot() : null;
      await loadPlan();
      if (before && job.kind === "reoptimize" && !(job.conflicts && job.conflicts.length)) pushUndo(before);
      if (job.kind === "reoptimize") showChanges();
    }
  }, 300);
}

function showConflicts(conflicts) {
  const box = $("conflicts");
  box.replaceChildren(el("p", { text: "No plan keeps every rule with these changes. These rules conflict:" }));
  const list = el("ul");
  for (const c of conflicts) {
    const item = el("li", { text: `${c.constraint}: ${c.detail}` });
    if (c.hint) item.append(el("div", { class: "hint", text: "relax: " + c.hint }));
    list.append(item);
  }
  box.append(list);
}

function showChanges() {
  const box = $("changes");
  box.replaceChildren();
  const changes = state.view && state.view.plan && state.view.plan.workbench_changes;
  if (!changes) return;
  const gain = changes.weighted_perf_change;
  box.append(el("p", { text: `Re-optimized: ${changes.days.length} day(s) moved; race-day performance ${gain >= 0 ? "+" : ""}${gain.toFixed(2)}.` }));
  const list = el("ul", { id: "changed-days" });
  for (const day of changes.days) list.append(el("li", { "data-date": day.date, text: `${day.date}: ${day.before} -> ${day.after}` }));
  box.append(list);
}

// ------------------------------------------------------------------ the plan

async function loadPlan() {
  const view = await api("GET", "/api/plan?" + q({}));
  state.view = view;
  renderPlan();
  if (view.job && view.job.state === "running") { showJob(view.job); poll(); }
}

function snapshot() {
  return { sessions: state.view.plan.days.map((d) => d.session), pinned: [...state.view.pinned] };
}

function pushUndo(before) {
  state.undo.push(before);
  state.redo = [];
  updateUndo();
}

function updateUndo() {
  $("undo").disabled = !state.undo.length;
  $("redo").disabled = !state.redo.length;
}

async function applyEdit(sessions, pinned, record = true) {
  const before = snapshot();
  try {
    state.view = await api("POST", "/api/plan/edit", { name: NAME, sessions, pinned });
    if (record) pushUndo(before);
    $("changes").replaceChildren();
    renderPlan();
  } catch (error) { showMessage(error.message); }
}

async function undo() {
  if (!state.undo.length) return;
  const target = state.undo.pop();
  state.redo.push(snapshot());
  await applyEdit(target.sessions, target.pinned, false);
  updateUndo();
}

async function redo() {
  if (!state.redo.length) return;
  const target = state.redo.pop();
  state.undo.push(snapshot());
  await applyEdit(target.sessions, target.pinned, false);
  updateUndo();
}

function renderPlan() {
  const view = state.view;
  const plan = view.plan;
  const cal = $("calendar");
  cal.replaceChildren();
  $("violations").replaceChildren();
  $("summary").replaceChildren();
  $("downloads").replaceChildren();
  $("reoptimize").disabled = !(plan && plan.days && plan.days.length);
  if (!plan || !plan.days || !plan.days.length) {
    cal.append(el("p", { class: "muted", text: "No plan yet: press Solve." }));
    return;
  }
  const byDate = {}, byWeek = {};
  for (const v of view.violations) {
    if (v.date) (byDate[v.date] = byDate[v.date] || []).push(v);
    else if (v.week) (byWeek[v.week] = byWeek[v.week] || []).push(v);
  }
  const pinned = new Set(view.pinned), races = new Set(view.race_days), blocked = new Set(view.blocked);
  // Weeks are counted from the block's first day, whatever weekday it is.
  const startDay = (new Date(plan.days[0].date + "T00:00:00Z").getUTCDay() + 6) % 7;
  const names = WEEKDAYS.map((_, i) => WEEKDAYS[(startDay + i) % 7]);
  const header = el("div", { class: "week header" }, el("div", { class: "week-label", text: "Week" }),
    ...names.map((d) => el("div", { class: "weekday", text: d })), el("div", { class: "week-total", text: "Load" }));
  cal.append(header);
  plan.weeks.forEach((week, w) => {
    const row = el("div", { class: "week", "data-week": week.index });
    row.append(el("div", { class: "week-label", text: `${week.index}` }));
    const days = plan.days.slice(w * 7, w * 7 + week.days);
    days.forEach((day, i) => row.append(dayCell(day, w * 7 + i, { pinned, races, blocked, byDate })));
    for (let i = days.length; i < 7; i++) row.append(el("div", { class: "day empty" }));
    const weekIssues = byWeek[week.index] || [];
    const total = el("div", { class: "week-total" + (weekIssues.length ? " broken" : ""), text: `${week.load}` });
    if (weekIssues.length) total.title = weekIssues.map((v) => `${v.constraint}: ${v.detail}`).join("\n");
    row.append(total);
    cal.append(row);
  });
  for (const v of view.violations) {
    $("violations").append(el("li", { "data-constraint": v.constraint, text: `${v.constraint}${v.week ? ` (week ${v.week}${v.date ? ", " + v.date : ""})` : v.date ? ` (${v.date})` : ""}: ${v.detail}` }));
  }
  if (!view.violations.length) $("violations").append(el("li", { class: "ok", id: "no-violation", text: "none: the plan keeps every rule" }));
  renderSummary(plan);
  const stamp = Date.now();
  $("chart-load").src = "/api/chart?" + q({ kind: "load", t: stamp });
  $("chart-fitness").src = "/api/chart?" + q({ kind: "fitness", t: stamp });
  for (const [format, label] of DOWNLOADS) {
    $("downloads").append(el("a", { href: "/api/download?" + q({ format }), "data-format": format, download: "", text: label }), " ");
  }
  updateUndo();
  loadPlanFiles();
}

function dayCell(day, index, marks) {
  const colour = COLOURS[day.type] || "#9e9e9e";
  const isRace = marks.races.has(day.date);
  const issues = marks.byDate[day.date] || [];
  const cell = el("div", {
    class: "day" + (isRace ? " race" : "") + (marks.pinned.has(day.date) ? " pinned" : "") + (issues.length ? " broken" : "") + (marks.blocked.has(day.date) ? " blocked" : ""),
    "data-date": day.date, "data-session": day.session, "data-index": index,
    draggable: isRace ? "false" : "true", tabindex: "0",
    style: `border-left-color: ${colour}`,
    title: (day.description || day.session) + (issues.length ? "\n\n" + issues.map((v) => `${v.constraint}: ${v.detail}`).join("\n") : ""),
  },
  el("span", { class: "date", text: day.date.slice(5) }),
  el("span", { class: "session", text: day.session }),
  el("span", { class: "numbers", text: day.minutes ? `${day.minutes} min, load ${day.load}` : "" }));
  if (marks.pinned.has(day.date)) cell.append(el("span", { class: "pin", text: "pinned" }));
  if (!isRace) {
    cell.addEventListener("click", () => openPicker(day.date, index, cell));
    cell.addEventListener("dragstart", (event) => { event.dataTransfer.setData("text/plain", String(index)); });
    cell.addEventListener("dragover", (event) => event.preventDefault());
    cell.addEventListener("drop", (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer.getData("text/plain"));
      if (!Number.isNaN(from) && from !== index) swapDays(from, index);
    });
  }
  return cell;
}

async function openPicker(date, index, cell) {
  const picker = $("picker");
  let options;
  try { options = (await api("GET", "/api/day?" + q({ date }))).sessions; } catch (error) { showMessage(error.message); return; }
  picker.replaceChildren(el("p", { text: `Sessions allowed on ${date}:` }));
  const list = el("ul");
  for (const s of options) {
    list.append(el("li", {}, el("button", { type: "button", "data-session": s.id, text: `${s.id} (${s.type}, ${s.minutes} min, load ${s.load})`, onclick: () => { picker.hidden = true; pinDay(index, date, s.id); } })));
  }
  picker.append(list, el("button", { type: "button", text: "Close", onclick: () => { picker.hidden = true; } }));
  picker.hidden = false;
  cell.after(picker);
}

function pinDay(index, date, session) {
  const { sessions, pinned } = snapshot();
  sessions[index] = session;
  applyEdit(sessions, [...new Set([...pinned, date])]);
}

function swapDays(a, b) {
  const { sessions, pinned } = snapshot();
  const days = state.view.plan.days;
  [sessions[a], sessions[b]] = [sessions[b], sessions[a]];
  applyEdit(sessions, [...new Set([...pinned, days[a].date, days[b].date])]);
}

function renderSummary(plan) {
  const box = $("summary");
  const races = el("table", { class: "data" }, el("tr", {}, ...["Race", "Date", "Priority", "Performance"].map((h) => el("th", { text: h }))));
  for (const r of plan.races || []) races.append(el("tr", {}, el("td", { text: r.name || r.distance }), el("td", { text: r.date }), el("td", { text: r.priority }), el("td", { text: fmt(r.perf, 1) })));
  const penalties = el("table", { class: "data" }, el("tr", {}, ...["Penalty", "Weight", "Value", "Cost"].map((h) => el("th", { text: h }))));
  for (const p of plan.penalties || []) penalties.append(el("tr", {}, el("td", { text: p.name }), el("td", { text: fmt(p.weight, 2) }), el("td", { text: fmt(p.value, 0) }), el("td", { text: fmt(p.cost, 2) })));
  const m = state.view.metrics || {};
  const metrics = el("table", { class: "data", id: "metrics" });
  for (const [label, key, digits] of [["Total load", "total_load", 0], ["Total minutes", "total_minutes", 0], ["Hard days", "hard_days", 0], ["Easy share", "easy_share", 2], ["Highest ACWR", "max_acwr", 2], ["Highest monotony", "max_monotony", 2], ["Highest ramp (%)", "max_ramp_pct", 1]]) {
    metrics.append(el("tr", {}, el("th", { text: label }), el("td", { text: fmt(m[key], digits) })));
  }
  box.append(el("p", { id: "plan-status", text: `${plan.status}: objective ${fmt(plan.objective, 2)}${plan.gap !== null && plan.gap !== undefined ? `, gap ${(plan.gap * 100).toFixed(2)}%` : ""}${plan.message ? " (" + plan.message + ")" : ""}` }), races, metrics, penalties);
}

// ------------------------------------------------------------------ two plans

async function loadPlanFiles() {
  const files = (await api("GET", "/api/plans?" + q({}))).plans;
  for (const id of ["compare-first", "compare-second"]) {
    const select = $(id);
    const keep = select.value;
    select.replaceChildren(...files.map((f) => el("option", { value: f, text: f })));
    if (files.includes(keep)) select.value = keep;
  }
  if (files.length > 1 && $("compare-first").value === $("compare-second").value) $("compare-second").value = files[1];
}

async function keepCopy() {
  try { await api("POST", "/api/plan/copy", { name: NAME }); await loadPlanFiles(); } catch (error) { showMessage(error.message); }
}

async function compare() {
  const box = $("comparison");
  box.replaceChildren();
  let result;
  try { result = await api("GET", "/api/compare?" + q({ first: $("compare-first").value, second: $("compare-second").value })); } catch (error) { showMessage(error.message); return; }
  const [a, b] = result.plans;
  const table = el("table", { class: "data", id: "comparison-table" }, el("tr", {}, el("th", { text: "" }), el("th", { text: a.name }), el("th", { text: b.name })));
  (a.races || []).forEach((race, i) => {
    const other = (b.races || [])[i] || {};
    table.append(el("tr", {}, el("td", { text: `${race.name || race.distance || "race"} performance` }), el("td", { text: fmt(race.perf, 1) }), el("td", { text: fmt(other.perf, 1) })));
  });
  const weeks = Math.max(a.weekly_load_by_type.length, b.weekly_load_by_type.length);
  const sum = (week) => Object.values(week || {}).reduce((x, y) => x + y, 0);
  for (let w = 0; w < weeks; w++) table.append(el("tr", {}, el("td", { text: `week ${w + 1} load` }), el("td", { text: fmt(sum(a.weekly_load_by_type[w]), 0) }), el("td", { text: fmt(sum(b.weekly_load_by_type[w]), 0) })));
  table.append(el("tr", {}, el("td", { text: "rules broken" }), el("td", { text: a.violations.map((v) => v.constraint).join(", ") || "none" }), el("td", { text: b.violations.map((v) => v.constraint).join(", ") || "none" })));
  box.append(table);
}

// ------------------------------------------------------------------ start

async function start() {
  $("time-limit").value = app.dataset.timeLimit;
  $("save").addEventListener("click", save);
  $("add-race").addEventListener("click", () => { addRaceRow(state.raceCount); renumberRaces(); markDirty(); });
  $("solve").addEventListener("click", () => startSolve(false));
  $("reoptimize").addEventListener("click", () => startSolve(true));
  $("cancel").addEventListener("click", async () => { try { showJob(await api("POST", "/api/cancel", { name: NAME })); } catch (error) { showMessage(error.message); } });
  $("undo").addEventListener("click", undo);
  $("redo").addEventListener("click", redo);
  $("keep-copy").addEventListener("click", keepCopy);
  $("compare").addEventListener("click", compare);
  try {
    renderForm(await api("GET", "/api/scenario?" + q({})));
    await loadPlan();
  } catch (error) { showMessage(error.message); }
  app.dataset.ready = "true";
}

start();
