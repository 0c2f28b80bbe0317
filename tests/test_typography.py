"""Ion subscripts are upright in every page and problem set, as the chapters write them ($E_\\mathrm{Na}$)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
ITALIC_ION = re.compile(r"(?<![\\A-Za-z])(?:\\bar\{?g\}?|\\bar g|[A-Za-z])_"
                        r"(?:\{(?:Na|K|Cl|Ca)\}|(?:Na|K|Cl|Ca)(?![A-Za-z]))")


def italic_ion_subscripts(markdown: str) -> list[str]:
    """Math spans of ``markdown`` that write an ion subscript in italics (E_{Na}, g_K)."""
    return [m.group(0)[:60] for m in MATH.finditer(markdown) if ITALIC_ION.search(m.group(0))]


def sources() -> list[Path]:
    return sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("book/**/*.md"), *REPO.glob("exercises/**/*.ipynb")])


def markdown_texts(path: Path) -> list[str]:
    """The prose of a page: the whole file for .md, the markdown cells of a notebook."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_ion_subscripts_are_upright(path):
    found = [span for text in markdown_texts(path) for span in italic_ion_subscripts(text)]
    assert not found, f"write ion subscripts upright ($E_\\mathrm{{Na}}$), as the chapters do: {found[:5]}"


def test_the_check_tells_italic_from_upright():
    found = italic_ion_subscripts(r"peak below $E_{Na}$ and $g_K = \bar g_K n^4$")
    assert found == [r"$E_{Na}$", r"$g_K = \bar g_K n^4$"]
    assert italic_ion_subscripts(r"$E_\mathrm{Na}$, $\tau_m$, $g_L$, $I_{\text{TTX}}$, `g_K` in code") == []
