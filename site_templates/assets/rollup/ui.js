// Shared pieces of the roll-up pages: the file picker with its drop zone, tables, the heatmap
// cell and links into the site. Everything from a file is set as text, never parsed as HTML.
import { h, button } from "../assessment/dom.js";
import { chosenFiles, droppedFiles, offer } from "./files.js";

export const BASE = new URL("../../", import.meta.url);
// A docs page ("models/x.md") as its site URL.
export const pageUrl = (page) => new URL(page.replace(/(^|\/)index\.md$/, "$1").replace(/\.md$/, "/"), BASE).href;
export const pct = (v) => (v == null ? "—" : String(v));
export const band = (v) => (v == null ? 0 : Math.min(Math.floor((v * 5) / 100), 4));
export const minus = (n) => (n < 0 ? `−${-n}` : String(n));
export const signed = (d) => (d == null ? "" : d > 0 ? `▲ +${d}` : d < 0 ? `▼ −${-d}` : "= 0");
export const plural = (n, word, many = word + "s") => `${n} ${n === 1 ? word : many}`;
export const names = (list, limit = 8) => list.length <= limit ? list.join(", ") : `${list.slice(0, limit).join(", ")} and ${list.length - limit} more`;
export const link = (page, text) => (page ? h("a", { href: pageUrl(page), text }) : h("span", { text }));
export const sr = (text) => h("span", { class: "pr-sr", text });

// A table in a region that scrolls on its own, reachable by keyboard; head: [text|node], rows: [[cell]].
let tables = 0;
export function table(caption, head, rows, cls = "") {
  const id = `pb-t${++tables}`;
  // Each cell names its column (data-label), for tables that stack their cells on a narrow screen.
  const labels = head.map((t) => (typeof t === "string" ? t : t.textContent));
  const cell = (c, i) => {
    const e = c instanceof Node && /^T[HD]$/.test(c.tagName) ? c : h(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, c);
    e.dataset.label = labels[i];
    return e;
  };
  return h("div", { class: "pr-heat-wrap pb-wrap", role: "region", "aria-labelledby": id, tabindex: "0" },
    h("table", { class: "pb-rt " + cls },
      h("caption", { id, text: caption }),
      h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map(cell))))));
}

// A number cell of the heatmap: the number, its band's colour, and ▼ with a spoken "(gap)".
export const heat = (v, gap, cls = "") => h("td", { class: `pr-h${band(v)} ${cls}` }, pct(v),
  gap && [h("span", { class: "pr-gap", "aria-hidden": "true", text: "▼" }), sr(" (gap)")]);

// The picker: files (multiple), optionally a folder, and a drop zone; `add(found)` gets [{file, path}].
export function picker({ label, accept, folder, add, hint }) {
  const files = h("input", { type: "file", multiple: true, accept, id: "pb-files", onchange: (e) => { add(chosenFiles(e.target)); e.target.value = ""; } });
  const dir = folder && h("input", { type: "file", multiple: true, webkitdirectory: true, id: "pb-folder", onchange: (e) => { add(chosenFiles(e.target), true); e.target.value = ""; } });
  const zone = h("div", { class: "pb-drop" },
    h("p", {}, h("strong", { text: label }), hint ? " " + hint : ""),
    h("p", { class: "pb-pick" }, h("label", { for: "pb-files", text: "Choose files" }), files),
    dir && h("p", { class: "pb-pick" }, h("label", { for: "pb-folder", text: "Choose a folder" }), dir));
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("pb-over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("pb-over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("pb-over");
    const found = await droppedFiles(e.dataTransfer);
    add(found, found.some((f) => f.path.includes("/")));
  });
  return zone;
}

// A CSV made by csv.js (loaded when first asked for: `make(module)` → text), offered as a download.
export async function csv(make, name, board) {
  try {
    offer(name, make(await import("./csv.js")), "text/csv");
  } catch (e) {
    board.notice("bad", "csv", "The CSV could not be made in this browser; playbook report --format csv makes it from the same files.");
  }
}

export { h, button };
