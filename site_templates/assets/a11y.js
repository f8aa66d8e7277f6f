// Make scrollable table wrappers reachable by keyboard (axe: scrollable-region-focusable), each
// named after the heading it stands under (numbered when two share one, so labels stay unique).
// Material wraps tables at run time and swaps pages without reloads, so run on every page view.
function headingBefore(node) {
  const headings = [...document.querySelectorAll("article h1, article h2, article h3")];
  const before = headings.filter((h) => h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
  return (before.at(-1)?.textContent || "").replace("¶", "").trim();
}

function labelScrollableTables(root = document) {
  const used = new Map();
  for (const wrap of root.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.hasAttribute("tabindex")) continue;
    const base = `Table: ${headingBefore(wrap) || "untitled"}`;
    const count = (used.get(base) || 0) + 1;
    used.set(base, count);
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", count > 1 ? `${base} (${count})` : base);
  }
}

// Tables of prose (long cells in three or more columns) become one card per row on a phone: each
// cell gets its column's heading to show beside it (playbook.css). Tables of short entries keep
// their grid, with the first column held in place while the rest scrolls sideways.
function cardTables(root = document) {
  for (const table of root.querySelectorAll("article .md-typeset__scrollwrap table")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const cells = [...table.querySelectorAll("tbody td")];
    const long = cells.reduce((n, td) => n + td.textContent.trim().length, 0) / (cells.length || 1) > 40;
    if (heads.length < 3 || !long) continue;
    table.closest(".md-typeset__scrollwrap").classList.add("pb-cards");
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((td, i) => heads[i] && td.setAttribute("data-label", heads[i]));
    }
  }
}

// A table wider than the screen says so above it (playbook.css), as long as it is.
function markWide(root = document) {
  for (const wrap of root.querySelectorAll("article .md-typeset__scrollwrap")) {
    wrap.classList.toggle("pb-wide", wrap.scrollWidth > wrap.clientWidth + 1);
  }
}

function onEveryPage() {
  labelScrollableTables();
  cardTables();
  markWide();
  document.documentElement.dataset.pbReady = ""; // the page's scripts have run (tests wait for it)
}
addEventListener("resize", () => markWide());

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(onEveryPage);
} else {
  document.addEventListener("DOMContentLoaded", onEveryPage);
}
