"""No line of prose starts with ``%``: MyST reads such a line as a comment and drops it from the page.

A sentence reflowed so that a percentage opens a line ("... (8.8\\n%): only those ...") loses the
rest of that line on the built page without any warning. Checked in every markdown cell and page of
the book and of the problem-set masters, outside fenced code.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
FENCES = ("```", "~~~")


def comment_lines(markdown: str) -> list[str]:
    """Lines of ``markdown`` outside fenced code that MyST would drop as comments."""
    dropped, fenced = [], False
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(FENCES):
            fenced = not fenced
        elif not fenced and stripped.startswith("%"):
            dropped.append(line[:80])
    return dropped


def sources() -> list[Path]:
    return sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("book/**/*.md"), *REPO.glob("exercises/*/*.ipynb")])


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_prose_line_is_a_myst_comment(path):
    if path.suffix == ".md":
        texts = [path.read_text(encoding="utf-8")]
    else:
        texts = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    dropped = [line for text in texts for line in comment_lines(text)]
    assert not dropped, f"MyST drops these lines as comments; reflow them so no line starts with %: {dropped}"


def test_the_check_finds_a_percentage_that_opens_a_line():
    assert comment_lines("stop the firing (8.8\n%): only those that arrive") == ["%): only those that arrive"]
    assert comment_lines("  % indented too") == ["  % indented too"]
    assert comment_lines("8.8 % of them\n```python\n% not prose\n```\n$x$") == []
