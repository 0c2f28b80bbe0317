"""Numbers in prose are ``{eval}`name``` inline expressions (tools/inline_eval.py).

- Every ``{eval}`` in the book's notebooks names one variable that a code cell
  above it assigns (checked from the source, no kernel): jupyterlab-myst
  evaluates it when the reader runs the page, the book reads the value the
  execution recorded.
- A small Sphinx build with myst-nb in ``force`` mode (a plain
  ``jupyter-book build``) and in ``cache`` mode on a record made by
  tools/execute_notebooks.py's executor renders the values, strings without
  quotes, each where the markdown stands (a name reassigned between two uses
  shows both values, as in Lab); a name used before any code cell, an
  expression and an undefined name each fail a ``-W`` build (one force-mode
  build holds the good page and the three bad ones: each bad page must carry
  its own warning, the good page none).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from tools import book_toc, inline_eval

REPO = Path(__file__).resolve().parents[1]


def _notebooks() -> list[Path]:
    pages = [REPO / f"{name}.ipynb" for name in book_toc.toc_docnames(REPO / "_toc.yml")]
    return [page for page in pages if page.is_file()]


def _assigned(source: str) -> set[str]:
    """Names a code cell binds at module level (assignments, imports, defs, loops, with, walrus)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: checked by nbval instead
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def test_eval_names():
    text = "a {eval}`x` and {eval}` y ` and {eval}`x` but not `x`"
    assert inline_eval.eval_names(text) == ["x", "y"]
    cells = [
        nbformat.v4.new_markdown_cell("{eval}`early`"),
        nbformat.v4.new_code_cell("a = 1"),
        nbformat.v4.new_markdown_cell("{eval}`a`"),
        nbformat.v4.new_code_cell("   "),
        nbformat.v4.new_markdown_cell("{eval}`a` {eval}`b`"),
        nbformat.v4.new_code_cell("b = 2"),
        nbformat.v4.new_markdown_cell("{eval}`b`"),
    ]
    assert inline_eval.names_by_code_cell(cells) == {-1: ["early"], 1: ["a", "b"], 5: ["b"]}


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_eval_names_a_variable_assigned_above(path):
    notebook = nbformat.read(path, as_version=4)
    defined: set[str] = set()
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            defined |= _assigned(cell.source)
            continue
        if cell.cell_type != "markdown":
            continue
        for name in inline_eval.eval_names(cell.source):
            if not inline_eval.NAME.match(name):
                problems.append(f"cell {index}: {{eval}}`{name}` is not a plain variable name")
            elif name not in defined:
                problems.append(f"cell {index}: {{eval}}`{name}` is not assigned in a code cell above it")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ a small book

CONF = """
extensions = ["myst_nb", "inline_eval"]
nb_execution_mode = {mode!r}
nb_execution_cache_path = {cache!r}
nb_execution_raise_on_error = False
nb_execution_show_tb = True
exclude_patterns = ["_build", "cache"]
numfig = True
"""


