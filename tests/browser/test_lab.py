"""The notebooks read like the book in JupyterLab, in an environment built the way Binder builds it.

Binder (repo2docker) installs the Python of ``runtime.txt`` and runs ``pip install -r
requirements.txt``, nothing else: no ``make``, no ``postBuild``, no dev requirements. The
``binder_python`` fixture builds exactly that in a virtual environment (``tools/binder_env.py``), cached
between runs under ``~/.cache/excitable-book/binder-<hash>`` (``BINDER_ENV_CACHE`` moves it) and keyed
on the hash of ``requirements.txt``, ``constraints.txt``, ``runtime.txt``, ``pyproject.toml`` and the
repository's path (``-e .`` installs the package from it): a first run costs one install (seconds with uv
from its cache; minutes with pip), later runs nothing. ``make test`` starts that build in the background when
it starts, so the fixture usually finds it done. ``LAB_PYTHON=.venv/bin/python`` skips it while writing.

A JupyterLab server of that environment starts on 127.0.0.1 (random port and token, no autosave,
settings in a temporary folder). For one notebook per chapter of ``_toc.yml``
(``tools/notebook_style.chapter_notebooks``: the first one with an explorer, so a new chapter joins
by itself), headless Chromium opens it, runs all cells and checks what a reader sees:

- no cell ends in an error (reported as soon as the run stops there), and no inline expression failed;
- no raw markup in the rendered Markdown (``{eval}``, ``{glue``, a directive's ``:name:`` or
  ``:alt:`` line, a raw role or directive fence, jupyterlab-myst's "Unexecuted inline expression");
- every figure cell (``plotting.show`` or ``mystnb.figure`` metadata) shows an image;
- the explorer, on every notebook that has one (``book_toc.explorer_docnames``), shows and redraws its
  figure when its first slider moves.

The notebook under test is left on disk exactly as it was, and its kernel is shut down after it.
``LAB_NOTEBOOK`` (a path relative to the repository) tests one notebook instead.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import binder_env  # noqa: E402
import book_toc  # noqa: E402
import inline_eval  # noqa: E402
import notebook_style  # noqa: E402

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = [os.environ["LAB_NOTEBOOK"]] if os.environ.get("LAB_NOTEBOOK") else notebook_style.chapter_notebooks(REPO)
EXPLORER_DOCNAMES = set(book_toc.explorer_docnames(REPO / "book"))
START_TIMEOUT_S = 120
RUN_TIMEOUT_MS = 300_000
UPDATE_TIMEOUT_S = 60
SETTLE_S = 10

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
# exposeAppInBrowser: the test reads the notebook model (outputs, inline-expression results).
PAGE_CONFIG = {
    "disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True},
    "exposeAppInBrowser": True,
}


# ------------------------------------------------------------------ the Binder-like environment


@pytest.fixture(scope="module")
def binder_python() -> str:
    """The Python of an environment made from requirements.txt and runtime.txt alone (cached)."""
    if os.environ.get("LAB_PYTHON"):
        return os.environ["LAB_PYTHON"]
    try:
        return binder_env.build(REPO)  # waits for the build `make test` started in the background
    except (binder_env.BinderEnvError, subprocess.CalledProcessError) as error:
        pytest.fail(f"the Binder-style environment could not be built: {error}")


def test_jupyterlab_myst_is_compatible_with_the_pinned_jupyterlab(binder_python):
    proc = subprocess.run([binder_python, "-m", "jupyter", "labextension", "list"],
                          capture_output=True, text=True, timeout=120)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # no colours
    line = next((row for row in listing.splitlines() if "jupyterlab-myst" in row), "")
    assert "enabled" in line and " OK" in line, listing
    assert "not compatible" not in listing, listing


# ------------------------------------------------------------------ the server


def _get(url: str, timeout: float = 5.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status


def server_url(runtime: Path) -> str | None:
    """http://127.0.0.1:<port> of the server whose runtime folder this is, once it has bound its port."""
    for info in runtime.glob("jpserver-*.json"):
        try:
            return f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
        except (OSError, ValueError, KeyError):  # being written
            return None
    return None


