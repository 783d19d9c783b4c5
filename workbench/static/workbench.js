// speedblock workbench: two plans side by side, and the page's start.
"use strict";

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
