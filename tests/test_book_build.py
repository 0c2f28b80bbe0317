"""The built site (``_build/html``): complete, and self-contained for offline reading.

``make test`` builds the book before pytest; without it the ``built_html``
fixture builds it. These tests read the HTML files only; the browser tests in
tests/browser/ load the pages for real.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.book


class ResourceParser(HTMLParser):
    """Collect what a page loads: script sources and stylesheet/link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.links: list[tuple[str, str]] = []  # (rel, href)
        self.others: list[tuple[str, str]] = []  # (tag, src) of img/iframe/video/audio/source/embed

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.links.append(((attrs.get("rel") or "").lower(), attrs["href"]))
        elif tag in {"img", "iframe", "video", "audio", "source", "embed"} and attrs.get("src"):
            self.others.append((tag, attrs["src"]))


def resources(page: Path) -> ResourceParser:
    parser = ResourceParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    """True for an address on another host (http, https or protocol-relative)."""
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} or (parts.scheme == "" and url.strip().startswith("//"))


# Link relations that make the browser fetch the target when the page loads.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "shortcut icon", "manifest"}


def html_pages(built_html: Path) -> list[Path]:
    return sorted(p for p in built_html.rglob("*.html") if "_static" not in p.parts)


def test_every_toc_page_was_built(built_html, toc_pages):
    missing = [name for name in toc_pages if not (built_html / f"{name}.html").is_file()]
    assert not missing, f"pages in _toc.yml without an HTML file in {built_html}: {missing}"


def test_index_leads_to_the_root_page(built_html, toc_pages):
    index = (built_html / "index.html").read_text(encoding="utf-8")
    assert f"{toc_pages[0]}.html" in index


@pytest.mark.parametrize("kind", ["script", "link", "media"])
def test_no_page_loads_anything_from_the_internet(built_html, kind):
    offenders = []
    for page in html_pages(built_html):
        found = resources(page)
        if kind == "script":
            urls = found.scripts
        elif kind == "link":
            # <link href> of any relation that loads something; plain navigation
            # relations (canonical, next, prev, search, index) are links, not loads.
            urls = [href for rel, href in found.links if rel in LOADING_RELS or not rel]
        else:
            urls = [src for _, src in found.others]
        offenders += [f"{page.relative_to(built_html)}: {url}" for url in urls if is_external(url)]
    assert not offenders, f"external <{kind}> resources (the book must work offline):\n" + "\n".join(offenders)


def test_local_scripts_and_stylesheets_exist(built_html):
    """Every local script or stylesheet a page names was copied into the build."""
    missing = []
    for page in html_pages(built_html):
        found = resources(page)
        urls = found.scripts + [href for rel, href in found.links if rel == "stylesheet"]
        for url in urls:
            if is_external(url) or url.startswith("data:"):
                continue
            target = (page.parent / urlsplit(url).path).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(built_html)}: {url}")
    assert not missing, "scripts or stylesheets missing from the build:\n" + "\n".join(missing)


def test_mathjax_is_served_from_the_build(built_html):
    mathjax_urls = {
        (page, url)
        for page in html_pages(built_html)
        for url in resources(page).scripts
        if "mathjax" in url.lower()
    }
    # sphinx-mathjax-offline puts MathJax into the build; pages with math load it.
    assert (built_html / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax is not in the build"
    for page, url in mathjax_urls:
        assert not is_external(url), f"{page.name} loads MathJax from {url}"
        assert (page.parent / urlsplit(url).path).resolve().is_file(), f"{page.name}: {url} is not in the build"
    # Every page with math loads it.
    math_pages = [p for p in html_pages(built_html) if 'class="math' in p.read_text(encoding="utf-8")]
    without = [p.relative_to(built_html) for p in math_pages if p not in {page for page, _ in mathjax_urls}]
    assert not without, f"pages with math that do not load MathJax: {without}"
    # Its fonts and components come along (MathJax loads them relative to its script).
    assert (built_html / "_static" / "mathjax" / "output" / "chtml" / "fonts").is_dir()


def test_widget_scripts_are_served_from_the_build(built_html):
    """Pages that embed widget state load require.js and the embed manager locally."""
    widget_pages = [p for p in html_pages(built_html)
                    if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")]
    for page in widget_pages:
        scripts = resources(page).scripts
        assert any(s.split("?")[0].endswith("widgets/embed-amd.js") for s in scripts), page.name
        assert any(s.split("?")[0].endswith("widgets/require.js") for s in scripts), page.name
    if widget_pages:
        fonts = list((built_html / "_static" / "widgets").glob("*.woff2"))
        assert fonts, "the widget icon fonts were not copied next to embed-amd.js"


def test_the_offline_checks_catch_a_cdn_script(tmp_path):
    """The checks above can fail: a page with a CDN script and stylesheet is caught."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/f.css">'
        '<link rel="canonical" href="https://example.org/page.html">'
        '<script src="_static/local.js"></script></head></html>'
    )
    found = resources(page)
    assert [u for u in found.scripts if is_external(u)] == ["https://cdn.example.org/x.js"]
    assert [h for r, h in found.links if is_external(h) and (r in LOADING_RELS or not r)] == [
        "//fonts.example.org/f.css"
    ]



def test_no_live_code_button(built_html):
    """No Thebe "Live Code" button: it needs a CDN and hangs offline (issue 10); Binder runs a page."""
    with_button = [p.name for p in html_pages(built_html) if "launch-thebe" in p.read_text(encoding="utf-8")]
    assert not with_button, f"pages with a Thebe button: {with_button}"


RAW_MARKUP = ("{eval}", "{glue", "papermill.record")


def test_no_raw_markup_in_the_pages(built_html, toc_pages):
    """Roles and inline expressions rendered, never shown as source (tools/inline_eval.py)."""
    problems = []
    for name in toc_pages:
        page = built_html / f"{name}.html"
        text = page.read_text(encoding="utf-8")
        problems += [f"{name}: {raw}" for raw in RAW_MARKUP if raw in text]
    assert not problems, problems


def test_prologue_numbers_and_figures_come_from_its_execution(built_html):
    """The prologue, written with {eval} and figure cells: values in the prose, captioned figures with alt text."""
    text = (built_html / "book" / "first_look" / "spike.html").read_text(encoding="utf-8")
    assert "\u221265.00 mV" in text  # {eval}`v_rest_text`, a true minus sign, no quotes
    assert "'\u221265.00'" not in text
    for label in ("fig-first-look-overview", "fig-first-look-conductances", "fig-first-look-threshold",
                  "fig-first-look-explorer", "fig-first-look-grid"):
        assert f'id="{label}"' in text, label
    parser = resources(built_html / "book" / "first_look" / "spike.html")
    assert sum(1 for tag, _ in parser.others if tag == "img") >= 5
