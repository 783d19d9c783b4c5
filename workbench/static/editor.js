// speedblock workbench: the scenario editor (fields, live validation, saving).
"use strict";

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

