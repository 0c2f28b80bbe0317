"""Every page of the built book in a real browser with no network, each page loaded once.

Every page of _toc.yml is served from 127.0.0.1 and loaded once in headless Chromium, each in a new
browser context that records from the start every console error, uncaught error and failed request,
and every request to another host (which it blocks). Once MathJax has typeset the page and its embedded
widgets have rendered, every check below is read off that one load (:class:`BookPages`); each is
its own test, so a failure names the check and the page:

- ``test_page_reads_offline`` (at 1280 px): no console error, no request to another host, the math
  typeset by MathJax (no raw TeX left in the text, no formula MathJax shows as an error or with an
  undefined macro), no display equation wider than the text column, every embedded widget view
  rendered, a text alternative for every image in the content outside the explorers;
- ``test_no_page_is_wider_than_the_screen`` on a phone (390 px), a tablet (820 px) and a laptop
  (1366 px): wide equations, code and tables scroll in their own box instead. The page is loaded at
  1366 px and the viewport then narrowed (the theme's layout is CSS media queries, so the page
  reflows exactly as if loaded on that screen);
- ``test_figure_text_is_legible``: the smallest text in every figure of the page's content, in CSS
  pixels as the reader sees it at 1366 px, is at least :data:`MIN_FIGURE_TEXT_PX`. Each figure PNG
  carries its smallest font size (points) and dpi (written by ``excitable.plotting.page_png``); the
  rendered size is that times the image's displayed/natural width. The explorers' frames carry the
  same record (``excitable.explorers._base.encode_frame``): the frame each explorer shows on load is
  measured too. A figure without that record fails (it was not made by ``page_png``);
- ``test_axe_finds_no_serious_violation`` (at 1366 px): axe-core (pinned in tools/web/package.json,
  injected here, never served to readers) finds no critical or serious violation (the rules that can
  only report minor or moderate ones are not run);
- ``test_explorers_respond_without_a_kernel``, last since it changes the page, on every page whose
  notebook shows an explorer: for each precomputed explorer (``excitable-static-explorer``, built by
  ``excitable.explorers._base.Explorer.static_widget``) it reads the page's embedded widget state,
  moves each slider one step with the keyboard, and checks that the image shown and the verdict
  above it become the frame precomputed for the new slider positions (the image by its SHA-256),
  with still no console error and no request to another host.

The page is a module-scoped parameter, so pytest runs the tests of one page one after the other, and
tools/balanced_xdist.py keeps them on one worker (one unit per page). The measured figure-text
sizes are written to ``_build/site-report.json`` (next to the built html) for the record.
The navigation of the site on the three screens is tested in test_screens.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from excitable.plotting import DPI_KEY, MIN_FONT_KEY

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import book_toc  # noqa: E402
from locking import locked  # noqa: E402

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1"}
LOAD_TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 10_000

WIDTHS = {"phone": (390, 844), "tablet": (820, 1180), "laptop": (1366, 900)}
"""The screens, as (width, height) of the viewport in CSS pixels."""
READING_SCREEN = (1280, 900)
"""The screen of the offline reading checks and the explorers."""
MIN_FIGURE_TEXT_PX = 9.0
"""Floor for the smallest figure text at 1366 px, in CSS pixels."""
AXE = REPO / "tools" / "web" / "node_modules" / "axe-core" / "axe.min.js"


def toc_docnames(toc_file: Path = REPO / "_toc.yml") -> list[str]:
    """Every page of _toc.yml, root first (tools/book_toc.py)."""
    return book_toc.toc_docnames(toc_file)


def explorer_pages() -> list[str]:
    """Docnames of the book's notebooks that display an explorer (tools/book_toc.py)."""
    return book_toc.explorer_docnames(REPO / "book")


# ------------------------------------------------------------------ reading offline

# Raw TeX that MathJax should have replaced, searched in the page text with
# code, scripts and already typeset math removed.
RAW_TEX = ("$$", "\\(", "\\)", "\\[", "\\]", "\\begin{", "\\frac")
FILE_NAME_ALT = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)

