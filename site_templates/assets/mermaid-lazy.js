// Diagrams without a stored drawing yet (`playbook diagrams` draws them when they are written, and
// the build inlines those as SVG, with no Mermaid at all) cost nothing until needed. Material draws
// each diagram with the global `mermaid` (and fetches it from a CDN when there is none); this
// stand-in takes its place, and imports the local renderer (assets/mermaid/, Mermaid's ES module
// build: about 0.8 MB of its 3.6 MB for a flowchart) only once the page has loaded and a diagram
// comes near the screen: never before the page is interactive, never for a reader who does not
// scroll to one. Material's own styles for the diagram (light and dark) and its shadow root stay.
(() => {
  const src = new URL("mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  let config = {}, renderer = null;
  const waiting = new Set();  // placeholders already matched to a render call

  // The real renderer, once, after the page has loaded (so that it never holds up the load event).
  const loaded = new Promise((go) => (document.readyState === "complete" ? go() : addEventListener("load", go, { once: true })));
  const load = () => (renderer ||= loaded.then(() => import(src)).then(({ default: real }) => {
    real.initialize(config);
    return real;
  }));

  // Resolves when the diagram with this source is 200 px from the viewport, or
  // the page is printed (that printout shows a placeholder; the next one has the diagram).
  const near = (text) => new Promise((go) => {
    const pre = [...document.querySelectorAll("pre.mermaid")].find((p) => p.textContent === text && !waiting.has(p));
    if (!pre || !("IntersectionObserver" in window)) return go();
    const io = new IntersectionObserver((seen) => { if (seen.some((e) => e.isIntersecting)) start(); }, { rootMargin: "200px 0px" });
    const start = () => { io.disconnect(); waiting.delete(pre); removeEventListener("beforeprint", start); go(); };
    waiting.add(pre);
    io.observe(pre);
    addEventListener("beforeprint", start);
  });

  // On a narrow screen the diagram keeps a readable size and scrolls sideways (see playbook.css).
  const readable = (svg) => svg.replace(/style="max-width: ([\d.]+)px;"/,
    (_, w) => `style="max-width: ${w}px; min-width: min(${w}px, 36rem);"`);

  // The scrolling box Material puts the diagram in: a named stop for keyboard users.
  const label = () => {
    for (const box of document.querySelectorAll("div.mermaid:not([tabindex])")) {
      Object.assign(box, { tabIndex: 0 });
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Diagram" + (box.nextElementSibling?.matches("p:has(> small)") ? ": " + box.nextElementSibling.textContent.trim() : ""));
    }
  };

  window.mermaid = {
    initialize(c) { config = c; },
    async render(id, text) {
      await near(text);
      const out = await (await load()).render(id, text);
      setTimeout(label);
      return { ...out, svg: readable(out.svg) };
    },
  };
})();
