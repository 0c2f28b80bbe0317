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
  expression and an undefined name each fail a ``-W`` build.
"""

from __future__ import annotations

import ast
import os
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


def _build(folder: Path, nb: nbformat.NotebookNode, mode: str) -> subprocess.CompletedProcess:
    (folder / "conf.py").write_text(textwrap.dedent(CONF.format(mode=mode, cache=str(folder / "cache"))))
    (folder / "index.md").write_text("# Book\n\n```{toctree}\npage\n```\n")
    nbformat.write(nb, folder / "page.ipynb")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{REPO / 'tools'}{os.pathsep}{env.get('PYTHONPATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(folder), str(folder / "_build")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )


def test_force_mode_renders_the_values(tmp_path):
    proc = _build(tmp_path, _with_figure(_page(GOOD)), "force")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    html = (tmp_path / "_build" / "page.html").read_text()
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
    proc = _build(tmp_path, nb, "cache")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Executing notebook" not in proc.stdout + proc.stderr
    html = (tmp_path / "_build" / "page.html").read_text()
    assert "Rest \u221265.0 mV, in 25 of 30 (0.5)." in html


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([("a = 1", "{eval}`b`")], "NameError"),
        ([("a = 1", "{eval}`a + 1`")], "plain variable name"),
    ],
    ids=["undefined", "expression"],
)
def test_a_bad_eval_fails_the_build(tmp_path, cells, message):
    proc = _build(tmp_path, _page(cells), "force")
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_an_eval_before_any_code_cell_fails_the_build(tmp_path):
    nb = _page([("a = 1", "fine {eval}`a`")])
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("too early: {eval}`a`"))
    proc = _build(tmp_path, nb, "force")
    assert proc.returncode != 0
    assert "no value was recorded" in proc.stdout + proc.stderr, proc.stdout[-3000:] + proc.stderr[-3000:]