# The embed manager draws each widget view (a script of this type) into a .widget-subarea it inserts
# just before the script. A view it could not create shows an error view instead (which also logs a
# console error): not rendered.
RENDERED_JS = r"""
const VIEW_SCRIPT = 'script[type="application/vnd.jupyter.widget-view+json"]';
const rendered = script => {
  const area = script.previousElementSibling;
  return !!area && area.classList.contains('widget-subarea') && !!area.querySelector('.jupyter-widgets')
    && !area.querySelector('.jupyter-widgets-error-widget');
};
"""

PAGE_REPORT_JS = r"""
() => {
  """ + RENDERED_JS + r"""
  const main = document.querySelector('main') || document.body;
  const maths = [...main.querySelectorAll('.math')];
  const untypeset = maths.filter(m => !m.querySelector('mjx-container'))
                         .map(m => m.textContent.trim().slice(0, 80));
  // A TeX error is typeset as an error box (mjx-merror), a failed output as .mjx-output-error, and an
  // undefined macro (MathJax's noundefined extension) as its own name in red: in the formula's
  // assistive MathML it is a backslash and letters.
  const mathErrors = [...main.querySelectorAll('mjx-merror, [data-mjx-error], mjx-container.mjx-output-error')]
    .map(e => (e.getAttribute('data-mjx-error') || e.textContent || 'MathJax output error').trim().slice(0, 80));
  const undefinedMacros = [...main.querySelectorAll('mjx-assistive-mml')]
    .map(e => (e.textContent.match(/\\[A-Za-z]+/) || [null])[0]).filter(Boolean);
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight, .cell_input')
       .forEach(e => e.remove());
  const text = clone.textContent;
  const images = [...main.querySelectorAll('img')].map(img => ({
    src: (img.getAttribute('src') || '').slice(0, 120),
    alt: (img.getAttribute('alt') || '').trim(),
    label: (img.getAttribute('aria-label') || img.getAttribute('title') || '').trim(),
    widget: !!img.closest('.jupyter-widgets'),
    decorative: img.getAttribute('role') === 'presentation' || img.getAttribute('aria-hidden') === 'true',
  }));
  // Display equations wider than their box spill over the text column and hide their numbers.
  const overflowing = [...main.querySelectorAll('mjx-container[display="true"]')].filter(m => {
    const inner = m.querySelector('mjx-math');
    return inner && inner.getBoundingClientRect().width > m.getBoundingClientRect().width + 2;
  }).map(m => m.textContent.trim().slice(0, 60));
  return {
    overflowing,
    maths: maths.length,
    untypeset,
    text,
    images,
    mathErrors,
    undefinedMacros,
    widgetViews: document.querySelectorAll(VIEW_SCRIPT).length,
    widgetsRendered: [...document.querySelectorAll(VIEW_SCRIPT)].filter(rendered).length,
  };
}
"""


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


# $...$ holding TeX (a backslash, _, ^ or braces): math left as text, e.g. in a widget label.
DOLLAR_TEX = re.compile(r"\$[^$\n]{0,80}?[\\_^{}][^$\n]{0,80}?\$")


def raw_tex_fragments(text: str) -> list[str]:
    found = []
    for token in RAW_TEX:
        at = text.find(token)
        if at >= 0:
            found.append(" ".join(text[max(0, at - 40): at + 40].split()))
    found += [match.group(0) for match in DOLLAR_TEX.finditer(text)][:5]
    return found


def missing_alt(images: list[dict]) -> list[str]:
    """Images with no real text alternative (a file name does not count).

    Images drawn by an embedded ipywidgets ``Image`` (the explorers' frames) are left out: ipywidgets 8
    gives that widget no alt text, so the book's ``book-widgets.js`` names each frame after the verdict
    above it once it is drawn, and axe-core's ``image-alt`` rule checks those
    (``test_axe_finds_no_serious_violation``).
    """
    bad = []
    for image in images:
        if image["decorative"] or image["widget"]:
            continue
        text = image["alt"] or image["label"]
        if not text or FILE_NAME_ALT.search(text) or text == image["src"]:
            bad.append(image["src"] or "<img without src>")
    return bad


