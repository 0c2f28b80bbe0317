/* Accessibility fixes to markup the theme and extensions write (loaded on every page by _config.yml).
 *
 * Names for the theme's unnamed controls.
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

/* The reference list marks its entries role="doc-biblioentry", a role ARIA 1.2 deprecated; screen readers
 * and axe-core then see its links as stray children of the list (aria-required-children). List items. */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]').forEach((entry) => {
    entry.setAttribute("role", "listitem");
  });
});

/* Folded code cells (myst-nb) label their <summary> "Toggle hidden content" although it shows
 * "Show code cell source": the spoken name must contain the visible text (label-content-name-mismatch). */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("summary[aria-label]").forEach((summary) => {
    if (summary.textContent.trim()) summary.removeAttribute("aria-label");
  });
});
