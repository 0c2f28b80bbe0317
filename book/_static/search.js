/* Search that finds the page you meant (loaded on every page by _config.yml: html_js_files).
 *
 * Sphinx's searchtools.js uses a global `Scorer` if one exists, and builds each result's snippet
 * from the page's `[role=main]`, which in sphinx-book-theme also holds the page toolbar, and whose
 * formulas are raw TeX until MathJax runs. Here:
 *  - a page whose own title contains every word searched for ranks above pages that only mention
 *    them ("Nernst" finds "The Nernst equation" before "Nernst–Planck" or a page that cites it);
 *  - snippets leave out the toolbar, navigation, hidden code and formulas (shown as "…").
 * Tested by tests/browser/test_screens.py::test_search_ranks_titles_and_cleans_snippets.
 */
"use strict";

var Scorer = {
  // Sphinx 7.4's defaults (searchtools.js), unchanged.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // result: [docname, title, anchor, descr, score, filename]
  score: (result) => {
    const [, title, anchor, , score] = result;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 1 && !w.startsWith("-"));
    if (!words.length || !title) return score;
    const plain = String(title).replace(/<[^>]*>/g, " ");
    const pageTitle = plain.split(" > ")[0];
    const tokens = (text) => text.toLowerCase().split(/[\s,.;:!?()]+/);
    const pageWords = tokens(pageTitle);
    const sectionWords = tokens(plain);
    if (words.every((w) => pageWords.includes(w))) return score + (anchor ? 20 : 30);
    if (words.every((w) => sectionWords.includes(w))) return score + 10;
    return score;
  },
};

const SNIPPET_LEAVE_OUT = [
  ".bd-header-article", ".header-article-items", ".article-header-buttons", ".bd-sidebar-secondary",
  ".prev-next-area", ".prev-next-footer", ".bd-footer-article", "nav", "button", ".cell_input", ".onlyprint", "h1",
  "details.hide", ".toggle-button", ".headerlink", "script", "style", ".jupyter-widgets",
].join(", ");

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const sphinxHtmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(SNIPPET_LEAVE_OUT).forEach((el) => el.remove());
    page.querySelectorAll(".math, mjx-container").forEach((el) => el.replaceWith(page.createTextNode("…")));
    return sphinxHtmlToText(page.documentElement.outerHTML, anchor);
  };
});
