"""The layering rule: book notebooks take physics from the physics modules, only explorer classes from explorers."""

import ast
import importlib
from pathlib import Path

import nbformat
import pytest

from excitable.explorers import Explorer

BOOK = Path(__file__).resolve().parent.parent / "book"
NOTEBOOKS = sorted(BOOK.rglob("*.ipynb"))


def explorer_imports_that_are_not_explorers(source: str) -> list[str]:
    """Names a code cell imports from ``excitable.explorers`` that are not explorer classes, or whole modules."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    bad = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            bad += [alias.name for alias in node.names if alias.name.startswith("excitable.explorers")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "excitable":
                bad += [alias.name for alias in node.names if alias.name == "explorers"]
            elif node.module == "excitable.explorers" or node.module.startswith("excitable.explorers."):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    value = getattr(module, alias.name, None)
                    if not (isinstance(value, type) and issubclass(value, Explorer) and value is not Explorer):
                        bad.append(f"{node.module}.{alias.name}")
    return bad


def test_the_check_catches_physics_and_constants_imported_from_explorers():
    assert explorer_imports_that_are_not_explorers("from excitable.explorers.spike import SpikeExplorer") == []
    assert explorer_imports_that_are_not_explorers(
        "from excitable.explorers.resting import RESTING_PERMEABILITIES, RestingLab") == [
        "excitable.explorers.resting.RESTING_PERMEABILITIES"]
    assert explorer_imports_that_are_not_explorers("from excitable.explorers import Explorer, slider") == [
        "excitable.explorers.Explorer", "excitable.explorers.slider"]
    assert explorer_imports_that_are_not_explorers("from excitable import explorers, hh") == ["explorers"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(BOOK)) for p in NOTEBOOKS])
def test_book_notebooks_import_only_explorer_classes_from_explorers(path):
    notebook = nbformat.read(path, as_version=4)
    bad = [name for cell in notebook.cells if cell.cell_type == "code"
           for name in explorer_imports_that_are_not_explorers(cell.source)]
    assert not bad, f"{path.name} imports {bad} from excitable.explorers; take physics and colours from the package"
