// Keeps --pb-header-height equal to the theme's header height, so sticky bars (the assessment's
// progress bar) sit just below the header whatever its height on either engine.
const header = document.querySelector(".md-header");
if (header) {
  const update = () => document.documentElement.style.setProperty("--pb-header-height", `${header.offsetHeight}px`);
  new ResizeObserver(update).observe(header);
  update();
}
