"""The pages of the book's table of contents (_toc.yml), in reading order.

One reader of _toc.yml for the tools and the tests: tools/execute_notebooks.py
(which notebooks to run), tests/conftest.py and tests/browser/test_pages.py
(which built pages to check).
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