def shut_down_kernels(base: str, token: str) -> None:
    """End every session of the server (and its kernel), so kernels do not pile up from one notebook to
    the next (closing the browser leaves them running)."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as response:  # noqa: S310
        sessions = json.loads(response.read())
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        with urllib.request.urlopen(request, timeout=30):  # noqa: S310 - loopback only
            pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory, binder_python):
    """A JupyterLab server of the Binder-like environment on 127.0.0.1; yields (base_url, token)."""
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
    # As on Binder: the environment's own tools first, none of make's settings; the threading settings
    # come from the repository's `start` script, through which repo2docker launches the server.
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND", "OPENBLAS_NUM_THREADS", "NUMBA_THREADING_LAYER"}}
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        PATH=f"{Path(binder_python).parent}{os.pathsep}{env.get('PATH', '')}",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    log = open(home / "lab.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [
            str(REPO / "start"), binder_python, "-m", "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            # port 0: the system picks a free port when the server binds it (no race with another
            # process for a port chosen beforehand); the server writes it to its runtime file
            "--ServerApp.port=0",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={REPO}",
            # Checkpoints JupyterLab makes on opening go to the temporary folder,
            # not into .ipynb_checkpoints/ next to the book's notebooks.
            f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO,
    )
    base = None
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited ({server.returncode}):\n{(home / 'lab.log').read_text()[-4000:]}")
            base = base or server_url(home / "runtime")
            try:
                if base and _get(f"{base}/api/status?token={token}") == 200:
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


# ------------------------------------------------------------------ what the page shows


def code_cells_with_source(notebook) -> int:
    return sum(1 for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip())


def figure_cells(notebook) -> list[int]:
    """Indices of the cells that show a figure (plotting.show, or myst-nb figure metadata)."""
    return [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        and ("plotting.show(" in cell.source or "figure" in cell.metadata.get("mystnb", {}))
    ]


# Every non-empty code cell has run (an execution count in the model; collapsed cells show no prompt)
# and none is still running; or a cell raised, after which the kernel skips the cells queued behind it
# (they never get a count), so the run is over and the test reports the error.
ALL_RUN_JS = """(expected) => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  let done = 0, raised = false;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.executionState === 'running') return false;
    if (cell.executionCount !== null && cell.executionCount !== undefined) done += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      if (cell.outputs.get(j).toJSON().output_type === 'error') raised = true;
    }
  }
  if (raised) return true;
  const panel = window.jupyterapp.shell.currentWidget.node;
  const prompts = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  if (prompts.some(p => p.textContent.includes('*'))) return false;
  return done >= expected;
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

# Inline expressions evaluated: every {eval} a markdown cell holds has a result in its metadata.
EXPRESSIONS_DONE_JS = """(expected) => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  for (const [index, names] of Object.entries(expected)) {
    const results = cells.get(Number(index)).getMetadata('user_expressions') || [];
    const done = new Set(results.map(r => r.expression));
    if (!names.every(n => done.has(n))) return false;
  }
  return true;
}"""