def reading_problems(report: dict) -> list[str]:
    """What keeps a loaded page from reading offline: the recorded errors and requests, then PAGE_REPORT_JS's."""
    problems = list(report["problems"])
    if report["external"]:
        problems.append(f"requests to other hosts: {report['external']}")
    site = report["site"]
    if site["untypeset"]:
        problems.append(f"math not typeset by MathJax: {site['untypeset'][:5]}")
    if site["mathErrors"]:
        problems.append(f"math that MathJax shows as an error: {site['mathErrors'][:5]}")
    if site["undefinedMacros"]:
        problems.append(f"math with undefined TeX macros (shown as their names): {site['undefinedMacros'][:5]}")
    if site["overflowing"]:
        problems.append(f"display equations wider than the text column (split them over lines): "
                        f"{site['overflowing']}")
    raw = raw_tex_fragments(site["text"])
    if raw:
        problems.append(f"raw TeX visible in the text: {raw}")
    if site["widgetsRendered"] < site["widgetViews"]:
        problems.append(f"{site['widgetViews']} embedded widget views, {site['widgetsRendered']} rendered")
    no_alt = missing_alt(site["images"])
    if no_alt:
        problems.append(f"images without alt text: {no_alt}")
    return problems


# ------------------------------------------------------------------ screens, figures, axe

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


# The explorers' frames the page shows, as PNG bytes (base64) with their natural and displayed widths.
FRAMES_JS = r"""
async () => {
  const frames = [...document.querySelectorAll('main img.excitable-frame')].filter(img => img.offsetWidth);
  return Promise.all(frames.map(async (img, k) => {
    await img.decode();
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return {src: `explorer frame ${k + 1}`, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
            png: btoa(binary)};
  }));
}
"""


def text_px(entry: dict, record: dict, natural: float, shown: float) -> dict:
    """``entry`` with the smallest text of a figure in CSS px, from its PNG's font record and displayed size
    (``px`` None and the reason in ``unmeasured`` when that cannot be done)."""
    if MIN_FONT_KEY not in record:
        return {**entry, "unmeasured": "no font record (not made by excitable.plotting.page_png or encode_frame)"}
    if not natural or not shown:
        return {**entry, "unmeasured": "not laid out (zero width)"}
    points, dpi = float(record[MIN_FONT_KEY]), float(record[DPI_KEY])
    return {**entry, "points": points, "px": round(points / 72.0 * dpi * shown / natural, 2)}


def frame_text(frames: list[dict]) -> list[dict]:
    """Smallest text (CSS px) of each explorer frame FRAMES_JS read, as :func:`figure_text` gives it."""
    return [text_px({"src": frame["src"], "points": None, "px": None},
                    Image.open(io.BytesIO(base64.b64decode(frame["png"]))).text, frame["natural"], frame["shown"])
            for frame in frames]


def figure_text(built_html: Path, page_url: str, images: list[dict]) -> list[dict]:
    """Smallest text (CSS px) of each figure on the page, from its PNG's font record and displayed size.

    ``px`` is None for a figure that cannot be measured (its file unreadable, no font record, not laid
    out), with the reason in ``unmeasured``, and NaN for one with no text at all (record ``nan``)."""
    measured = []
    for image in images:
        path = built_html / unquote(urlsplit(page_url.rsplit("/", 1)[0] + "/" + image["src"]).path).lstrip("/")
        entry = {"src": Path(image["src"]).name, "points": None, "px": None}
        try:
            text = Image.open(path.resolve()).text
        except OSError as error:
            measured.append({**entry, "unmeasured": f"unreadable: {error}"})
            continue
        measured.append(text_px(entry, text, image["natural"], image["shown"]))
    return measured


# The rules whose violations are at most moderate: axe gives every violation of a rule that declares an
# impact that impact (_finalizeRuleResult), so these can never report what the check looks for. Skipping
# them (region, landmark and heading rules among them) saves 0.1-0.3 s of Chromium per page.
# A rule without a declared impact is kept.
AXE_LOW_IMPACT_RULES_JS = "axe._audit.rules.filter(r => r.impact === 'minor' || r.impact === 'moderate').map(r => r.id)"


