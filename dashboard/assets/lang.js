// The document's language and direction (LANG and DIR are replaced by app.py): screen readers
// pick their voice and rules from the html element's lang, which Streamlit leaves at "en".
// No tag may be written in this file, even in a comment: Streamlit's sanitiser then drops the
// whole script.
// In a right-to-left page a table wider than the page opens at its first columns, on the
// right: the grid is a canvas that scrolls from the left whatever the direction.
(() => {
  const root = document.documentElement;
  root.lang = "LANG";
  root.dir = "DIR";
  window.atharDirection = "DIR";
  if (window.atharTables) return; // the script runs again on every change of language
  window.atharTables = true;
  const OPENED = "data-rtl-opened";

  function openAtStart() {
    if (window.atharDirection !== "rtl") return;
    const grids = document.querySelectorAll(`[data-testid="stDataFrame"] .dvn-scroller:not([${OPENED}])`);
    for (const grid of grids) {
      if (grid.clientWidth >= grid.scrollWidth) continue; // fits, or not laid out yet
      grid.scrollLeft = grid.scrollWidth;
      grid.setAttribute(OPENED, ""); // once: the reader's own scrolling is left alone
    }
  }

  new MutationObserver(openAtStart).observe(document.body, { childList: true, subtree: true });
})();