# What the reader sees, from the notebook model and the DOM.
PAGE_STATE_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const errors = [], expressionErrors = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code') {
      for (let j = 0; j < cell.outputs.length; j++) {
        const o = cell.outputs.get(j).toJSON();
        if (o.output_type === 'error') errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      }
    } else if (cell.type === 'markdown') {
      for (const r of (cell.getMetadata('user_expressions') || [])) {
        if (!r.result || r.result.status !== 'ok') {
          const why = r.result ? `${r.result.ename}: ${r.result.evalue}` : 'no result';
          expressionErrors.push(`cell ${i}: {eval}\\`${r.expression}\\`: ${why}`);
        }
      }
    }
  }
  const panel = window.jupyterapp.shell.currentWidget.node;  // this notebook's tab only
  const nodes = [...panel.querySelectorAll(
    '.jp-Notebook > .jp-Cell, .jp-Notebook .jp-WindowedPanel-viewport > .jp-Cell')];
  const markdown = nodes.map((node, i) => node.classList.contains('jp-MarkdownCell') ? [i, node.innerText] : null)
                        .filter(Boolean);
  const images = nodes.map(node => node.querySelectorAll('.jp-OutputArea-output img').length);
  return {errors, expressionErrors, markdown, images, count: nodes.length};
}"""

RAW_MARKUP = {
    "an {eval} role": re.compile(r"\{eval\}"),
    "glue": re.compile(r"\{glue"),
    "a directive option line": re.compile(r"(?m)^\s*:(name|alt|label|class|format|width):"),
    # A role jupyterlab-myst did not render shows as its name in braces right before its target (the
    # backticks are Markdown's code span, gone from the text): "see {doc}../index".
    "a raw role": re.compile(r"\{[a-z]+(:[a-z]+)*\}(?=\S)"),
    "a raw directive": re.compile(r"```\s*\{"),
    "an unevaluated inline expression": re.compile(r"Unexecuted inline expression"),
}


def raw_markup(markdown: list[tuple[int, str]]) -> list[str]:
    found = []
    for index, text in markdown:
        for what, pattern in RAW_MARKUP.items():
            match = pattern.search(text)
            if match:
                start = max(match.start() - 40, 0)
                found.append(f"cell {index}: {what}: ...{text[start:match.end() + 40]!r}...")
    return found


def test_raw_markup_is_recognized():
    shown = [(0, "peaks at {eval}`peak_text` mV"), (1, "```{glue:figure} x\n:alt: a figure\n:name: fig-x"),
             (2, "see {doc}../index for the map"), (3, "Rest at −65.0 mV ({numref} is fine as text).")]
    found = raw_markup(shown)
    assert any(f.startswith("cell 0: an {eval}") for f in found)
    assert any(f.startswith("cell 1: glue") for f in found) and any("option line" in f for f in found)
    assert any(f.startswith("cell 2: a raw role") for f in found)
    assert not any(f.startswith("cell 3") for f in found)


# The one dialog a fresh session may raise on its own: the kernel choice, when the kernelspecs load late.
EXPECTED_DIALOGS = ("Select Kernel",)


def accept_dialogs(page) -> None:
    """Accept the kernel-choice dialog; any other dialog (a kernel that died and restarts, an error) fails."""
    dialog = page.locator(".jp-Dialog")
    if not (dialog.count() and dialog.first.is_visible()):
        return
    title = dialog.first.locator(".jp-Dialog-header").inner_text().strip()
    if title not in EXPECTED_DIALOGS:
        raise AssertionError(f"JupyterLab raised a dialog: {title}: {dialog.first.inner_text()[:300]!r}")
    dialog.first.locator(".jp-Dialog-button.jp-mod-accept").first.click()


def test_only_the_kernel_choice_dialog_is_accepted(browser):
    page = browser.new_page()
    try:
        dialog = ('<div class="jp-Dialog"><div class="jp-Dialog-header">{}</div><div>body</div>'
                  '<button class="jp-Dialog-button jp-mod-accept" onclick="this.textContent=\'clicked\'">'
                  'OK</button></div>')
        page.set_content(dialog.format("Select Kernel"))
        accept_dialogs(page)
        assert page.locator(".jp-mod-accept").inner_text() == "clicked"
        page.set_content(dialog.format("Kernel Restarting"))
        with pytest.raises(AssertionError, match="Kernel Restarting"):
            accept_dialogs(page)
        assert page.locator(".jp-mod-accept").inner_text() == "OK"
        page.set_content("<p>no dialog</p>")
        accept_dialogs(page)
    finally:
        page.close()


def wait_until(page, js: str, arg=None, timeout_ms: int = RUN_TIMEOUT_MS, what: str = "") -> None:
    """Poll a page condition, accepting dialogs on the way."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        accept_dialogs(page)
        if page.evaluate(js, arg):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out after {timeout_ms / 1000:.0f} s waiting for {what or js}")


