// On every page: mounts the assessment form in a .pb-assessment, also after instant navigation.
const run = () => {
  for (const el of document.querySelectorAll(".pb-assessment[data-spec]:not([data-mounted])")) {
    el.dataset.mounted = "";
    import("./form.js").then((m) => m.mount(el));
  }
};
if (window.document$) window.document$.subscribe(run);
else run();
