// Charts that fit the paper. Plotly sizes its SVG layers in screen pixels, and no script runs
// while the browser lays the page out for print, so before printing each layer gets a viewBox
// of its own size (print.css then scales it to the paper's width) and its container the
// chart's aspect ratio. After printing they go again: Plotly redraws at new sizes later and a
// stale viewBox would distort the chart on screen.
(() => {
  if (window.atharPrintFit) return; // the script runs again when Streamlit redraws its element
  window.atharPrintFit = true;
  const FIT = "data-print-fit";
  // A4's width less print.css's margins, in CSS pixels: a table wider than that is scaled down.
  const PAPER = 703;

  function fit() {
    for (const box of document.querySelectorAll(".js-plotly-plot .svg-container")) {
      const layers = box.querySelectorAll(":scope > svg.main-svg");
      const width = Number(layers[0]?.getAttribute("width"));
      const height = Number(layers[0]?.getAttribute("height"));
      if (!(width > 0 && height > 0)) continue;
      for (const svg of layers) {
        const size = `${svg.getAttribute("width")} ${svg.getAttribute("height")}`;
        svg.setAttribute("viewBox", `0 0 ${size}`);
        svg.setAttribute(FIT, "");
      }
      box.style.aspectRatio = `${width} / ${height}`;
      box.style.setProperty("--print-fit-width", `${width}px`);
      box.setAttribute(FIT, "");
    }
    // A table is drawn on a canvas of its screen width, which no print rule can reflow.
    for (const table of document.querySelectorAll('[data-testid="stDataFrame"]')) {
      const width = table.getBoundingClientRect().width;
      if (width > PAPER) {
        table.style.zoom = String(PAPER / width);
        table.setAttribute(FIT, "");
      }
    }
  }

  function unfit() {
    for (const table of document.querySelectorAll(`[data-testid="stDataFrame"][${FIT}]`)) {
      table.style.removeProperty("zoom");
      table.removeAttribute(FIT);
    }
    for (const element of document.querySelectorAll(`.js-plotly-plot [${FIT}]`)) {
      if (element.tagName.toLowerCase() === "svg") element.removeAttribute("viewBox");
      else {
        element.style.removeProperty("aspect-ratio");
        element.style.removeProperty("--print-fit-width");
      }
      element.removeAttribute(FIT);
    }
  }

  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
  // Browsers that announce printing only through the print media query.
  window.matchMedia("print").addEventListener("change", (e) => (e.matches ? fit() : unfit()));
})();