def run_axe(page) -> list[dict]:
    """axe-core's critical and serious violations on the current page (AXE_LOW_IMPACT_RULES_JS: not run)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const low = """ + AXE_LOW_IMPACT_RULES_JS + """;
        const rules = Object.fromEntries(low.map(id => [id, {enabled: false}]));
        const r = await axe.run(document, {resultTypes: ['violations'], rules});
        return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
          .map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary.slice(0, 160))}));
    }""")
    return result


# ------------------------------------------------------------------ loading a page


def open_page(browser, screen: tuple[int, int]):
    """A page in a new browser context of the given (width, height) that records from the start.

    ``page.problems`` collects console errors, uncaught errors and failed local requests;
    ``page.external`` every request to another host, which is blocked. Close it with
    ``page.context.close()``.
    """
    context = browser.new_context(viewport={"width": screen[0], "height": screen[1]}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.problems = []
    page.external = []

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_request(request):
        if not is_local(request.url):
            page.external.append(request.url)

    def block_external(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"uncaught error: {error}"))
    page.on("request", on_request)
    page.on("requestfailed", lambda r: is_local(r.url) and page.problems.append(f"failed request: {r.url}"))
    context.route("**/*", block_external)
    return page


def wait_for_mathjax(page) -> None:
    """MathJax loads deferred: wait until it has started, then for its typesetting."""
    page.wait_for_function(
        """() => !document.querySelector('script[src*="mathjax"]')
                 || (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)"""
    )
    page.evaluate("() => window.MathJax && window.MathJax.startup ? MathJax.startup.promise.then(() => true) : true")


