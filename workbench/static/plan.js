// speedblock workbench: solving, the calendar, manual edits and re-optimizing.
"use strict";

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

// Undo and redo move the plan from one stack to the other.
async function step(from, to) {
  if (!from.length) return;
  const target = from.pop();
  to.push(snapshot());
  await applyEdit(target.sessions, target.pinned, false);
  updateUndo();
}

const undo = () => step(state.undo, state.redo);
const redo = () => step(state.redo, state.undo);

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

