"""Sphinx extension: small fixes to what the theme stack writes into every page.

- Inline ``<script>`` bodies registered by extensions (sphinx-thebe's
  ``const THEBE_JS_URL = ...``, sphinx-togglebutton's settings) reach each page
  twice with Sphinx 7.4, and the second ``const`` declaration throws
  "Identifier has already been declared" in the browser. Identical script
  entries are dropped here, keeping the first.
"""

from __future__ import annotations


def _script_key(script) -> tuple:
    filename = getattr(script, "filename", script)
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def dedupe_scripts(scripts: list) -> list:
    """The scripts with exact repeats removed, first occurrence kept, order unchanged."""
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    return unique


def _on_page_context(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(context["script_files"])


def setup(app):
    # Late priority: run after the extensions that add their scripts per page.
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