def wait_until_rendered(page) -> None:
    """The math typeset, the embedded widgets (which render after load) drawn and the web fonts loaded.

    Every widget view on the page is waited for (RENDERED_JS). Views that never render are left to the
    checks (test_page_reads_offline: "N embedded widget views, M rendered"), so the other checks of the
    page still run."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # here: it may be missing (conftest)

    wait_for_mathjax(page)
    try:
        page.wait_for_function("() => {" + RENDERED_JS
                               + "return [...document.querySelectorAll(VIEW_SCRIPT)].every(rendered); }")
    except PlaywrightTimeoutError:
        pass
    page.evaluate("() => document.fonts.ready.then(() => true)")


def resize(page, screen: tuple[int, int]) -> None:
    """Set the viewport and wait until the page has reflowed: the new width applies and two animation
    frames have passed (the page's resize handlers and resize observers have run)."""
    page.set_viewport_size({"width": screen[0], "height": screen[1]})
    page.wait_for_function("(w) => window.innerWidth === w", arg=screen[0])
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")


class BookPages:
    """Loads each page once and reads every check of this module off that load.

    ``report(docname)`` loads the page on first use, at 1366 px, and records: the layout, the figures
    and the explorers' frames at 1366 px and axe-core's violations, PAGE_REPORT_JS at 1280 px, the
    layout at 820 and 390 px, and, once the network is idle, the errors and requests recorded since the
    page opened. The page stays open (at 1280 px) until the next page is loaded, for ``take(docname)``: the explorers'
    test, which changes the page and closes it. A page that fails to load fails each of its tests
    with that error, without loading again.
    """

    def __init__(self, browser, site_url: str, built_html: Path):
        self.browser, self.site_url, self.built_html = browser, site_url, built_html
        self.reports: dict[str, dict] = {}
        self.errors: dict[str, str] = {}
        self.open = None  # (docname, page) of the page loaded last, until taken or replaced

    def report(self, docname: str) -> dict:
        if docname not in self.reports:
            self._load(docname)
        return self.reports[docname]

    def take(self, docname: str):
        """The page as loaded for ``report(docname)`` (loaded now if it is not the open one), for a test
        that changes it: the caller closes it (``page.context.close()``)."""
        if self.open is None or self.open[0] != docname:
            self._load(docname)
        page = self.open[1]
        self.open = None
        return page

    def close(self) -> None:
        if self.open is not None:
            self.open[1].context.close()
            self.open = None

    def _load(self, docname: str) -> None:
        if docname in self.errors:
            pytest.fail(self.errors[docname], pytrace=False)
        self.close()
        url = f"{self.site_url}/{docname}.html"
        page = open_page(self.browser, WIDTHS["laptop"])
        self.open = (docname, page)
        try:
            page.goto(url, wait_until="load")
            wait_until_rendered(page)
            layout = {"laptop": page.evaluate(LAYOUT_JS)}
            frames = frame_text(page.evaluate(FRAMES_JS))
            axe = run_axe(page)
            resize(page, READING_SCREEN)
            site = page.evaluate(PAGE_REPORT_JS)
            for width in ("tablet", "phone"):
                resize(page, WIDTHS[width])
                layout[width] = page.evaluate(LAYOUT_JS)
            resize(page, READING_SCREEN)
            # The page has been network-idle (no request for 500 ms) at least once since it loaded; by
            # then the requests of its load, MathJax and the widgets have been recorded. (Playwright
            # keeps that state, so after the checks above this seldom waits.)
            page.wait_for_load_state("networkidle")
        except Exception as error:  # noqa: BLE001 - reported by every test of the page
            self.close()
            self.errors[docname] = f"{docname}: the page did not load and render: {error}"
            pytest.fail(self.errors[docname], pytrace=False)
        for measured in layout.values():
            measured["figures"] = figure_text(self.built_html, url, measured.pop("images"))
        self.reports[docname] = {"layout": layout, "frames": frames, "axe": axe, "site": site,
                                 "problems": list(page.problems),
                                 "external": sorted(set(page.external))}


def write_site_report(built_html: Path, reports: dict[str, dict]) -> None:
    """Add the figure-text sizes measured here to ``_build/site-report.json``."""
    record = {f"{width}:{doc}": report["layout"][width]["figures"]
              for doc, report in reports.items() for width in WIDTHS}
    out = built_html.parent / "site-report.json"
    # The pages are spread over several workers (tools/balanced_xdist.py): each adds its own.
    with locked(out.with_name(out.name + ".lock")):
        try:  # a report older than the build is from an earlier run: start afresh
            fresh = out.stat().st_mtime >= (built_html / "index.html").stat().st_mtime
            earlier = json.loads(out.read_text())["figures"] if fresh else {}
        except (OSError, ValueError, KeyError):
            earlier = {}
        record = {**earlier, **record}
        smallest = {key: min((f["px"] for f in figures if f["px"] is not None and not math.isnan(f["px"])),
                         default=None) for key, figures in record.items()}
        try:
            out.write_text(json.dumps({"smallest_figure_text_px": smallest, "figures": record}, indent=1))
        except OSError:
            pass


@pytest.fixture(scope="module")
def book_pages(browser, site_url, built_html):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make web` (npm ci --prefix tools/web)")
    pages = BookPages(browser, site_url, built_html)
    yield pages
    pages.close()
    if pages.reports:
        write_site_report(built_html, pages.reports)


# ------------------------------------------------------------------ every page

PAGES = toc_docnames()


@pytest.mark.parametrize("docname", PAGES, scope="module")
def test_page_reads_offline(book_pages, docname):
    problems = reading_problems(book_pages.report(docname))
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("docname", PAGES, scope="module")
def test_no_page_is_wider_than_the_screen(book_pages, docname, width):
    report = book_pages.report(docname)["layout"][width]
    assert report["innerWidth"] == WIDTHS[width][0], f"{docname} measured at {report['innerWidth']} px, not {width}"
    assert report["scrollWidth"] <= report["innerWidth"], (
        f"{docname} is {report['scrollWidth']} px wide on a {report['innerWidth']} px screen; "
        f"sticking out: {report['wide']}")


@pytest.mark.parametrize("docname", PAGES, scope="module")
def test_figure_text_is_legible(book_pages, docname):
    report = book_pages.report(docname)
    figures = report["layout"]["laptop"]["figures"] + report["frames"]
    unmeasured = [f for f in figures if f["px"] is None]
    assert not unmeasured, f"{docname}: figures whose text size cannot be measured: {unmeasured}"
    small = [f for f in figures if f["px"] < MIN_FIGURE_TEXT_PX]  # NaN (a figure without text) is not small
    assert not small, f"{docname}: figure text below {MIN_FIGURE_TEXT_PX} px at 1366 px: {small}"


@pytest.mark.parametrize("docname", PAGES, scope="module")
def test_axe_finds_no_serious_violation(book_pages, docname):
    violations = book_pages.report(docname)["axe"]
    assert not violations, f"{docname}: axe-core violations:\n" + json.dumps(violations, indent=1,
                                                                               ensure_ascii=False)


# ------------------------------------------------------------------ the explorers, without a kernel

STATE_JS = r"""
() => {
  const state = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
                  .map(s => JSON.parse(s.textContent).model_id);
  return {state: state ? JSON.parse(state.textContent).state : {}, views};
}
"""

# What the n-th precomputed explorer of the page shows: its sliders' indices, the verdict text and the
# SHA-256 of the image in the visible leaf.
SHOWN_JS = r"""
async (n) => {
  const root = document.querySelectorAll('.excitable-static-explorer')[n];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const img = [...root.querySelectorAll('img.excitable-frame')].filter(visible);
  const verdict = [...root.querySelectorAll('.excitable-verdict')].filter(visible);
  let digest = null;
  if (img.length === 1 && img[0].src) {
    const bytes = await (await fetch(img[0].src)).arrayBuffer();
    digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
               .map(b => b.toString(16).padStart(2, '0')).join('');
  }
  const readouts = [...root.querySelectorAll('.widget-slider .widget-readout')].map(r => r.textContent.trim());
  return {images: img.length, verdicts: verdict.map(v => v.textContent.trim()), digest, readouts};
}
"""


def _ref(value: str) -> str:
    return value.removeprefix("IPY_MODEL_")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


class StaticExplorer:
    """One precomputed explorer, read from the embedded widget state."""

    def __init__(self, state: dict, model_id: str):
        self.state = state
        controls, self.tree = state[model_id]["state"]["children"]
        self.sliders = [_ref(s) for s in state[_ref(controls)]["state"]["children"]]
        self.options = [state[s]["state"]["_options_labels"] for s in self.sliders]
        self.start = [state[s]["state"]["index"] for s in self.sliders]

    def expected(self, indices: list[int]) -> tuple[str, str]:
        """(verdict text, image SHA-256) of the frame for the given slider indices."""
        node = _ref(self.tree)
        for index in indices:
            node = _ref(self.state[node]["state"]["children"][index])
        label, image = (_ref(c) for c in self.state[node]["state"]["children"])
        record = self.state[image]
        buffers = {tuple(b["path"]): b for b in record.get("buffers", [])}
        data = buffers[("value",)]
        assert data.get("encoding", "base64") == "base64", f"frame {image}: buffer encoded as {data.get('encoding')}"
        raw = base64.b64decode(data["data"])
        return _text(self.state[label]["state"]["value"]), hashlib.sha256(raw).hexdigest()


# SHOWN_JS, polled until the explorer shows an image (the one with the given SHA-256, if any) or the time
# is up. (Playwright's wait_for_function does not wait for a promise: it takes the promise itself as the
# truthy answer at once, so a wait for SHOWN_JS has to be written out here.)
SHOWN_WHEN_JS = f"""
async ([n, digest, timeout]) => {{
  const shown = {SHOWN_JS.strip()};
  const end = performance.now() + timeout;
  for (;;) {{
    const s = await shown(n);
    if ((digest === null ? s.digest !== null : s.digest === digest) || performance.now() > end) return s;
    await new Promise(done => setTimeout(done, 20));
  }}
}}
"""


def shown_once(page, n: int, digest: str | None = None) -> dict:
    """What the n-th explorer shows once it shows an image (the one with SHA-256 ``digest``, if given),
    or after CHANGE_TIMEOUT_MS."""
    return page.evaluate(SHOWN_WHEN_JS, [n, digest, CHANGE_TIMEOUT_MS])


@pytest.mark.parametrize("docname", explorer_pages(), scope="module")
def test_explorers_respond_without_a_kernel(book_pages, docname):
    page = book_pages.take(docname)  # the page the other tests read, loaded once; this test changes it
    try:
        data = page.evaluate(STATE_JS)
        state = data["state"]
        ids = [v for v in data["views"] if "excitable-static-explorer" in state.get(v, {}).get("state", {})
               .get("_dom_classes", [])]
        assert ids, f"{docname}: no precomputed explorer on the page (it shows {len(data['views'])} widget views)"
        page.wait_for_function("(n) => document.querySelectorAll('.excitable-static-explorer').length >= n",
                               arg=len(ids))
        for n, model_id in enumerate(ids):
            explorer = StaticExplorer(state, model_id)
            indices = list(explorer.start)
            verdict, digest = explorer.expected(indices)
            shown = shown_once(page, n)
            assert shown["images"] == 1 and shown["verdicts"] == [verdict], (docname, shown, verdict)
            assert shown["digest"] == digest, f"{docname}: the first frame shown is not the precomputed default"
            root = page.locator(".excitable-static-explorer").nth(n)
            for k, options in enumerate(explorer.options):
                key, step = ("ArrowRight", 1) if indices[k] + 1 < len(options) else ("ArrowLeft", -1)
                handle = root.locator(".widget-slider").nth(k).locator(".noUi-handle").first
                handle.focus()
                page.keyboard.press(key)
                indices[k] += step
                verdict, digest = explorer.expected(indices)
                shown = shown_once(page, n, digest)
                assert shown["readouts"][k] == options[indices[k]], (docname, k, shown["readouts"])
                assert shown["verdicts"] == [verdict], (docname, k, shown["verdicts"], verdict)
                assert shown["digest"] == digest, (
                    f"{docname}: explorer {n}, slider {k} moved {key}: the image shown is not the precomputed frame")
        problems = list(page.problems)
        if page.external:
            problems.append(f"requests to other hosts: {sorted(set(page.external))}")
        assert not problems, f"{docname}:\n  " + "\n  ".join(problems)
    finally:
        page.context.close()


def test_every_explorer_page_is_found(built_html):
    """The pages the explorers' test moves sliders on are exactly the built pages with a precomputed explorer."""
    built = sorted(str(path.relative_to(built_html).with_suffix("")) for path in (built_html / "book").rglob("*.html")
                   if "excitable-static-explorer" in path.read_text(encoding="utf-8"))
    assert built and explorer_pages() == built


# ------------------------------------------------------------- the checks can fail


def test_checks_flag_raw_tex_and_missing_alt():
    assert raw_tex_fragments("the rate $$\\alpha_m$$ grows") != []
    assert raw_tex_fragments("a plain sentence about 5 mV") == []
    assert raw_tex_fragments("slider $I_{app}$ (µA/cm²)") == ["$I_{app}$"]
    assert raw_tex_fragments("it costs $5 or $10") == []
    images = [
        {"src": "../_images/a.png", "alt": "../_images/a.png", "label": "", "widget": False, "decorative": False},
        {"src": "blob:x", "alt": "", "label": "", "widget": True, "decorative": False},
        {"src": "d.svg", "alt": "", "label": "Phase plane", "widget": False, "decorative": False},
        {"src": "b.png", "alt": "", "label": "", "widget": False, "decorative": False},
        {"src": "c.png", "alt": "Voltage trace of one spike", "label": "", "widget": False, "decorative": False},
    ]
    assert missing_alt(images) == ["../_images/a.png", "b.png"]
    assert is_local("http://127.0.0.1:8000/x.js") and is_local("data:image/png;base64,AA")
    assert not is_local("https://cdn.jsdelivr.net/npm/x.js")


@pytest.fixture
def page(browser):
    page = open_page(browser, READING_SCREEN)
    yield page
    page.context.close()


def test_browser_sees_external_requests_and_console_errors(page):
    """A page that asks a CDN for a script is caught by the recording every page is loaded with."""
    with page.expect_console_message(lambda message: "boom" in message.text), \
            page.expect_request("https://cdn.example.org/x.js"):
        page.set_content(
            '<html><body><script src="https://cdn.example.org/x.js"></script>'
            "<script>console.error('boom')</script></body></html>"
        )
    assert "https://cdn.example.org/x.js" in page.external
    assert any("boom" in p for p in page.problems)


def test_axe_reports_serious_violations_and_skips_only_rules_that_cannot(page):
    """The rules left out are all minor or moderate, the serious and critical ones still run: an image
    without a text alternative (critical), grey text on white (serious) and a nameless button (critical)
    are reported; the page's moderate faults (a skipped heading level, content outside landmarks) are not."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body>'
        '<h1>Title</h1><h4>skipped levels</h4><img src="data:image/png;base64,AA">'
        '<p style="color:#bbb;background:#fff">faint text</p><button></button></body></html>')
    reported = {v["id"] for v in run_axe(page)}
    assert reported == {"image-alt", "color-contrast", "button-name"}, reported
    skipped = page.evaluate(AXE_LOW_IMPACT_RULES_JS)
    impacts = page.evaluate("(ids) => axe._audit.rules.filter(r => ids.includes(r.id)).map(r => r.impact)", skipped)
    assert {"region", "heading-order"} <= set(skipped) and set(impacts) == {"minor", "moderate"}
    assert not {"image-alt", "color-contrast", "button-name", "link-in-text-block"} & set(skipped)


def test_reading_check_flags_broken_math_and_an_unrendered_widget(browser, site_url):
    """On a real page with an explorer: a formula with an undefined macro and one with a TeX error, typeset
    by the book's MathJax, and a widget view whose drawing is removed, are each reported."""
    page = open_page(browser, READING_SCREEN)
    try:
        page.goto(f"{site_url}/book/first_look/spike.html", wait_until="load")
        wait_until_rendered(page)
        clean = page.evaluate(PAGE_REPORT_JS)
        assert clean["mathErrors"] == [] and clean["undefinedMacros"] == [], clean
        assert clean["widgetViews"] >= 1 and clean["widgetsRendered"] == clean["widgetViews"], clean
        page.evaluate(r"""async () => {
            const paragraph = document.querySelector('main p');
            for (const tex of ['\\(\\alpah_m + 1\\)', '\\(x^{1}^{2}\\)']) {
                const span = document.createElement('span');
                span.className = 'math notranslate nohighlight';
                span.textContent = tex;
                paragraph.appendChild(span);
                await MathJax.typesetPromise([span]);
            }
            document.querySelector('.widget-subarea').replaceChildren();
        }""")
        problems = reading_problems({"problems": [], "external": [], "site": page.evaluate(PAGE_REPORT_JS)})
    finally:
        page.context.close()
    assert any("undefined TeX macros" in p and "\\alpah" in p for p in problems), problems
    assert any("MathJax shows as an error" in p for p in problems), problems
    assert any(f"{clean['widgetViews']} embedded widget views, {clean['widgetViews'] - 1} rendered" in p
               for p in problems), problems


def test_figure_text_measure(tmp_path):
    """The measure reads the PNG's record: 9 pt at 200 dpi shown at half size is 12.5 px."""
    png = tmp_path / "f.png"
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text(MIN_FONT_KEY, "9")
    info.add_text(DPI_KEY, "200")
    Image.new("RGB", (400, 200)).save(png, pnginfo=info)
    Image.new("RGB", (40, 20)).save(tmp_path / "plain.png")  # no record: not made by page_png
    url = "http://127.0.0.1:1/page.html"
    found = figure_text(tmp_path, url, [{"src": "f.png", "natural": 400, "shown": 200}])
    assert math.isclose(found[0]["px"], 12.5)
    for src, natural, reason in (("gone.png", 4, "unreadable"), ("plain.png", 40, "no font record"),
                                 ("f.png", 0, "not laid out")):
        [entry] = figure_text(tmp_path, url, [{"src": src, "natural": natural, "shown": 4}])
        assert entry["px"] is None and entry["unmeasured"].startswith(reason), entry
    # An explorer's frame, as FRAMES_JS hands it over: the same record, read from the bytes.
    frames = frame_text([{"src": name, "natural": natural, "shown": 200,
                          "png": base64.b64encode((tmp_path / name).read_bytes()).decode()}
                         for name, natural in (("f.png", 400), ("plain.png", 40))])
    assert math.isclose(frames[0]["px"], 12.5) and frames[1]["px"] is None, frames
