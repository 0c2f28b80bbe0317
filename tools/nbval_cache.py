"""pytest plugin: nbval's execution of a notebook also serves the book build.

Load it with ``-p tools.nbval_cache`` and give ``--nb-cache=PATH`` (a
jupyter-cache folder, ``_build/.jupyter_cache`` in ``make test``). Every
notebook nbval runs (``--nbval`` or ``--nbval-lax``) is then also recorded the
way the book build's executor (myst-nb through jupyter-cache, which uses
nbclient) records it: each message the kernel sends for a cell is fed to
nbclient's own message handler, so outputs, ``clear_output``, display updates
and the ipywidgets state in the notebook metadata come out exactly as
``jupyter-book build`` would have made them. A notebook whose every cell
passed is written to the cache; ``jupyter-book build`` with
``nb_execution_mode = "cache"`` (see tools/book_execution.py) then renders
it without running it again, and runs only notebooks with no record.

The cache is emptied when the session starts (in the controller, before any
xdist worker), so it never holds an execution of older code. Workers write
one at a time under a file lock (the cache is a SQLite database).

Each execution also records the values of the ``{eval}`` names the markdown
uses, as the book build's executor does (tools/inline_eval.py): after each
code cell the names of the markdown cells that follow it are evaluated in
nbval's kernel and stored as glue-format outputs of that cell. A name that does
not evaluate fails that cell's test (and the notebook is not stored).

Without ``--nb-cache`` the plugin does nothing.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from queue import Empty

import pytest

from tools import inline_eval
from tools.locking import locked

_RECORDER = "_nbval_cache_recorder"


def pytest_addoption(parser):
    group = parser.getgroup("nbval-cache", "store nbval's notebook executions for the book build")
    group.addoption(
        "--nb-cache",
        metavar="PATH",
        default=None,
        help="jupyter-cache folder to store every notebook nbval runs without error (emptied at session start)",
    )


def _cache_path(config) -> Path | None:
    value = config.getoption("nb_cache", default=None)
    return Path(value).resolve() if value else None


def pytest_configure(config):
    path = _cache_path(config)
    if path is None or hasattr(config, "workerinput"):
        return  # nothing to do, or an xdist worker (the controller has emptied the cache)
    with _locked(path):
        shutil.rmtree(path, ignore_errors=True)


def _locked(path: Path):
    return locked(path.with_name(path.name + ".lock"))


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item.parent, "kernel")


class _Recorder:
    """One notebook's execution as nbclient would have recorded it."""

    def __init__(self, notebook_file):
        import nbformat
        from nbclient import NotebookClient

        self.path = Path(str(notebook_file.fspath))
        self.nb = nbformat.read(self.path, as_version=4)
        self.code_cells = [i for i, cell in enumerate(self.nb.cells) if cell.cell_type == "code"]
        self.eval_names = inline_eval.names_by_code_cell(self.nb.cells)
        # As jupyter-cache runs it (single_nb_execution: no timing metadata).
        self.client = NotebookClient(self.nb, record_timing=False)
        self.client.reset_execution_trackers()
        self.executed = 0  # non-empty code cells run so far (nbclient's execution_count)
        self.ok = True
        self.done = 0
        self.msg_id = None
        self.messages: list[dict] = []
        self.start = time.perf_counter()

        kernel = notebook_file.kernel
        self.kernel = kernel
        self._language_info(kernel)
        execute = kernel.execute_cell_input

        def execute_cell_input(cell_input, allow_stdin=None):
            self.msg_id = execute(cell_input, allow_stdin=allow_stdin)
            self.messages = []
            return self.msg_id

        kernel.execute_cell_input = execute_cell_input
        get_message = notebook_file.get_kernel_message

        def get_kernel_message(timeout=None, stream="iopub"):
            msg = get_message(timeout=timeout, stream=stream)
            if stream == "iopub" and self.msg_id and msg["parent_header"].get("msg_id") == self.msg_id:
                self.messages.append(msg)
            return msg

        notebook_file.get_kernel_message = get_kernel_message

    def _language_info(self, kernel):
        # nbclient puts the kernel's language_info into the notebook metadata.
        msg_id = kernel.kc.kernel_info()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                reply = kernel.kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.1))
            except Empty:
                break
            if reply["parent_header"].get("msg_id") == msg_id:
                info = reply["content"].get("language_info")
                if info:
                    self.nb.metadata["language_info"] = info
                return
        self.ok = False  # no kernel info: do not cache this notebook

    def cell_done(self, item, passed: bool) -> str | None:
        """Record the cell's outputs; returns why the cell fails after all ({eval} names), or None."""
        from nbclient.exceptions import CellExecutionComplete

        self.done += 1
        if not passed:
            self.ok = False
        if not self.ok:
            return None
        index = self.code_cells[item.cell_num]
        cell = self.nb.cells[index]
        if not cell.source.strip():
            return None  # nbclient does not run empty cells
        self.executed += 1
        cell.outputs = []
        self.client.clear_before_next_output = False
        complete = False
        for msg in self.messages:
            try:
                self.client.process_message(msg, cell, self.code_cells[item.cell_num])
            except CellExecutionComplete:
                complete = True
                break
        if not complete:
            self.ok = False
            return None
        cell.execution_count = self.executed
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = self.executed
        self.messages = []
        names = self.eval_names.get(index)
        if names:
            try:
                results = inline_eval.evaluate_with(self.kernel.kc, names)
                cell.outputs.extend(inline_eval.record_outputs(index, {n: results.get(n, {}) for n in names}))
            except inline_eval.EvalRecordError as error:
                self.ok = False
                return str(error)
        return None

    @property
    def finished(self) -> bool:
        return self.done == len(self.code_cells)

    def store(self, cache_path: Path):
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        self.client.set_widgets_metadata()
        seconds = time.perf_counter() - self.start
        with _locked(cache_path):
            cache = get_cache(str(cache_path))
            cache.cache_notebook_bundle(
                CacheBundleIn(self.nb, str(self.path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    outcome = yield
    cache = _cache_path(item.config)
    if cache is None or not _is_nbval_cell(item):
        return
    notebook = item.parent
    if outcome.excinfo is None and getattr(notebook, _RECORDER, None) is None and notebook.kernel is not None:
        setattr(notebook, _RECORDER, _Recorder(notebook))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if _cache_path(item.config) is None or not _is_nbval_cell(item):
        return
    recorder = getattr(item.parent, _RECORDER, None)
    report = outcome.get_result()
    if recorder is None:
        return
    if call.when == "setup" and not report.passed:
        recorder.cell_done(item, passed=False)
    elif call.when == "call":
        failure = recorder.cell_done(item, passed=report.passed)
        if failure:
            report.outcome = "failed"
            report.longrepr = failure
    else:
        return
    if recorder.finished:
        if recorder.ok:
            recorder.store(_cache_path(item.config))
        setattr(item.parent, _RECORDER, False)  # recorded (or given up); never again
