/* Names for the theme's unnamed controls (loaded on every page by _config.yml: html_js_files).
 * The table of contents folds each chapter's sections under a <summary> that holds only a chevron
 * icon; screen readers announce it as an empty button (axe-core: summary-name). Give it a name. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("nav details > summary").forEach((summary) => {
    if (summary.textContent.trim() || summary.getAttribute("aria-label")) return;
    const link = summary.parentElement.parentElement.querySelector(":scope > a");
    const name = link ? link.textContent.trim() : "";
    summary.setAttribute("aria-label", name ? `Sections of ${name}` : "Sections");
  });
});
