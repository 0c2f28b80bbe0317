"""Numbers in the built book's prose are written for people: no e-notation (1.45e-05) outside code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.book

E_NOTATION = re.compile(r"(?<![\w.])[-+−]?\d+(?:\.\d+)?[eE][-+]?\d+\b")
SKIP_TAGS = {"pre", "code", "script", "style", "kbd", "svg", "math", "textarea"}
SKIP_CLASSES = {"cell_output", "cell_input", "math", "highlight", "bd-sidebar-primary", "bd-sidebar-secondary",
                "jupyter-widgets", "widget-subarea", "bibliography", "citation-list"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param",
        "track"}


class ProseText(HTMLParser):
    """The text of a page's <main> outside code, math, outputs and widgets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: does it start a skipped region?
        self.in_main = 0
        self.skipping = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        self.stack.append((tag, skip))
        self.skipping += skip
        self.in_main += tag == "main"

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            self.skipping -= skip
            self.in_main -= open_tag == "main"
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.chunks.append(data)


def prose(html: str) -> str:
    parser = ProseText()
    parser.feed(html)
    return " ".join(parser.chunks)


def test_no_e_notation_in_prose(built_html, toc_pages):
    found = {}
    for name in toc_pages:
        text = prose((built_html / f"{name}.html").read_text(encoding="utf-8"))
        hits = [" ".join(text[max(0, m.start() - 30): m.end() + 10].split()) for m in E_NOTATION.finditer(text)]
        if hits:
            found[name] = hits[:5]
    assert not found, f"e-notation in the prose (use excitable.formatting.for_people): {found}"


def test_the_check_sees_prose_and_skips_code():
    html = ("<main><p>an error of 1.45e-05 mV</p><pre>x = 1e-3</pre><div class='cell_output'><p>2e-4</p></div>"
            "<span class='math'>10^{-3}</span><p>a ratio of 3 × 10⁻⁵</p></main>")
    text = prose(html)
    assert [m.group(0) for m in E_NOTATION.finditer(text)] == ["1.45e-05"]
    assert "3 × 10⁻⁵" in text
