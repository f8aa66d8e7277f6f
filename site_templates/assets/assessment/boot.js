// Loaded on every page: mounts the assessment form where a page has a .pb-assessment container,
// on first load and after each instant-navigation page swap (Material's document$).
const run = () => {
  for (const el of document.querySelectorAll(".pb-assessment[data-spec]:not([data-mounted])")) {
    el.dataset.mounted = "";
    import("./form.js").then((m) => m.mount(el));
  }
};
if (window.document$) window.document$.subscribe(run);
else run();
