"""The notebooks read like the book in JupyterLab (issue 10; CONTRIBUTING.md, "Writing a notebook").

For every notebook of _toc.yml, from its source (no kernel):

- **Little hidden code.** At most ``MAX_HIDDEN_SHARE`` of a notebook's code
  lines (non-blank) sit in cells hidden *without a toggle* (tags
  ``remove-cell`` or ``remove-input``): the key-number assert cell and little
  else. Code that computes a number or draws a figure is ``hide-input``: behind
  the site's "show code" toggle and collapsed in Lab, never out of reach.
- **Collapsed in Lab as on the site.** Every ``remove-cell``, ``remove-input``
  and ``hide-input`` code cell has ``jupyter.source_hidden: true``.
- **No glue.** Numbers are ``{eval}`name``` (tools/inline_eval.py), figures the
  result of their own cell; no ``glue(...)``, ``{glue:...}`` or ``glue:figure``.

- **Figures carry their caption, label and alt text.** A cell that shows a
  figure with ``plotting.show(...)`` is ``hide-input`` and has
  ``mystnb.figure.caption``, ``mystnb.figure.name`` (``fig-...``) and
  ``mystnb.image.alt`` in its metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tools import book_toc

REPO = Path(__file__).resolve().parents[1]

#: The largest share of a notebook's code lines that may be hidden without a toggle.
MAX_HIDDEN_SHARE = 0.20

HIDDEN = {"remove-cell", "remove-input"}
TOGGLED = {"hide-input", "hide-cell"}
GLUE = re.compile(r"\bglue\(|\{glue(:[a-z]+)?\}|myst_nb import glue")


def _notebooks() -> list[str]:
    pages = [f"{name}.ipynb" for name in book_toc.toc_docnames(REPO / "_toc.yml")]
    return [page for page in pages if (REPO / page).is_file()]


def _lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


def hidden_share(notebook) -> tuple[int, int]:
    """(code lines hidden without a toggle, all code lines) of a notebook."""
    hidden = total = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = _lines(cell.source)
        total += lines
        if HIDDEN & set(cell.metadata.get("tags", [])):
            hidden += lines
    return hidden, total


def test_hidden_share_counts_only_cells_without_a_toggle():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("a = 1\n\nb = 2"), nbformat.v4.new_code_cell("assert a"),
                nbformat.v4.new_code_cell("c = 3"), nbformat.v4.new_markdown_cell("text")]
    nb.cells[1].metadata["tags"] = ["remove-cell"]
    nb.cells[2].metadata["tags"] = ["hide-input"]
    assert hidden_share(nb) == (1, 4)


@pytest.mark.parametrize("page", _notebooks())
def test_little_code_is_hidden_without_a_toggle(page):
    hidden, total = hidden_share(nbformat.read(REPO / page, as_version=4))
    assert hidden <= MAX_HIDDEN_SHARE * total, (
        f"{page}: {hidden} of {total} code lines ({hidden / total:.0%}) are in remove-cell/remove-input cells, "
        f"more than {MAX_HIDDEN_SHARE:.0%}; computations and figures go in hide-input cells"
    )


@pytest.mark.parametrize("page", _notebooks())
def test_hidden_cells_are_collapsed_in_lab(page):
    notebook = nbformat.read(REPO / page, as_version=4)
    open_cells = [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (HIDDEN | TOGGLED) & set(cell.metadata.get("tags", []))
        and not cell.metadata.get("jupyter", {}).get("source_hidden")
    ]
    assert not open_cells, f"{page}: cells {open_cells} are hidden on the site but open in Lab (jupyter.source_hidden)"


@pytest.mark.parametrize("page", _notebooks())
def test_no_glue(page):
    notebook = nbformat.read(REPO / page, as_version=4)
    glued = [index for index, cell in enumerate(notebook.cells) if GLUE.search(cell.source)]
    assert not glued, f"{page}: cells {glued} use glue; write {{eval}}`name` and show figures from their cell"


@pytest.mark.parametrize("page", _notebooks())
def test_figure_cells_carry_caption_label_and_alt(page):
    notebook = nbformat.read(REPO / page, as_version=4)
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "plotting.show(" not in cell.source:
            continue
        options = cell.metadata.get("mystnb", {})
        figure, image = options.get("figure", {}), options.get("image", {})
        if not str(figure.get("caption", "")).strip():
            problems.append(f"cell {index}: no mystnb.figure.caption")
        if not str(figure.get("name", "")).startswith("fig-"):
            problems.append(f"cell {index}: mystnb.figure.name should be fig-...")
        if len(str(image.get("alt", ""))) < 20:
            problems.append(f"cell {index}: no mystnb.image.alt (say what the figure shows)")
        if "hide-input" not in cell.metadata.get("tags", []):
            problems.append(f"cell {index}: a figure cell is tagged hide-input")
    assert not problems, f"{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", _notebooks())
def test_make_lab_paths_are_relative_to_the_book_folder(page):
    """`make lab` roots JupyterLab at book/: a note that says where to open a page gives the path from there."""
    notebook = nbformat.read(REPO / page, as_version=4)
    wrong = [index for index, cell in enumerate(notebook.cells)
             if cell.cell_type == "markdown" and re.search(r"make lab`[^`]*`book/", cell.source)]
    assert not wrong, f"{page}: cells {wrong} point at book/... after `make lab`; Lab opens in book/"
