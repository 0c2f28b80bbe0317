"""Sphinx extension: figures, tables and exercises of unnumbered parts numbered by part, as textbooks do.

The chapters are numbered (``numbered: true`` in _toc.yml) and, with
``numfig_secnum_depth: 2``, their figures read "Fig. 2.7.1" (chapter 2,
section 7, first figure) and their exercises "Exercise 2.7.1". Pages outside
the numbered chapters (the prologue, the appendices) would otherwise share one
counter running through the whole book ("Fig. 41" in an appendix). Here each
such part gets a letter, set in ``_config.yml`` as ``unnumbered_part_prefixes``
(folder prefix -> letter), and its own count: "Fig. P.3" in the prologue,
"Fig. A.2" in the appendices.

The numbered chapters' own pages (``index.md``) set their headings as rubrics,
so that their first section is numbered 2.1, not 2.3 after the page's own
"What you will be able to do" and "Sections".

Sphinx stores the numbers as tuples and joins them with dots wherever it
prints them (captions, ``{numref}``, sphinx-exercise titles), so a letter in
the tuple is all it takes.
"""

from __future__ import annotations


def renumber(fignumbers: dict, secnumbers: dict, prefixes: dict[str, str]) -> dict:
    """``fignumbers`` (docname -> figtype -> id -> number tuple) with the unnumbered pages renumbered.

    A page is unnumbered when ``secnumbers`` holds no section number for it.
    Its objects keep their order (Sphinx numbers in reading order) but count
    from 1 within their part, as ``(letter, count)``.
    """
    result = {doc: {figtype: dict(ids) for figtype, ids in types.items()} for doc, types in fignumbers.items()}
    groups: dict[tuple[str, str], list[tuple[tuple, str, str]]] = {}
    for docname, types in fignumbers.items():
        if secnumbers.get(docname):
            continue
        letter = next((prefixes[p] for p in sorted(prefixes, key=len, reverse=True) if docname.startswith(p)), None)
        if letter is None:
            continue
        for figtype, ids in types.items():
            for node_id, number in ids.items():
                groups.setdefault((letter, figtype), []).append((tuple(number), docname, node_id))
    for (letter, figtype), entries in groups.items():
        for count, (_, docname, node_id) in enumerate(sorted(entries), start=1):
            result[docname][figtype][node_id] = (letter, count)
    return result


def _on_env_updated(app, env):
    prefixes = app.config.unnumbered_part_prefixes or {}
    if prefixes and getattr(env, "toc_fignumbers", None):
        env.toc_fignumbers = renumber(env.toc_fignumbers, env.toc_secnumbers, prefixes)
    return []


def setup(app):
    app.add_config_value("unnumbered_part_prefixes", {}, "env", [dict])
    # After Sphinx's TocTreeCollector (priority 500) has assigned the numbers.
    app.connect("env-get-updated", _on_env_updated, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
