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

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(() => labelScrollableTables());
} else {
  document.addEventListener("DOMContentLoaded", () => labelScrollableTables());
}
