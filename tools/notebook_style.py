"""Which notebook of each chapter the JupyterLab test opens (tests/browser/test_lab.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import shows_explorer  # noqa: E402


def _notebook(repo: Path, name: str) -> str | None:
    page = name if name.endswith(".ipynb") else f"{name}.ipynb"
    return page if (repo / page).is_file() else None


def chapter_notebooks(repo: Path) -> list[str]:
    """One notebook per chapter of _toc.yml (the prologue and appendices count as chapters).

    The first notebook of the chapter (its own file, then its sections in order) that shows an
    explorer, else its first notebook; problem sets are left out. Chapters without a notebook
    (plain Markdown pages) give none.
    """
    toc = yaml.safe_load((repo / "_toc.yml").read_text(encoding="utf-8"))
    chosen = []
    for part in toc.get("parts", []) or [{"chapters": toc.get("chapters", [])}]:
        for chapter in part.get("chapters", []) or []:
            names = [chapter.get("file", "")] + [s.get("file", "") for s in chapter.get("sections", []) or []]
            pages = [p for p in (_notebook(repo, n) for n in names if n) if p and "problems" not in Path(p).name]
            if pages:
                chosen.append(next((p for p in pages if shows_explorer(repo / p)), pages[0]))
    return chosen
