"""The built book carries a precomputed explorer on every page that shows one, within the size budget.

Each page whose notebook displays an explorer embeds, in its widget state, the kernel-free explorer of
``Explorer.static_widget`` (a box with the class ``excitable-static-explorer``), and no live one: a
live explorer would be dead without a kernel. The embedded widget state of a page, precomputed frames
included, stays within 4 MB. (``tests/browser/test_pages.py`` moves the sliders.)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import book_toc  # noqa: E402

pytestmark = pytest.mark.book

PAGE_BUDGET_BYTES = 4_000_000
STATE = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S)
VIEW = re.compile(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.S)


@pytest.mark.parametrize("docname", book_toc.explorer_docnames(REPO / "book"))
def test_page_embeds_its_precomputed_explorer_within_budget(built_html, docname):
    text = (built_html / f"{docname}.html").read_text(encoding="utf-8")
    states = STATE.findall(text)
    assert len(states) == 1, f"{docname}: expected one embedded widget state, found {len(states)}"
    size = len(states[0].encode("utf-8"))
    assert size <= PAGE_BUDGET_BYTES, f"{docname}: {size / 1e6:.2f} MB of widget state (budget 4 MB)"
    state = json.loads(states[0])["state"]
    views = [json.loads(v)["model_id"] for v in VIEW.findall(text)]
    static = [v for v in views if "excitable-static-explorer" in state[v]["state"].get("_dom_classes", [])]
    assert static, f"{docname}: no precomputed explorer among its {len(views)} widget views"
    assert len(static) == len(views), f"{docname}: a widget view that is not a precomputed explorer"
