"""The first explorer, live: a real JupyterLab server driven by headless Chromium.

The test starts ``jupyter lab`` on 127.0.0.1 with a random token and port,
opens the prologue's notebook, runs all cells from the Run menu, moves the
explorer's first slider with the keyboard and checks that its figure changes.
The notebook on disk must be left exactly as it was (autosave is off).

``LAB_NOTEBOOK`` (a path relative to ``LAB_ROOT``, by default the repository)
points the test at another notebook while writing one.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LAB_ROOT = Path(os.environ.get("LAB_ROOT", REPO))
NOTEBOOK = os.environ.get("LAB_NOTEBOOK", "book/first_look/spike.ipynb")
START_TIMEOUT_S = 120
RUN_TIMEOUT_MS = 240_000
UPDATE_TIMEOUT_S = 60

# JupyterLab settings for a quiet, reproducible session: no autosave (the
# notebook in the repository stays clean), every cell in the DOM, no news
# pop-up asking to fetch anything from the internet.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1; yields (base_url, token)."""
    home = tmp_path_factory.mktemp("jupyterlab")
    settings = home / "settings"
    for relative, values in LAB_SETTINGS.items():
        target = settings / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    config = home / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))

    token = secrets.token_hex(24)
    port = free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    log = open(home / "lab.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={LAB_ROOT}",
            "--LabApp.news_url=",
            # Checkpoints JupyterLab makes on opening go to the temporary folder,
            # not into .ipynb_checkpoints/ next to the book's notebooks.
            f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=LAB_ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited ({server.returncode}):\n{(home / 'lab.log').read_text()[-4000:]}")
            try:
                if _get(f"{base}/api/status?token={token}") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                log_tail = (home / "lab.log").read_text()[-4000:]
                pytest.fail(f"jupyter lab did not answer in {START_TIMEOUT_S} s:\n{log_tail}")
            time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def code_cells_with_source(path: Path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return sum(1 for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip())


ALL_RUN_JS = """(expected) => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                    .map(p => p.textContent.trim());
  if (prompts.some(t => t.includes('*'))) return false;
  return prompts.filter(t => /\\[\\d+\\]/.test(t)).length >= expected;
}"""

# A kernel is connected and idle: the status bar names it ("Python 3 (ipykernel) | Idle";
# "No Kernel | Initializing" while it starts) and the toolbar indicator is idle.
KERNEL_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  const text = bar ? bar.innerText : '';
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return /\\|\\s*Idle/.test(text) && !/No Kernel/.test(text)
         && !!indicator && indicator.getAttribute('data-status') === 'idle';
}"""


def accept_dialogs(page) -> None:
    """Accept a dialog JupyterLab may raise (e.g. 'Select Kernel' when kernelspecs load late)."""
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    if accept.count() and accept.first.is_visible():
        accept.first.click()


def wait_until(page, js: str, arg=None, timeout_ms: int = RUN_TIMEOUT_MS, what: str = "") -> None:
    """Poll a page condition, accepting dialogs on the way."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        accept_dialogs(page)
        if page.evaluate(js, arg):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out after {timeout_ms / 1000:.0f} s waiting for {what or js}")


def test_explorer_responds_to_its_slider(browser, lab):
    base, token = lab
    path = LAB_ROOT / NOTEBOOK
    assert path.is_file(), f"{path} is missing"
    before_on_disk = path.read_bytes()
    expected = code_cells_with_source(path)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        wait_until(page, KERNEL_IDLE_JS, timeout_ms=90_000, what="an idle kernel")
        page.wait_for_timeout(1000)
        accept_dialogs(page)

        # Run > Run All Cells
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        wait_until(page, ALL_RUN_JS, expected, what=f"{expected} code cells to run")

        tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
        assert tracebacks.count() == 0, f"a cell failed:\n{tracebacks.first.inner_text()[:3000]}"

        slider = page.locator(".jp-OutputArea .widget-slider").first
        slider.wait_for(state="visible")
        slider.scroll_into_view_if_needed()
        explorer = slider.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
        figure = explorer.locator("img").first
        figure.wait_for(state="visible")
        before = figure.screenshot()
        readout = slider.locator(".widget-readout").first
        value_before = readout.inner_text() if readout.count() else None

        handle = slider.locator(".noUi-handle, [role=slider]").first
        handle.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)

        deadline = time.monotonic() + UPDATE_TIMEOUT_S
        after = before
        while after == before and time.monotonic() < deadline:
            page.wait_for_timeout(500)
            after = figure.screenshot()
        value_after = readout.inner_text() if readout.count() else None
        assert value_after != value_before, f"the slider did not move (readout {value_before!r})"
        changed = after != before
        assert changed, f"the figure did not change after the slider moved from {value_before} to {value_after}"
        assert not errors, f"uncaught errors in JupyterLab: {errors}"
    except Exception:
        page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "test_lab_failure.png"))
        raise
    finally:
        context.close()
        assert path.read_bytes() == before_on_disk, f"{NOTEBOOK} was modified on disk by the test"
