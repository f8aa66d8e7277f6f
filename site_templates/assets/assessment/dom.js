// DOM helpers: elements are built with createElement and text nodes only — nothing from the
// spec, the answers or a share link is ever parsed as HTML.
export function h(tag, props, ...kids) {
  const e = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...kids.flat(9).filter((k) => k != null && k !== false && k !== 0));
  return e;
}

// A button of the theme's style.
export const button = (text, onclick, cls) => h("button", { type: "button", class: "md-button " + (cls || ""), onclick, text });

// A polite live region of text-only notices (title, up to 25 items, actions); one per id.
export function noticeBoard() {
  const element = h("div", { class: "pb-notices", "aria-live": "polite" });
  function notice(kind, id, title, items = [], actions = []) {
    element.querySelector(`[data-notice="${id}"]`)?.remove();
    const n = h("div", { class: `pb-notice pb-${kind}`, role: kind === "bad" ? "alert" : null, "data-notice": id },
      h("p", {}, h("strong", { text: title })),
      items.length > 0 && h("ul", {}, items.slice(0, 25).map((t) => h("li", { text: t })), items.length > 25 && h("li", { text: `… and ${items.length - 25} more` })),
      h("p", { class: "pb-actions" }, actions.map(([t, fn]) => button(t, () => { n.remove(); fn(); })), button("Dismiss", () => n.remove(), "pb-quiet")));
    element.append(n);
  }
  return { element, notice };
}

// The little Markdown the questionnaires use (paragraphs, **strong**, *em*, `code`), as nodes.
export function md(text, inline) {
  const out = [];
  for (const para of String(text || "").trim().split(/\n\s*\n/)) {
    const bits = [];
    for (const t of para.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)/)) {
      if (!t) continue;
      if (t.startsWith("**")) bits.push(h("strong", { text: t.slice(2, -2) }));
      else if (t[0] === "*" && t.length > 2) bits.push(h("em", { text: t.slice(1, -1) }));
      else if (t[0] === "`") bits.push(h("code", { text: t.slice(1, -1) }));
      else bits.push(t.replace(/\s*\n\s*/g, " "));
    }
    out.push(inline ? h("span", {}, bits) : h("p", {}, bits));
  }
  return out;
}
