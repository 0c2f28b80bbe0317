"""The site's navigation on every screen: a phone (390 px), a tablet (820 px) and a laptop (1366 px).

One Chromium, one browser context per screen width:

- the menu (primary sidebar) opens, and its table of contents leads to another
  chapter; the "Contents" button opens the page's own contents; one search box;
- searching ranks the page titled for the word first, with clean snippets;
- in print the folded answers are shown open;
- the landing page's map links every chapter of _toc.yml.

What every page must pass on these screens (nothing wider than the screen, legible figure text,
no serious axe-core violation) is read off the one load of each page in test_pages.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_pages import LOAD_TIMEOUT_MS, WIDTHS, is_local, wait_for_mathjax

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def toc_chapters(toc_file: Path = REPO / "_toc.yml") -> list[str]:
    """The chapter entries of _toc.yml (not their sections), in reading order."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    chapters = [chapter["file"] for part in toc.get("parts", []) for chapter in part.get("chapters", [])]
    assert chapters, f"no chapters under parts: in {toc_file}"
    return chapters


def _wait_until_ready(page) -> None:
    wait_for_mathjax(page)
    page.wait_for_load_state("networkidle")


class Screens:
    """One browser context per screen width, opened when a test first needs it."""

    def __init__(self, browser, site_url: str):
        self.browser, self.site_url = browser, site_url
        self.pages = {}

    def page(self, width: str):
        if width not in self.pages:
            w, h = WIDTHS[width]
            context = self.browser.new_context(viewport={"width": w, "height": h}, service_workers="block")
            context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
            page = context.new_page()
            page.set_default_timeout(LOAD_TIMEOUT_MS)
            self.pages[width] = page
        return self.pages[width]

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def screens(browser, site_url):
    screens = Screens(browser, site_url)
    yield screens
    screens.close()


# ------------------------------------------------------------------ navigation


VISIBLE_JS = """(sel) => [...document.querySelectorAll(sel)].some(e => {
        const b = e.getBoundingClientRect(), s = getComputedStyle(e);
        return b.width > 0 && b.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
               && b.right > 0 && b.left < window.innerWidth; })"""
SLIDE_TIMEOUT_MS = 5_000
"""How long a sidebar or dialog may take to slide in or out after its button is clicked."""


def _visible(page, selector: str) -> bool:
    return page.evaluate(VISIBLE_JS, selector)


def _waited(page, condition_js: str, arg=None) -> bool:
    """Whether a condition holds (or comes to) within SLIDE_TIMEOUT_MS; the caller asserts what it needs."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # here: it may be missing (conftest)

    try:
        page.wait_for_function(condition_js, arg=arg, timeout=SLIDE_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return False
    return True


def _becomes(page, selector: str, visible: bool) -> bool:
    """Whether ``selector`` is (or turns) visible, or hidden, within SLIDE_TIMEOUT_MS."""
    return _waited(page, f"([sel, want]) => ({VISIBLE_JS})(sel) === want", [selector, visible])


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
        assert _becomes(page, SIDEBAR_LINK, visible=False), "the menu button does not hide the sidebar on a laptop"
        toggles.first.click()
    else:
        assert not _visible(page, SIDEBAR_LINK), "the table of contents covers the page before the menu is opened"
        toggles.first.click()
    assert _becomes(page, SIDEBAR_LINK, visible=True), "the menu button did not open the table of contents"
    page.locator(SIDEBAR_LINK).locator("visible=true").first.click()
    page.wait_for_url("**/book/gating/index.html")


@pytest.mark.parametrize("width", ["phone", "tablet"])
def test_contents_button_opens_the_page_contents(screens, width):
    page = screens.page(width)
    page.goto(f"{screens.site_url}/book/first_look/spike.html", wait_until="load")
    _wait_until_ready(page)
    toggle = page.locator("button.secondary-toggle:visible")
    assert toggle.count() >= 1, "no visible Contents button"
    contents = "#pst-secondary-sidebar nav.page-toc a, dialog#pst-secondary-sidebar-modal[open] a"
    assert not _visible(page, contents), "the page's contents cover the page before the button is pressed"
    toggle.first.click()
    assert _becomes(page, contents, visible=True), "the Contents button opened nothing"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_one_search_box(screens, width):
    page = screens.page(width)
    page.goto(f"{screens.site_url}/book/intro.html", wait_until="load")
    # The header shows the search field on wide screens and a search button on narrow ones; the search
    # form itself is in a dialog, closed (display: none) until one of them is pressed.
    count = page.evaluate("""() => [...document.querySelectorAll(
            '.search-button-field, .search-button, form.bd-search')].filter(e => {
        const b = e.getBoundingClientRect(), s = getComputedStyle(e);
        return b.width > 0 && b.height > 0 && s.visibility !== 'hidden';
    }).length""")
    assert count == 1, f"{count} search boxes or buttons visible, not one"


def test_search_ranks_titles_and_cleans_snippets(screens):
    """Searching "Nernst" puts the page titled for it first; snippets hold text, not toolbar or raw TeX."""
    page = screens.page("laptop")
    page.goto(f"{screens.site_url}/search.html?q=Nernst", wait_until="load")
    # Sphinx lists every result, then says "Search finished"; each result's snippet comes later, from a
    # fetch of its page: wait for all of them.
    page.wait_for_function("""() => /Search finished/.test(
            (document.querySelector('#search-results .search-summary') || {textContent: ''}).textContent)
        && [...document.querySelectorAll('#search-results li')].every(li => li.querySelector('p.context'))""")
    results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(li => ({
        href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
        snippet: li.querySelector('p.context').textContent}))""")
    assert len(results) >= 3, f"search results for Nernst: {results}"
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
    # Folded content is hidden three ways at once (no height, invisible, transparent); print must undo all
    # three. Opacity eases in over 0.3 s (togglebutton's transition), so wait for it before reading.
    print_state = """() => {
        const answers = [...document.querySelectorAll('.solution.toggle-hidden, .dropdown.toggle-hidden')];
        const hidden = answers.filter(a => [...a.children].slice(1).some(c => {
            const s = getComputedStyle(c); const b = c.getBoundingClientRect();
            return !c.matches('button') && (s.visibility === 'hidden' || b.height === 0 || Number(s.opacity) < 1); }));
        const hints = [...document.querySelectorAll('button.toggle-button')].filter(b =>
            getComputedStyle(b).display !== 'none' && b.getBoundingClientRect().width > 0);
        return {answers: answers.length, hidden: hidden.length, hints: hints.length};
    }"""
    try:
        _waited(page, f"() => ({print_state})().hidden === 0")  # the assertion below says what is left
        state = page.evaluate(print_state)
    finally:
        page.emulate_media(media="screen")
    assert state["hidden"] == 0 and state["hints"] == 0, state


def test_landing_map_links_every_chapter(screens):
    page = screens.page("laptop")
    page.goto(f"{screens.site_url}/book/intro.html", wait_until="load")
    links = page.evaluate("""() => { const map = document.querySelector('#map-of-the-book table');
        return map ? [...map.querySelectorAll('a.internal')].map(a => new URL(a.href).pathname) : null; }""")
    assert links is not None, "no table under 'Map of the book' on the landing page"
    missing = [c for c in toc_chapters() if not any(link.endswith(f"/{c}.html") for link in links)]
    assert not missing, f"chapters of _toc.yml missing from the landing map: {missing}"
