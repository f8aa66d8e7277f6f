// Loaded on every page: mounts the onboarding checklist where a page has one (a path, a stage or
// the career ladder), on first load and after each instant-navigation page swap.
const run = () => {
  for (const el of document.querySelectorAll(".pb-checklist-app[data-checklist]:not([data-mounted])")) {
    el.dataset.mounted = "";
    import("./checklist.js").then((m) => m.mount(el));
  }
};
if (window.document$) window.document$.subscribe(run);
else run();