def open_and_run(page, base: str, token: str, notebook: str, expected: int, expressions: dict) -> None:
    """Open a notebook in Lab, Run All Cells, wait for the code cells and the inline expressions."""
    # ?reset: a fresh workspace, not the notebooks an earlier test left open.
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    wait_until(page, KERNEL_IDLE_JS, timeout_ms=90_000, what="an idle kernel")
    accept_dialogs(page)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    wait_until(page, ALL_RUN_JS, expected, what=f"{expected} code cells to run")
    if page.evaluate(PAGE_STATE_JS)["errors"]:
        return  # the run stopped at an error: the test reports it
    wait_until(page, EXPRESSIONS_DONE_JS, expressions, timeout_ms=60_000, what="the inline expressions")


def page_state(page, source, settle_s: float = SETTLE_S) -> dict:
    """What the reader sees (PAGE_STATE_JS) once the page has settled: every cell in the DOM, every figure
    cell with its image and no raw markup left (the Markdown renders again when its inline expressions
    arrive), or as it is after ``settle_s`` seconds, when the checks then report what is missing."""
    deadline = time.monotonic() + settle_s
    while True:
        state = page.evaluate(PAGE_STATE_JS)
        settled = (state["count"] == len(source.cells) and not raw_markup(state["markdown"])
                   and all(state["images"][i] for i in figure_cells(source)))
        if settled or time.monotonic() > deadline:
            return state
        page.wait_for_timeout(100)


def explorer_redraws(page) -> str | None:
    """Move the first slider of the page's explorer; None if its figure changed, else why not."""
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
    deadline = time.monotonic() + UPDATE_TIMEOUT_S
    after = before
    while after == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        after = figure.screenshot()
    value_after = readout.inner_text() if readout.count() else None
    if value_after == value_before:
        return f"the slider did not move (readout {value_before!r})"
    if after == before:
        return f"the figure did not change after the slider moved from {value_before} to {value_after}"
    return None


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_chapter_reads_like_the_book_in_lab(browser, lab, notebook):
    base, token = lab
    path = REPO / notebook
    assert path.is_file(), f"{path} is missing"
    before_on_disk = path.read_bytes()
    source = nbformat.read(path, as_version=4)
    expressions = {
        str(i): inline_eval.eval_names(cell.source)
        for i, cell in enumerate(source.cells) if cell.cell_type == "markdown" and inline_eval.eval_names(cell.source)
    }

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_and_run(page, base, token, notebook, code_cells_with_source(source), expressions)
        state = page_state(page, source)
        problems = [f"error output: {e}" for e in state["errors"]]
        problems += [f"inline expression failed: {e}" for e in state["expressionErrors"]]
        assert state["count"] == len(source.cells), f"{state['count']} cells in the page, {len(source.cells)} on disk"
        problems += [f"raw markup: {r}" for r in raw_markup(state["markdown"])]
        problems += [f"cell {i}: figure not shown" for i in figure_cells(source) if not state["images"][i]]
        if path.relative_to(REPO).with_suffix("").as_posix() in EXPLORER_DOCNAMES:
            why = explorer_redraws(page)  # fails if no slider shows (the widget did not render)
            if why:
                problems.append(f"explorer: {why}")
        problems += [f"uncaught error in JupyterLab: {e}" for e in errors]
        assert not problems, f"{notebook}:\n" + "\n".join(problems)
    except Exception:
        page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / f"test_lab_failure_{path.stem}.png"))
        raise
    finally:
        context.close()
        shut_down_kernels(base, token)
    assert path.read_bytes() == before_on_disk, f"{notebook} was modified on disk by the test"
