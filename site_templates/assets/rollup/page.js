// On the workshop and team comparison pages only (site_templates/overrides/main.html links it):
// mounts the page's app in its .pb-rollup element.
const PAGES = { workshop: "./workshop-page.js", teams: "./teams-page.js" };
for (const el of document.querySelectorAll(".pb-rollup[data-page]:not([data-mounted])")) {
  el.dataset.mounted = "";
  const module = PAGES[el.dataset.page];
  if (module) import(module).then((m) => m.mount(el));
}
