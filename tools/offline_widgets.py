"""Sphinx extension: serve the ipywidgets embed scripts from the built book.

myst-nb loads require.js and ``@jupyter-widgets/html-manager`` from public CDNs
on every page that stores widget state.  The book must work with no network, so
``_config.yml`` points ``nb_ipywidgets_js`` at ``_static/widgets/`` and this
extension fills that folder from the npm packages pinned in
``tools/web/package.json`` (installed by ``make book`` with
``npm ci --prefix tools/web``).

If the npm packages are missing the build warns (an error under ``-W``) and
names the command that installs them.

It also sets ``EXCITABLE_EXPLORERS=static`` (unless already set) for the kernels
the build starts, so every explorer a page displays is its precomputed,
kernel-free form (see ``excitable.explorers._base.static_mode``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where ``npm ci --prefix tools/web`` puts the packages, relative to the book root.
DEFAULT_NODE_MODULES = Path("tools") / "web" / "node_modules"

#: The embed manager's folder, and the icon fonts it loads next to itself.
HTML_MANAGER = Path("@jupyter-widgets") / "html-manager" / "dist"
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")
#: Our own glue, loaded before the embed manager (assets path, MathJax 3 bridge).
SUPPORT_JS = Path(__file__).resolve().parent / "web" / "book-widgets.js"


def node_modules_dir(confdir: str | os.PathLike) -> Path:
    """The node_modules folder holding the pinned web packages."""
    override = os.environ.get("BOOK_NODE_MODULES")
    if override:
        return Path(override)
    return Path(confdir) / DEFAULT_NODE_MODULES


def asset_files(node_modules: Path) -> dict[Path, Path]:
    """Map each file to copy onto its path relative to ``_static/widgets``.

    Raises FileNotFoundError naming the first missing file.
    """
    files: dict[Path, Path] = {}
    require = node_modules / "requirejs" / "require.js"
    embed = node_modules / HTML_MANAGER / "embed-amd.js"
    for required in (require, embed):
        if not required.is_file():
            raise FileNotFoundError(str(required))
    files[require] = Path("require.js")
    files[embed] = Path("embed-amd.js")
    files[SUPPORT_JS] = Path(SUPPORT_JS.name)
    # Icon fonts that the embed bundle loads relative to its own address.
    for font in sorted((node_modules / HTML_MANAGER).iterdir()):
        if font.suffix in FONT_SUFFIXES:
            files[font] = Path(font.name)
    return files


def _check_assets(app) -> None:
    if app.builder.format != "html":
        return
    try:
        asset_files(node_modules_dir(app.confdir))
    except FileNotFoundError as missing:
        logger.warning(
            "offline widget scripts not found (%s): run `make book`, or "
            "`npm ci --prefix tools/web`, so the book does not load them from a CDN",
            missing,
            type="offline_widgets",
        )


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    try:
        files = asset_files(node_modules_dir(app.confdir))
    except FileNotFoundError:
        return  # already reported at builder-inited
    target = Path(app.outdir) / "_static" / "widgets"
    target.mkdir(parents=True, exist_ok=True)
    for source, relative in files.items():
        destination = target / relative
        if not destination.exists() or destination.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, destination)


#: Environment variable read by the explorers (excitable.explorers._base.STATIC_MODE_VARIABLE).
EXPLORERS_VARIABLE = "EXCITABLE_EXPLORERS"


def setup(app):
    # Kernels started by the build (myst-nb, jupyter-cache) inherit this process's environment.
    os.environ.setdefault(EXPLORERS_VARIABLE, "static")
    app.connect("builder-inited", _check_assets)
    app.connect("build-finished", _copy_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
