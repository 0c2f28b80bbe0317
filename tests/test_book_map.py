"""The landing page's map and the prologue's "Where this leads" follow _toc.yml.

Every chapter of _toc.yml is linked from the map (and, after the prologue,
from "Where this leads") and marked available; a chapter not in the TOC is
named without a link and marked forthcoming. When a chapter lands in _toc.yml
and the map still calls it forthcoming, the test names it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"
DOC = re.compile(r"\{doc\}`([^`<]+?)(?:\s*<([^>]+)>)?`")


def toc_chapters() -> list[str]:
    """Docnames (relative to book/) of the chapters of _toc.yml, in reading order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [str(Path(f).with_suffix("")).removeprefix("book/") for f in files]


def title(docname: str) -> str:
    """The first heading of a chapter's page, up to its colon ("Gating: ..." -> "Gating")."""
    for suffix in (".md", ".ipynb"):
        path = BOOK / f"{docname}{suffix}"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if suffix == ".ipynb":
                text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
            heading = re.search(r"^# (.+)$", text, re.M).group(1)
            return heading.split(":")[0].strip()
    raise FileNotFoundError(docname)


def _target(match, base: str) -> str:
    """The docname (relative to book/) a {doc} role in a page under ``base`` points at."""
    target = (match.group(2) or match.group(1)).strip()
    if target.startswith("/"):
        return target.lstrip("/").removeprefix("book/")
    return posixpath.normpath(posixpath.join(base, target))


def map_rows(text: str) -> list[tuple[list[str], str, str]]:
    """(linked docnames, first cell, status) of each row of the table under "## Map of the book"."""
    section = text.split("## Map of the book", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or set(cells[0]) <= set("-: ") or cells[0] == "part":
            continue
        links = [_target(m, ".") for m in DOC.finditer(cells[0])]
        rows.append((links, cells[0], cells[-1]))
    return rows


def check_map(rows, chapters, titles) -> list[str]:
    problems = []
    linked = {link for links, _, _ in rows for link in links}
    for chapter in chapters:
        if chapter not in linked:
            problems.append(f"chapter {chapter} of _toc.yml is not linked from the map")
    for links, first, status in rows:
        if links and status != "available":
            problems.append(f"row {first!r} links a published page but says {status!r}")
        if not links:
            if status != "forthcoming":
                problems.append(f"row {first!r} has no link and says {status!r}, not 'forthcoming'")
            for name in titles:
                if first.lower().startswith(name.lower()):
                    problems.append(f"row {first!r} is in _toc.yml now ({name}): link it and mark it available")
    return problems


def test_landing_map_follows_the_toc():
    rows = map_rows((BOOK / "intro.md").read_text(encoding="utf-8"))
    chapters = toc_chapters()
    assert not check_map(rows, chapters, [title(c) for c in chapters])


def where_this_leads() -> str:
    nb = nbformat.read(BOOK / "first_look" / "spike.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "## Where this leads" in cell.source:
            return cell.source.split("## Where this leads", 1)[1].split("\n## ", 1)[0]
    raise AssertionError("the prologue has no 'Where this leads' section")


def check_leads(text: str, chapters: list[str], titles: list[str]) -> list[str]:
    problems = []
    linked = {_target(m, "first_look") for m in DOC.finditer(text)}
    for chapter in chapters:
        if chapter.startswith(("first_look", "appendix", "references")):
            continue
        if chapter not in linked:
            problems.append(f"chapter {chapter} of _toc.yml is not linked from 'Where this leads'")
    for match in re.finditer(r"\*\*([^*]+)\*\*(,? ?[a-z]*)", text):
        name, after = match.group(1), match.group(2)
        if "forthcoming" not in after:
            problems.append(f"{name!r} is named without a link and not marked forthcoming")
        if any(name.lower().startswith(t.lower()) for t in titles):
            problems.append(f"{name!r} is in _toc.yml now: link it")
    return problems


def test_prologue_outlook_follows_the_toc():
    chapters = toc_chapters()
    assert not check_leads(where_this_leads(), chapters, [title(c) for c in chapters])


def test_the_checks_catch_a_stale_map():
    rows = map_rows("## Map of the book\n\n| part | asks | status |\n|---|---|---|\n"
                    "| {doc}`a/index` | x | available |\n| Gating | y | planned |\n| Later | z | forthcoming |\n")
    problems = check_map(rows, ["a/index", "gating/index"], ["A", "Gating"])
    assert any("gating/index" in p for p in problems)
    assert any("'planned'" in p for p in problems)
    assert any("in _toc.yml now" in p for p in problems)
    leads = "(**Electrochemistry**.) ({doc}`../gating/index`.) (**Later**, forthcoming.)"
    problems = check_leads(leads, ["electrochemistry/index", "gating/index"], ["Electrochemistry", "Gating"])
    assert any("electrochemistry/index" in p for p in problems)
    assert any("'Electrochemistry'" in p for p in problems)
    assert not any("gating" in p or "Later" in p for p in problems)


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
