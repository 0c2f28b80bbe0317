"""No line of prose starts with ``%``: MyST reads such a line as a comment and drops it from the page.

A sentence reflowed so that a percentage opens a line ("... (8.8\\n%): only those ...") loses the
rest of that line on the built page without any warning. Checked in every markdown cell and page of
the book and of the problem sets (the sources of test_typography), outside fenced code.
"""

from __future__ import annotations

import pytest
from test_typography import REPO, markdown_texts, sources

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


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_prose_line_is_a_myst_comment(path):
    dropped = [line for text in markdown_texts(path) for line in comment_lines(text)]
    assert not dropped, f"MyST drops these lines as comments; reflow them so no line starts with %: {dropped}"


def test_the_check_finds_a_percentage_that_opens_a_line():
    assert comment_lines("stop the firing (8.8\n%): only those that arrive") == ["%): only those that arrive"]
    assert comment_lines("  % indented too") == ["  % indented too"]
    assert comment_lines("8.8 % of them\n```python\n% not prose\n```\n$x$") == []
