"""The pages of the book's table of contents (_toc.yml), in reading order.

One reader of _toc.yml for the tools and the tests: tools/execute_notebooks.py
(which notebooks to run), tests/conftest.py and tests/browser/test_pages.py
(which built pages to check); and :func:`explorer_docnames`, the pages that
show an explorer (tests/test_static_explorer_pages.py, tests/browser/test_pages.py,
tests/browser/test_lab.py, tools/notebook_style.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml


def toc_files(toc_file: Path) -> list[str]:
    """Every ``file:`` of a jb-book table of contents, root first, as written there."""
    toc = yaml.safe_load(Path(toc_file).read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


def toc_docnames(toc_file: Path) -> list[str]:
    """Every page of the table of contents, root first, without a ``.md``/``.ipynb`` suffix."""
    return [str(Path(name).with_suffix("")) if Path(name).suffix else name for name in toc_files(toc_file)]


def shows_explorer(notebook: Path) -> bool:
    """Whether a notebook shows an explorer: it imports one (``from excitable.explorers``; the explorers
    are named ...Explorer, ...Lab and ...Bench)."""
    return "from excitable.explorers" in Path(notebook).read_text(encoding="utf-8")


def explorer_docnames(book_dir: Path) -> list[str]:
    """Docnames (``book/<chapter>/<page>``) of the notebooks under ``book_dir`` that show an explorer
    (:func:`shows_explorer`), problem sets excluded, sorted."""
    book_dir = Path(book_dir)
    return [str(path.relative_to(book_dir.parent).with_suffix("")) for path in sorted(book_dir.rglob("*.ipynb"))
            if not path.name.endswith("problems.ipynb") and ".ipynb_checkpoints" not in path.parts
            and shows_explorer(path)]
