// Make scrollable table wrappers reachable by keyboard (axe: scrollable-region-focusable).
// Material wraps tables at run time and swaps pages without reloads, so run on every page view.
function labelScrollableTables(root = document) {
  for (const wrap of root.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.hasAttribute("tabindex")) continue;
    const caption = wrap.closest("article")?.querySelector("h1")?.textContent?.replace("¶", "").trim();
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption ? `Table: ${caption}` : "Table");
  }
}

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(() => labelScrollableTables());
} else {
  document.addEventListener("DOMContentLoaded", () => labelScrollableTables());
}
