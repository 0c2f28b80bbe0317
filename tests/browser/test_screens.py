"""The site on every screen: a phone (390 px), a tablet (820 px) and a laptop (1366 px).

One Chromium, one browser context per screen width, each page of _toc.yml
loaded once per width and every check read off that one load:

- the menu (primary sidebar) opens, and its table of contents leads to another
  chapter; the "Contents" button opens the page's own contents; one search box;
- no page is wider than the screen (wide equations, code and tables scroll in
  their own box instead);
- the smallest text in any figure, in CSS pixels as the reader sees it, is at
  least :data:`MIN_FIGURE_TEXT_PX` at 1366 px. Each figure PNG carries its
  smallest font size (points) and dpi (written by ``excitable.plotting.page_png``);
  the rendered size is that times the image's displayed/natural width;
- axe-core (pinned in tools/web/package.json, injected here, never served to
  readers) finds no critical or serious violation;
- the landing page's map links every chapter of _toc.yml.

The measured figure-text sizes are written to ``_build/site-report.json``
(next to the built html) for the record.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import book_toc  # noqa: E402
from locking import locked  # noqa: E402

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]

def toc_docnames(toc_file: Path = REPO / "_toc.yml") -> list[str]:
    """Every page of _toc.yml, root first (tools/book_toc.py)."""
    return book_toc.toc_docnames(toc_file)


def toc_chapters(toc_file: Path = REPO / "_toc.yml") -> list[str]:
    """The chapter entries of _toc.yml (not their sections), in reading order."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    return [chapter["file"] for part in toc.get("parts", []) for chapter in part.get("chapters", [])]


WIDTHS = {"phone": (390, 844), "tablet": (820, 1180), "laptop": (1366, 900)}
MIN_FIGURE_TEXT_PX = 9.0
"""Floor for the smallest figure text at 1366 px, in CSS pixels."""
AXE = REPO / "tools" / "web" / "node_modules" / "axe-core" / "axe.min.js"
LOAD_TIMEOUT_MS = 60_000

LAYOUT_JS = r"""
() => {
  const doc = document.documentElement;
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1 && !el.closest('.pst-scrollable-table-container, '
        + '.highlight, pre, mjx-container, div.math, .table-wrapper, .cell_output, .jupyter-widgets, .bd-toc')) {
      wide.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
        ? '.' + String(el.className).split(' ').join('.') : '') + ': ' + (el.textContent || '').trim().slice(0, 50));
      if (wide.length > 4) break;
    }
  }
  const images = [...document.querySelectorAll('main img')]
    .filter(img => !img.closest('.jupyter-widgets') && /\.png$/i.test(img.getAttribute('src') || ''))
    .map(img => ({src: img.getAttribute('src'), natural: img.naturalWidth,
                  shown: img.getBoundingClientRect().width}));
  return {scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth), innerWidth: window.innerWidth,
          wide, images};
}
"""


def _wait_until_ready(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('script[src*="mathjax"]')
                 || (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)"""
    )
    page.evaluate("() => window.MathJax && window.MathJax.startup ? MathJax.startup.promise.then(() => true) : true")
    page.wait_for_load_state("networkidle")


def figure_text(built_html: Path, page_url: str, images: list[dict]) -> list[dict]:
    """Smallest text (CSS px) of each figure on the page, from its PNG's font record and displayed size."""
    measured = []
    for image in images:
        path = built_html / unquote(urlsplit(page_url.rsplit("/", 1)[0] + "/" + image["src"]).path).lstrip("/")
        path = Path(*[part for part in path.parts])
        try:
            text = Image.open(path.resolve()).text
        except (FileNotFoundError, OSError):
            continue
        if "excitable:min-font-pt" not in text or not image["natural"] or not image["shown"]:
            continue
        points, dpi = float(text["excitable:min-font-pt"]), float(text["excitable:dpi"])
        px = points / 72.0 * dpi * image["shown"] / image["natural"]
        measured.append({"src": Path(image["src"]).name, "points": points, "px": round(px, 2)})
    return measured


class Screens:
    """Loads each page once, at 1366 px, and reads every check off that load.

    Figures and axe-core are measured at 1366 px; the viewport is then narrowed
    to 820 and 390 px (the theme's layout is CSS media queries, so the page
    reflows exactly as if loaded on that screen) for the overflow check and the
    phone's figure sizes. The navigation tests load pages at each width.
    """

    def __init__(self, browser, site_url: str, built_html: Path):
        self.browser, self.site_url, self.built_html = browser, site_url, built_html
        self.pages = {}
        self.reports = {}

    def page(self, width: str):
        if width not in self.pages:
            w, h = WIDTHS[width]
            context = self.browser.new_context(viewport={"width": w, "height": h}, service_workers="block")
            context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname
                          in {"127.0.0.1", None} else route.abort())
            page = context.new_page()
            page.set_default_timeout(LOAD_TIMEOUT_MS)
            self.pages[width] = page
        return self.pages[width]

    def report(self, width: str, docname: str) -> dict:
        if (width, docname) not in self.reports:
            page = self.page("laptop")
            url = f"{self.site_url}/{docname}.html"
            page.goto(url, wait_until="load")
            _wait_until_ready(page)
            for name in ("laptop", "tablet", "phone"):
                page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[name], strict=True)))
                page.wait_for_timeout(150 if name != "laptop" else 0)
                layout = page.evaluate(LAYOUT_JS)
                layout["figures"] = figure_text(self.built_html, url, layout.pop("images"))
                if name == "laptop":
                    layout["axe"] = run_axe(page)
                self.reports[(name, docname)] = layout
            page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["laptop"], strict=True)))
        return self.reports[(width, docname)]

    def close(self):
        for page in self.pages.values():
            page.context.close()


