"""The built book, read in a real browser with no network.

Every page of _toc.yml is served from 127.0.0.1 and loaded in headless
Chromium. A page passes when it loads without console errors, asks nothing of
any other host, shows its math typeset by MathJax (no raw TeX left in the
text), renders its embedded widgets, and gives every image in its content a
text alternative.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1"}
LOAD_TIMEOUT_MS = 60_000

# Raw TeX that MathJax should have replaced, searched in the page text with
# code, scripts and already typeset math removed.
RAW_TEX = ("$$", "\\(", "\\)", "\\[", "\\]", "\\begin{", "\\frac")
FILE_NAME_ALT = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)

PAGE_REPORT_JS = r"""
() => {
  const main = document.querySelector('main') || document.body;
  const maths = [...main.querySelectorAll('.math')];
  const untypeset = maths.filter(m => !m.querySelector('mjx-container'))
                         .map(m => m.textContent.trim().slice(0, 80));
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
    typeset: main.querySelectorAll('mjx-container').length,
    untypeset,
    text,
    images,
    widgetViews: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    widgetsRendered: main.querySelectorAll('.jupyter-widgets').length,
    widgetErrors: [...main.querySelectorAll('.jupyter-widgets')]
                    .filter(w => /Error displaying widget/.test(w.textContent)).length,
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

    Images drawn by an embedded ipywidgets ``Image`` are left out: ipywidgets 8
    gives that widget no alt text (and its ``tooltip`` breaks the view when it
    has no description), so an explorer's text alternative has to live next to
    it -- its caption and the static figure the page shows alongside.
    """
    bad = []
    for image in images:
        if image["decorative"] or image["widget"]:
            continue
        text = image["alt"] or image["label"]
        if not text or FILE_NAME_ALT.search(text) or text == image["src"]:
            bad.append(image["src"] or "<img without src>")
    return bad


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
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
    yield page
    context.close()


def load(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    # MathJax loads deferred; wait until it has started, then for its typesetting.
    page.wait_for_function(
        """() => !document.querySelector('script[src*="mathjax"]')
                 || (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)"""
    )
    page.evaluate("() => window.MathJax && window.MathJax.startup ? MathJax.startup.promise.then(() => true) : true")
    # Embedded widgets render after load.
    page.wait_for_function(
        """() => document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length === 0
                 || document.querySelectorAll('main .jupyter-widgets').length > 0"""
    )
    page.wait_for_load_state("networkidle")
    return page.evaluate(PAGE_REPORT_JS)


def test_page_reads_offline(page, site_url, toc_page):
    report = load(page, f"{site_url}/{toc_page}.html")
    problems = list(page.problems)
    if page.external:
        problems.append(f"requests to other hosts: {sorted(set(page.external))}")
    if report["untypeset"]:
        problems.append(f"math not typeset by MathJax: {report['untypeset'][:5]}")
    if report["maths"] and not report["typeset"]:
        problems.append(f"{report['maths']} math elements but no mjx-container")
    if report["overflowing"]:
        problems.append(f"display equations wider than the text column (split them over lines): "
                        f"{report['overflowing']}")
    raw = raw_tex_fragments(report["text"])
    if raw:
        problems.append(f"raw TeX visible in the text: {raw}")
    if report["widgetViews"] and not report["widgetsRendered"]:
        problems.append(f"{report['widgetViews']} embedded widget views, none rendered")
    if report["widgetErrors"]:
        problems.append(f"{report['widgetErrors']} widgets show 'Error displaying widget'")
    no_alt = missing_alt(report["images"])
    if no_alt:
        problems.append(f"images without alt text: {no_alt}")
    assert not problems, f"{toc_page}:\n  " + "\n  ".join(problems)


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


def test_browser_sees_external_requests_and_console_errors(page, site_url):
    """A page that asks a CDN for a script is caught by the fixture."""
    page.set_content(
        '<html><body><script src="https://cdn.example.org/x.js"></script>'
        "<script>console.error('boom')</script></body></html>"
    )
    page.wait_for_timeout(200)
    assert "https://cdn.example.org/x.js" in page.external
    assert any("boom" in p for p in page.problems)
