"""Notebooks are committed without outputs: the book and CI produce them.

Outputs in git bloat diffs, hide stale results and can leak solutions from the
exercise masters, so every notebook under book/ and exercises/ must have no
outputs, no execution counts and no stored widget state.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("book", "exercises")


def committed_notebooks() -> list[Path]:
    """Notebooks under book/ and exercises/ that git tracks (or all, outside a git checkout)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *(f"{folder}/*.ipynb" for folder in FOLDERS)],
            cwd=REPO, capture_output=True, text=True, check=True,
        ).stdout.split("\0")
        paths = [REPO / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for folder in FOLDERS for p in (REPO / folder).rglob("*.ipynb")]
    return sorted(p for p in paths if p.is_file() and ".ipynb_checkpoints" not in p.parts)


def dirty_cells(notebook: nbformat.NotebookNode) -> list[str]:
    """Describe every leftover of execution in a notebook."""
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {index}: {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index}: execution_count {cell.execution_count}")
    if "widgets" in notebook.metadata:
        problems.append("notebook metadata: stored widget state")
    return problems


NOTEBOOKS = committed_notebooks()


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found under book/ or exercises/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in NOTEBOOKS])
def test_notebook_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    problems = dirty_cells(notebook)
    assert not problems, (
        f"{path.relative_to(REPO)} was committed with outputs: {'; '.join(problems)}. "
        "Clear them (JupyterLab: Edit > Clear Outputs of All Cells, or "
        "`jupyter nbconvert --clear-output --inplace`) before committing."
    )


def test_dirty_cells_detects_outputs():
    """The check itself: an executed cell is reported."""
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=3)]
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), cell]
    assert dirty_cells(notebook) == ["cell 1: 1 output(s)", "cell 1: execution_count 3"]
