"""The explorers of the built book respond with no kernel.

Every page whose notebook shows an explorer is loaded from 127.0.0.1 in headless Chromium. For each
precomputed explorer on it (``excitable-static-explorer``, built by
``excitable.explorers._base.Explorer.static_widget``) the test reads the page's embedded widget state,
moves each slider one step with the keyboard, and checks that the image shown and the verdict above
it become the frame precomputed for the new slider positions (the image by its SHA-256). A page
passes with no console error and no request to another host.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from test_site import load, page  # noqa: F401 - the page fixture: console errors and requests recorded

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHANGE_TIMEOUT_MS = 10_000


def explorer_pages() -> list[str]:
    """Docnames of the book's notebooks that display an explorer (a cell ``name = SomeExplorer(...)``)."""
    pages = []
    for path in sorted((REPO / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or path.name.endswith("problems.ipynb"):
            continue
        if "from excitable.explorers" in path.read_text(encoding="utf-8"):
            pages.append(str(path.relative_to(REPO).with_suffix("")))
    return pages


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
        raw = base64.b64decode(data["data"]) if data.get("encoding", "base64") == "base64" else data["data"]
        return _text(self.state[label]["state"]["value"]), hashlib.sha256(raw).hexdigest()


def _shown(page, n: int) -> dict:  # noqa: F811 - the fixture's name
    return page.evaluate(SHOWN_JS, n)


@pytest.mark.parametrize("docname", explorer_pages())
def test_explorers_respond_without_a_kernel(page, site_url, docname):  # noqa: F811 - the imported fixture
    load(page, f"{site_url}/{docname}.html")
    data = page.evaluate(STATE_JS)
    state = data["state"]
    ids = [v for v in data["views"] if "excitable-static-explorer" in state.get(v, {}).get("state", {})
           .get("_dom_classes", [])]
    assert ids, f"{docname}: no precomputed explorer on the page (it shows {len(data['views'])} widget views)"
    page.wait_for_function("(n) => document.querySelectorAll('.excitable-static-explorer').length >= n", arg=len(ids))
    for n, model_id in enumerate(ids):
        explorer = StaticExplorer(state, model_id)
        indices = list(explorer.start)
        verdict, digest = explorer.expected(indices)
        page.wait_for_function(f"(n) => ({SHOWN_JS.strip()})(n).then(s => s.digest !== null)", arg=n)
        shown = _shown(page, n)
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
            page.wait_for_function(
                f"([n, d]) => ({SHOWN_JS.strip()})(n).then(s => s.digest === d)", arg=[n, digest],
                timeout=CHANGE_TIMEOUT_MS)
            shown = _shown(page, n)
            assert shown["readouts"][k] == options[indices[k]], (docname, k, shown["readouts"])
            assert shown["verdicts"] == [verdict], (docname, k, shown["verdicts"], verdict)
    problems = list(page.problems)
    if page.external:
        problems.append(f"requests to other hosts: {sorted(set(page.external))}")
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)


def test_every_explorer_page_is_found():
    pages = explorer_pages()
    assert "book/first_look/spike" in pages and "book/gating/drugs" in pages and len(pages) >= 18
