"""Key press to repaint of a live explorer in JupyterLab, as a reader sees it (run by hand).

Starts JupyterLab on 127.0.0.1 (settings of ``tests/browser/test_lab.py``), opens a notebook in
headless Chromium at 1366x900 with the file browser open, runs all cells, then presses the arrow key on
the explorer's first slider ``--presses`` times, waiting for each repaint, and prints the median and
the spread of the time from the key press to the new image. It also prints the explorer's size on the
screen (does it fit beside the file browser?).

    .venv/bin/python benchmarks/lab_repaint.py book/gating/voltage_clamp.ipynb --presses 15
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from test_lab import (  # noqa: E402
    ALL_RUN_JS,
    KERNEL_IDLE_JS,
    LAB_SETTINGS,
    PAGE_CONFIG,
    code_cells_with_source,
    free_port,
    wait_until,
)

# Time from a key press to the explorer's image changing: the page records both.
PROBE_JS = r"""
(img) => {
  window.__presses = []; window.__paints = [];
  document.addEventListener('keydown', () => window.__presses.push(performance.now()), true);
  new MutationObserver(() => {
    const t = performance.now();
    requestAnimationFrame(() => window.__paints.push(t));
  }).observe(img, {attributes: true, attributeFilter: ['src']});
}
"""


def start_lab(home: Path):
    settings = home / "settings"
    for relative, values in LAB_SETTINGS.items():
        target = settings / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    (home / "config" / "labconfig").mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("EXCITABLE_EXPLORERS", None)  # a reader's kernel: live explorers
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={REPO}",
         "--LabApp.news_url=", f"--FileCheckpoints.checkpoint_dir={home / 'cp'}"],
        stdout=open(home / "lab.log", "w"), stderr=subprocess.STDOUT, env=env, cwd=REPO)  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):  # noqa: S310 - loopback
                return server, base, token
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("jupyter lab did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook", nargs="?", default="book/first_look/spike.ipynb")
    parser.add_argument("--presses", type=int, default=15)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server, base, token = start_lab(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                page.set_default_timeout(120_000)
                page.goto(f"{base}/lab/tree/{args.notebook}?token={token}", wait_until="domcontentloaded")
                page.wait_for_selector(".jp-Notebook .jp-Cell")
                wait_until(page, KERNEL_IDLE_JS, timeout_ms=120_000, what="an idle kernel")
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                wait_until(page, ALL_RUN_JS, code_cells_with_source(REPO / args.notebook), what="all cells")
                slider = page.locator(".jp-OutputArea .widget-slider").first
                slider.scroll_into_view_if_needed()
                output = slider.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
                box = output.bounding_box()
                panel = page.evaluate("() => { const p = document.querySelector('#filebrowser');"
                                      " return p ? p.getBoundingClientRect().width : 0; }")
                view = page.evaluate("() => document.querySelector('.jp-NotebookPanel-notebook')"
                                     ".getBoundingClientRect().height")
                img = output.locator("img").last
                natural, shown = img.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
                print(f"explorer {box['width']:.0f}x{box['height']:.0f} px in a {view:.0f} px tall notebook view "
                      f"(file browser {panel:.0f} px wide); image {natural} px shown at {shown:.0f} px")
                img.evaluate(PROBE_JS)
                slider.locator(".noUi-handle").first.focus()
                for k in range(args.presses):
                    paints = page.evaluate("() => window.__paints.length")
                    page.keyboard.press("ArrowRight" if k % 10 < 5 else "ArrowLeft")
                    page.wait_for_function("(n) => window.__paints.length > n", arg=paints, timeout=30_000)
                    page.wait_for_timeout(300)
                presses, paints = page.evaluate("() => [window.__presses, window.__paints]")
                delays = [min(p for p in paints if p >= t) - t for t in presses if any(p >= t for p in paints)]
                print(f"{args.notebook}: {len(delays)} presses, key press to repaint median "
                      f"{statistics.median(delays):.0f} ms (min {min(delays):.0f}, max {max(delays):.0f})")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
