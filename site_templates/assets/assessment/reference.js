// The questionnaire in full, below the form, ships inert (assessment.md.j2): in a <noscript>, it is
// one text node while scripts run, so the page neither builds nor lays it out. It goes in, the
// page's own markup as built, when unfolded or linked into (form.js); its tables are wrapped and
// labelled as the theme and a11y.js do with the page's others.
import { h } from "./dom.js";

export function unfold() {
  const inert = document.querySelector(".pb-reference > noscript");
  if (!inert) return;
  const t = document.createElement("template");
  t.innerHTML = inert.textContent;
  for (const table of t.content.querySelectorAll("table:not([class])")) {
    const wrap = h("div", { class: "md-typeset__scrollwrap" }, h("div", { class: "md-typeset__table" }));
    table.before(wrap);
    wrap.firstChild.append(table);
  }
  inert.replaceWith(t.content);
  window.onEveryPage?.(); // a11y.js (a classic script): labels, cards and marks wide tables
}
