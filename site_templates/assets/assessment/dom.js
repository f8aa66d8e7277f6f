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
