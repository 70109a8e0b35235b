// Small charts as inline SVG, drawn from the API's numbers: a line chart over time and a bar chart with an
// optional cumulative line. Each is a figure with a caption, an accessible name and a data table beside it, so
// a screen reader or a keyboard user gets the same numbers as the picture.
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg"; // a namespace name, never fetched
const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 28, bottom: 40, left: 48 };

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function frame(title, description) {
  return svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": `${title}. ${description}`,
    class: "chart", preserveAspectRatio: "xMidYMid meet" });
}

function yAxis(root, min, max, format, ticks = 4) {
  const y = (value) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (value - min) / (max - min || 1));
  for (let i = 0; i <= ticks; i++) {
    const value = min + ((max - min) * i) / ticks;
    root.append(svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: "grid" }),
      svg("text", { x: PAD.left - 6, y: y(value) + 4, class: "tick", "text-anchor": "end" }, format(value)));
  }
  return y;
}

function table(caption, headers, rows) {
  return el("details", { class: "chart-data" },
    el("summary", {}, "Show the numbers"),
    el("table", {},
      el("caption", { class: "visually-hidden" }, caption),
      el("thead", {}, el("tr", {}, headers.map((header) => el("th", { scope: "col" }, header)))),
      el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell, i) =>
        i === 0 ? el("th", { scope: "row" }, cell) : el("td", {}, cell)))))));
}

/**
 * A line over time. points: [{label, value}] with value null for a bucket without data (the line breaks there);
 * min/max fix the axis (e.g. NPS −100…100).
 */
export function lineChart({ title, description, points, min, max, format = (v) => v.toFixed(0), name }) {
  const root = frame(title, description);
  const y = yAxis(root, min, max, format);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(points.length - 1, 1);
  const x = (i) => PAD.left + step * i;
  let path = "";
  let drawing = false;
  points.forEach((point, i) => {
    if (point.value === null || point.value === undefined) {
      drawing = false;
      return;
    }
    path += `${drawing ? "L" : "M"}${x(i).toFixed(1)},${y(point.value).toFixed(1)} `;
    drawing = true;
  });
  root.append(svg("path", { d: path.trim() || "M0,0", class: "line" }));
  points.forEach((point, i) => {
    if (point.value !== null && point.value !== undefined) {
      root.append(svg("circle", { cx: x(i), cy: y(point.value), r: 3.5, class: "dot" },
        svg("title", {}, `${point.label}: ${format(point.value)}`)));
    }
    const every = Math.ceil(points.length / 8);
    if (i % every === 0) {
      root.append(svg("text", { x: x(i), y: HEIGHT - PAD.bottom + 18, class: "tick", "text-anchor": "middle" },
        point.label));
    }
  });
  return el("figure", { class: "chart-figure", "data-chart": name },
    el("figcaption", {}, title), root,
    table(title, ["Period", title], points.map((point) =>
      [point.label, point.value === null || point.value === undefined ? "no answers" : format(point.value)])));
}

/**
 * Horizontal bars from a baseline of zero (negative values go left: an expectation gap below zero is a shortfall),
 * with an optional cumulative share per bar (a Pareto chart's line, shown as a figure beside each bar).
 */
export function barChart({ title, description, items, min, max, format = (v) => v.toFixed(0), name, columns }) {
  const rowHeight = 30;
  const height = PAD.top + items.length * rowHeight + 24;
  const labelWidth = 190;
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": `${title}. ${description}`,
    class: "chart" });
  const left = labelWidth;
  // Room for the value beside each bar, more when it carries a note (a Pareto chart's cumulative share).
  const right = WIDTH - PAD.right - (items.some((item) => item.note) ? 130 : 70);
  const x = (value) => left + ((value - min) / (max - min || 1)) * (right - left);
  root.append(svg("line", { x1: x(Math.max(min, 0)), x2: x(Math.max(min, 0)), y1: PAD.top - 4,
    y2: height - 20, class: "axis" }));
  items.forEach((item, i) => {
    const top = PAD.top + i * rowHeight;
    const zero = x(Math.max(min, 0));
    const end = x(item.value);
    root.append(
      svg("text", { x: labelWidth - 8, y: top + 18, class: "label", "text-anchor": "end" }, item.label),
      svg("rect", { x: Math.min(zero, end), y: top + 4, width: Math.max(Math.abs(end - zero), 1), height: rowHeight - 10,
        class: item.value < 0 ? "bar negative" : "bar" }, svg("title", {}, `${item.label}: ${format(item.value)}`)),
      svg("text", { x: right + 6, y: top + 18, class: "value" }, format(item.value) + (item.note ? " " + item.note : "")));
  });
  const headers = columns || ["", title];
  return el("figure", { class: "chart-figure", "data-chart": name },
    el("figcaption", {}, title), root,
    table(title, headers, items.map((item) => [item.label, format(item.value), ...(item.extra || [])])));
}
