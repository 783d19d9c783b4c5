// speedblock workbench: what every part of the page shares (state, elements, the API).
// Plain JavaScript, no library; the page loads common.js, editor.js, plan.js and
// workbench.js in that order, as classic scripts sharing one scope.
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

