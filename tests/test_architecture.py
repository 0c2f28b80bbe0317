"""ARCHITECTURE.md's module map is the package as it is, and the package keeps its layering rule.

The table in ARCHITECTURE.md lists every module of ``excitable`` once, lowest layer first; a module
may import only modules in rows above its own (its own subpackage's files aside). Imports inside
functions count: a module that calls the cable simulator when asked depends on it all the same.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "lib" / "excitable"
ROW = re.compile(r"^\| [^|]*\| `([A-Za-z_]+)` \|", re.MULTILINE)


def table_rows(text: str) -> list[str]:
    """The module named in each row of the module map, top to bottom."""
    return ROW.findall(text)


def package_modules() -> dict[str, list[Path]]:
    """Module name -> its source files: a top-level module is one file, a subpackage all of its files."""
    modules = {p.stem: [p] for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    for init in PACKAGE.glob("*/__init__.py"):
        modules[init.parent.name] = sorted(init.parent.glob("*.py"))
    return modules


def imported_modules(source: str, in_subpackage: bool) -> set[str]:
    """The package's top-level modules that ``source`` imports anywhere (functions included).

    ``in_subpackage``: the file lives one folder down (``explorers/``), so ``from . import`` names its
    siblings (not counted) and ``from .. import`` the package's modules."""
    own_level = 2 if in_subpackage else 1
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("excitable.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level == own_level:
                found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
            elif node.level == 0 and node.module and node.module.split(".")[0] == "excitable":
                parts = node.module.split(".")
                found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
    return found


def layering_breaches(rows: list[str], modules: dict[str, list[Path]]) -> list[str]:
    """Each import of a module that is not in a row above the importer's, as 'a imports b'."""
    position = {name: i for i, name in enumerate(rows)}
    breaches = []
    for name, files in modules.items():
        for path in files:
            for imported in sorted(imported_modules(path.read_text(encoding="utf-8"), path.parent != PACKAGE)):
                if imported != name and position.get(imported, len(rows)) >= position.get(name, -1):
                    breaches.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    return breaches


def test_the_module_map_lists_every_module_once():
    rows = table_rows((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    modules = package_modules()
    assert len(rows) == len(set(rows)), f"listed twice: {sorted({r for r in rows if rows.count(r) > 1})}"
    missing, unknown = sorted(set(modules) - set(rows)), sorted(set(rows) - set(modules))
    assert not missing and not unknown, f"not in ARCHITECTURE.md: {missing}; no such module: {unknown}"


def test_every_module_imports_only_the_rows_above_it():
    rows = table_rows((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    breaches = layering_breaches(rows, package_modules())
    assert not breaches, "imports against ARCHITECTURE.md's order (move the row or the code):\n" + "\n".join(breaches)


def test_the_package_root_imports_nothing():
    assert imported_modules((PACKAGE / "__init__.py").read_text(encoding="utf-8"), in_subpackage=False) == set()


def test_the_import_reader_sees_every_form_of_import():
    source = (
        "import numpy\n"
        "from . import _checks, hh\n"
        "from .cable import Axon\n"
        "import excitable.gating\n"
        "from excitable import analysis\n"
        "from excitable.plotting import show\n"
        "def later():\n"
        "    from . import myelin\n"
    )
    assert imported_modules(source, in_subpackage=False) == {
        "_checks", "hh", "cable", "gating", "analysis", "plotting", "myelin"}
    # one folder down, `.` is the subpackage and `..` the package
    assert imported_modules("from . import _base\nfrom ..hh import HHParams\nfrom .. import stimuli\n",
                            in_subpackage=True) == {"hh", "stimuli"}


def test_a_breach_is_reported(tmp_path, monkeypatch):
    # a lower row that imports a higher one, even inside a function, and an import of an unlisted module
    (tmp_path / "low.py").write_text("def f():\n    from . import high\n")
    (tmp_path / "high.py").write_text("from . import low, ghost\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    modules = {"low": [tmp_path / "low.py"], "high": [tmp_path / "high.py"]}
    assert layering_breaches(["low", "high"], modules) == ["low.py imports high", "high.py imports ghost"]
    assert layering_breaches(["high", "low"], modules) == ["high.py imports ghost", "high.py imports low"]