def run_axe(page) -> list[dict]:
    """axe-core's critical and serious violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
          .map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary.slice(0, 160))}));
    }""")
    return result


@pytest.fixture(scope="module")
def screens(browser, site_url, built_html):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make web` (npm ci --prefix tools/web)")
    screens = Screens(browser, site_url, built_html)
    yield screens
    screens.close()
    record = {f"{width}:{doc}": report["figures"] for (width, doc), report in screens.reports.items()}
    out = built_html.parent / "site-report.json"
    # The pages are spread over several workers (tools/balanced_xdist.py): each adds its own.
    with locked(out.with_name(out.name + ".lock")):
        try:  # a report older than the build is from an earlier run: start afresh
            fresh = out.stat().st_mtime >= (built_html / "index.html").stat().st_mtime
            earlier = json.loads(out.read_text())["figures"] if fresh else {}
        except (OSError, ValueError, KeyError):
            earlier = {}
        record = {**earlier, **record}
        smallest = {key: min((f["px"] for f in figures), default=None) for key, figures in record.items()}
        try:
            out.write_text(json.dumps({"smallest_figure_text_px": smallest, "figures": record}, indent=1))
        except OSError:
            pass


# ------------------------------------------------------------------ navigation


def _visible(page, selector: str) -> bool:
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)].some(e => {
        const b = e.getBoundingClientRect(), s = getComputedStyle(e);
        return b.width > 0 && b.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
               && b.right > 0 && b.left < window.innerWidth; })""", selector)


# The table of contents: in the sidebar on a laptop, moved into a modal dialog on narrower screens.
SIDEBAR_LINK = ", ".join(f"{where} a.reference.internal[href*='gating/index']"
                         for where in ("#pst-primary-sidebar", "dialog#pst-primary-sidebar-modal[open]"))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_menu_opens_and_leads_to_another_chapter(screens, width):
    page = screens.page(width)
    page.goto(f"{screens.site_url}/book/first_look/spike.html", wait_until="load")
    _wait_until_ready(page)
    toggles = page.locator("button.primary-toggle:visible")
    assert toggles.count() >= 1, "no visible menu button"
    if width == "laptop":
        assert _visible(page, SIDEBAR_LINK), "the table of contents is not shown on a laptop"
        toggles.first.click()
        page.wait_for_timeout(400)
        assert not _visible(page, SIDEBAR_LINK), "the menu button does not hide the sidebar on a laptop"
        toggles.first.click()
        page.wait_for_timeout(400)
    else:
        assert not _visible(page, SIDEBAR_LINK), "the table of contents covers the page before the menu is opened"
        toggles.first.click()
        page.wait_for_timeout(400)
    assert _visible(page, SIDEBAR_LINK), "the menu button did not open the table of contents"
    page.locator(SIDEBAR_LINK).locator("visible=true").first.click()
    page.wait_for_url("**/book/gating/index.html")
    assert page.locator("h1").first.inner_text().strip()


@pytest.mark.parametrize("width", ["phone", "tablet"])
def test_contents_button_opens_the_page_contents(screens, width):
    page = screens.page(width)
    page.goto(f"{screens.site_url}/book/first_look/spike.html", wait_until="load")
    _wait_until_ready(page)
    toggle = page.locator("button.secondary-toggle:visible")
    assert toggle.count() >= 1, "no visible Contents button"
    toggle.first.click()
    page.wait_for_timeout(400)
    assert _visible(page, "#pst-secondary-sidebar nav.page-toc a, dialog#pst-secondary-sidebar-modal[open] a"), (
        "the Contents button opened nothing")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_one_search_box(screens, width):
    page = screens.page(width)
    page.goto(f"{screens.site_url}/book/intro.html", wait_until="load")
    count = page.evaluate("""() => [...document.querySelectorAll(
            '.search-button-field, .search-button, form.bd-search')].filter(e => {
        const b = e.getBoundingClientRect(), s = getComputedStyle(e);
        return b.width > 0 && b.height > 0 && s.visibility !== 'hidden' && !e.closest('.search-button__wrapper');
    }).length""")
    assert count <= 1, f"{count} search boxes or buttons visible at once"


def test_search_ranks_titles_and_cleans_snippets(screens):
    """Searching "Nernst" puts the page titled for it first; snippets hold text, not toolbar or raw TeX."""
    page = screens.page("laptop")
    page.goto(f"{screens.site_url}/search.html?q=Nernst", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length >= 3")
    page.wait_for_timeout(500)
    results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(li => ({
        href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
        snippet: (li.querySelector('p.context') || {textContent: ''}).textContent}))""")
    assert results, "no search results for Nernst"
    assert "electrochemistry/nernst.html" in results[0]["href"], f"first result: {results[0]}"
    for result in results:
        snippet = result["snippet"]
        assert not any(word in snippet for word in ("Download", ".ipynb", "Binder", "Ctrl+K")), result
        assert not any(tex in snippet for tex in ("\\(", "\\frac", "\\mathrm", "$$")), result


def test_print_shows_the_answers_open(screens):
    """In print the folded answers are printed open, without the "Click to show" hint."""
    page = screens.page("laptop")
    page.goto(f"{screens.site_url}/book/first_look/spike.html", wait_until="load")
    _wait_until_ready(page)
    folded = "() => [...document.querySelectorAll('.solution.toggle-hidden, .dropdown.toggle-hidden')].length"
    assert page.evaluate(folded) > 0, "no folded answers on the page to test with"
    page.emulate_media(media="print")
    try:
        state = page.evaluate("""() => {
            const answers = [...document.querySelectorAll('.solution.toggle-hidden, .dropdown.toggle-hidden')];
            const hidden = answers.filter(a => [...a.children].slice(1).some(c => {
                const s = getComputedStyle(c); const b = c.getBoundingClientRect();
                return !c.matches('button') && (s.visibility === 'hidden' || b.height === 0); }));
            const hints = [...document.querySelectorAll('button.toggle-button')].filter(b =>
                getComputedStyle(b).display !== 'none' && b.getBoundingClientRect().width > 0);
            return {answers: answers.length, hidden: hidden.length, hints: hints.length};
        }""")
    finally:
        page.emulate_media(media="screen")
    assert state["hidden"] == 0 and state["hints"] == 0, state


# ------------------------------------------------------------------ every page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("docname", toc_docnames())
def test_no_page_is_wider_than_the_screen(screens, width, docname):
    report = screens.report(width, docname)
    assert report["scrollWidth"] <= report["innerWidth"], (
        f"{docname} is {report['scrollWidth']} px wide on a {report['innerWidth']} px screen; "
        f"sticking out: {report['wide']}")


@pytest.mark.parametrize("docname", toc_docnames())
def test_figure_text_is_legible(screens, docname):
    figures = screens.report("laptop", docname)["figures"]
    small = [f for f in figures if f["px"] < MIN_FIGURE_TEXT_PX]
    assert not small, f"{docname}: figure text below {MIN_FIGURE_TEXT_PX} px at 1366 px: {small}"


@pytest.mark.parametrize("docname", toc_docnames())
def test_axe_finds_no_serious_violation(screens, docname):
    violations = screens.report("laptop", docname)["axe"]
    assert not violations, f"{docname}: axe-core violations:\n" + json.dumps(violations, indent=1,
                                                                               ensure_ascii=False)


def test_landing_map_links_every_chapter(screens):
    page = screens.page("laptop")
    page.goto(f"{screens.site_url}/book/intro.html", wait_until="load")
    links = page.evaluate("""() => { const map = document.querySelector('#map-of-the-book table');
        return map ? [...map.querySelectorAll('a.internal')].map(a => new URL(a.href).pathname) : null; }""")
    assert links is not None, "no table under 'Map of the book' on the landing page"
    missing = [c for c in toc_chapters() if not any(link.endswith(f"/{c}.html") for link in links)]
    assert not missing, f"chapters of _toc.yml missing from the landing map: {missing}"


def test_figure_text_measure(tmp_path):
    """The measure reads the PNG's record: 9 pt at 200 dpi shown at half size is 12.5 px."""
    png = tmp_path / "f.png"
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("excitable:min-font-pt", "9")
    info.add_text("excitable:dpi", "200")
    Image.new("RGB", (400, 200)).save(png, pnginfo=info)
    found = figure_text(tmp_path, "http://127.0.0.1:1/page.html", [{"src": "f.png", "natural": 400, "shown": 200}])
    assert math.isclose(found[0]["px"], 12.5)
    assert figure_text(tmp_path, "http://127.0.0.1:1/page.html", [{"src": "gone.png", "natural": 4, "shown": 4}]) == []