def _page(markdown: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A page")]
    for code, text in markdown:
        nb.cells.append(nbformat.v4.new_code_cell(code))
        nb.cells.append(nbformat.v4.new_markdown_cell(text))
    return nb


GOOD = [
    ("rest_text = '\\u221265.0 mV'\ncount = 25\nratio = 0.5",
     "Rest {eval}`rest_text`, in {eval}`count` of 30 ({eval}`ratio`)."),
    ("x = 2", "Again {eval}`rest_text`."),
    ("rest_text = 'changed'", "Now {eval}`rest_text`."),
]


FIGURE_CELL = {
    "source": "from excitable import plotting\nfig, ax = plotting.new_figure(figsize=(2, 1))\n"
              "ax.plot([0, 1])\nsize_text = '2 by 1'\nplotting.show(fig)",
    "metadata": {"tags": ["hide-input"], "mystnb": {
        "figure": {"caption": "A line, {eval}`size_text` in, {eval}`count` points.", "name": "fig-line"},
        "image": {"alt": "A rising line in a {eval}`size_text` inch box."}}},
}


def _with_figure(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(FIGURE_CELL["source"])
    cell.metadata.update(FIGURE_CELL["metadata"])
    nb.cells.insert(3, cell)
    nb.cells.insert(4, nbformat.v4.new_markdown_cell("See {numref}`fig-line`."))
    return nb


def _build(folder: Path, pages: dict[str, nbformat.NotebookNode], mode: str) -> subprocess.CompletedProcess:
    """A -W --keep-going Sphinx build of a book holding ``pages`` (name -> notebook)."""
    (folder / "conf.py").write_text(textwrap.dedent(CONF.format(mode=mode, cache=str(folder / "cache"))))
    (folder / "index.md").write_text("# Book\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n")
    for name, nb in pages.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{REPO / 'tools'}{os.pathsep}{env.get('PYTHONPATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(folder), str(folder / "_build")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )


# A warning (an error under -W) as Sphinx prints it: "<file>[:<line>]: WARNING: ...", or without a location.
WARNING_LINE = re.compile(r"^(?:(?P<where>\S+?)(?::\d+)?: )?(?:WARNING|ERROR|CRITICAL): ", re.MULTILINE)


def _warnings_by_page(output: str) -> dict[str, str]:
    """Each warning of a build with the lines after it (a traceback), by the notebook it names ("" for none)."""
    found: dict[str, str] = {}
    starts = list(WARNING_LINE.finditer(output))
    for match, end in zip(starts, [m.start() for m in starts[1:]] + [len(output)], strict=True):
        where = match.group("where") or ""
        page = Path(where).stem if where.endswith(".ipynb") else where
        found[page] = found.get(page, "") + output[match.start():end]
    return found


def _early_page() -> nbformat.NotebookNode:
    nb = _page([("a = 1", "fine {eval}`a`")])
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("too early: {eval}`a`"))
    return nb


# Pages that must each fail a -W build, with what the build must say about each. They share one force-mode build
# with the good page (one Sphinx start instead of four; every page executes in its own kernel): each must have its
# own warning, and the good page none.
BAD_PAGES = {
    "undefined": (_page([("a = 1", "{eval}`b`")]), "NameError"),
    "expression": (_page([("a = 1", "{eval}`a + 1`")]), "plain variable name"),
    "early": (_early_page(), "no value was recorded"),
}


@pytest.fixture(scope="module")
def force_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("force")
    pages = {"page": _with_figure(_page(GOOD)), **{name: nb for name, (nb, _) in BAD_PAGES.items()}}
    proc = _build(folder, pages, "force")
    return folder, proc, _warnings_by_page(proc.stdout + proc.stderr)


def test_warnings_are_found_by_page():
    output = ("/b/page.ipynb: WARNING: Executing notebook failed\nTraceback\nNameError: b\n"
              "/b/early.ipynb:20002: WARNING: no value\nWARNING: somewhere\n[IPKernelApp] WARNING | noise\n")
    found = _warnings_by_page(output)
    assert set(found) == {"page", "early", ""}
    assert "NameError" in found["page"] and "no value" in found["early"] and "noise" in found[""]


def test_force_mode_renders_the_values(force_build):
    folder, proc, warnings = force_build
    # Only the bad pages fail the build (1: warnings under -W; an exception would give 2).
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert set(warnings) <= set(BAD_PAGES), {page: text[-3000:] for page, text in warnings.items()
                                             if page not in BAD_PAGES}
    html = (folder / "_build" / "page.html").read_text()
    assert "Rest \u221265.0 mV, in 25 of 30 (0.5)." in html
    assert "Again \u221265.0 mV." in html
    assert "Now changed." in html
    assert "A line, 2 by 1 in, 25 points." in html  # caption: the figure cell's own values
    assert 'alt="A rising line in a 2 by 1 inch box."' in html
    assert "{eval}" not in html and "papermill" not in html and "'\u221265.0 mV'" not in html


def test_cache_mode_renders_a_record_made_outside_the_build(tmp_path):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    nb = _page(GOOD)
    nbformat.write(nb, tmp_path / "page.ipynb")
    executed = nbformat.read(tmp_path / "page.ipynb", as_version=4)
    inline_eval.install()
    assert single_nb_execution(executed, cwd=str(tmp_path), timeout=120, allow_errors=False).err is None
    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(CacheBundleIn(executed, str(tmp_path / "page.ipynb")), check_validity=False)
    proc = _build(tmp_path, {"page": nb}, "cache")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Executing notebook" not in proc.stdout + proc.stderr
    html = (tmp_path / "_build" / "page.html").read_text()
    assert "Rest \u221265.0 mV, in 25 of 30 (0.5)." in html


@pytest.mark.parametrize("page", sorted(BAD_PAGES))
def test_a_bad_eval_fails_the_build(force_build, page):
    """An undefined name, an expression, and a name used before any code cell each fail a -W build."""
    _, proc, warnings = force_build
    message = BAD_PAGES[page][1]
    assert proc.returncode != 0
    assert message in warnings.get(page, ""), proc.stdout[-3000:] + proc.stderr[-3000:]
