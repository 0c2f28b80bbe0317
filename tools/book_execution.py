"""Sphinx extension: let ``make`` hand the book build notebooks it has already run.

``_config.yml`` executes every notebook afresh (``execute_notebooks: force``),
so a plain ``jupyter-book build .`` always shows what the current code
computes. When the environment variable ``BOOK_NB_CACHE`` names a
jupyter-cache folder, this extension switches the build to myst-nb's cache
mode on that folder instead: a notebook whose code matches a record there is
rendered from the record, any other one is executed (and recorded) as usual.
Execution exclusions, timeout and error policy stay those of ``_config.yml``.

The Makefile sets ``BOOK_NB_CACHE`` only right after filling the folder from
the current code: ``make test`` lets nbval's run of every notebook fill it
(tools/nbval_cache.py); ``make book`` fills it by running the notebooks in
parallel (tools/execute_notebooks.py). A record never outlives that run.
"""

from __future__ import annotations

import os
from pathlib import Path


def _use_cache(app, config):
    folder = os.environ.get("BOOK_NB_CACHE")
    if not folder:
        return
    if config.nb_execution_mode == "off":
        return
    config.nb_execution_mode = "cache"
    config.nb_execution_cache_path = str(Path(folder).resolve())


def setup(app):
    # Before myst-nb reads its settings (at builder-inited).
    app.connect("config-inited", _use_cache, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
