"""nbval's run of a notebook, stored by tools/nbval_cache.py, is what the book build would make.

``make test`` lets the book render the notebooks nbval ran instead of running
them again. That is only right if the stored notebook equals the one myst-nb's
own execution (jupyter-cache's ``single_nb_execution``) produces: the same
outputs, execution counts, glue data, display updates, cleared outputs,
language info and widget state (up to the random widget model ids), and the
values of the ``{eval}`` names of its markdown (tools/inline_eval.py). A
notebook with a failing cell, or with an ``{eval}`` name that does not
evaluate, must not be stored at all.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.executors.utils import single_nb_execution

from tools import inline_eval

REPO = Path(__file__).resolve().parents[1]
UUID = re.compile(r"[0-9a-f]{32}")

CELLS = [
    "import ipywidgets as widgets\nfrom IPython.display import Markdown, clear_output, display\n"
    "from myst_nb import glue",
    "print('one')\nprint('two')\nimport sys\nprint('err', file=sys.stderr)",
    "glue('answer', 42.0, display=False)\nglue('shown', 'text')",
    "handle = display(Markdown('first'), display_id=True)\nhandle.update(Markdown('second'))",
    "print('gone')\nclear_output()\nprint('kept')",
    "",
    "slider = widgets.IntSlider(value=3, min=0, max=9)\nother = widgets.IntSlider(value=3)\n"
    "widgets.jslink((slider, 'value'), (other, 'value'))\nwidgets.VBox([slider, other])",
    "1 + 1",
    "rest_text = '\u221265 mV'\ncount = 3",
    "rest_text = 'changed'",
]
# Markdown after the code cell of that index, with {eval} names (recorded after that cell).
MARKDOWN = {
    1: "Nothing defined yet.",
    8: "Rest at {eval}`rest_text`, {eval}`count` times.",
    9: "Now {eval}`rest_text`.",
}


def _notebook(cells: list[str], markdown: dict[int, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A test page")]
    for index, code in enumerate(cells):
        nb.cells.append(nbformat.v4.new_code_cell(code))
        if markdown and index in markdown:
            nb.cells.append(nbformat.v4.new_markdown_cell(markdown[index]))
    return nb


def _run_nbval(folder: Path, notebooks: Path, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", "-p", "tools.nbval_cache",
         f"--nb-cache={cache}", "--nbval-lax", "--rootdir", str(folder), str(notebooks)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )


def _canonical_widgets(nb) -> list[str]:
    """The widget models, each named by a hash of its content (model ids are random)."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})

    @functools.lru_cache(None)
    def name(model_id: str) -> str:
        text = json.dumps(state[model_id], sort_keys=True)
        text = UUID.sub(lambda m: name(m.group(0)) if m.group(0) in state else "?", text)
        return hashlib.sha1(text.encode()).hexdigest()

    return sorted(name(k) for k in state)


def _canonical_cells(nb) -> str:
    """Execution counts and outputs, widget model ids (random) blanked."""
    cells = [(c.get("execution_count"), c.get("outputs")) for c in nb.cells if c.cell_type == "code"]
    return UUID.sub("MODEL", json.dumps(cells, sort_keys=True))


@pytest.fixture(scope="module")
def nbval_run(tmp_path_factory):
    """One nbval session (one pytest start) over a good and a broken notebook."""
    folder = tmp_path_factory.mktemp("nbval_cache")
    nbformat.write(_notebook(CELLS, MARKDOWN), folder / "page.ipynb")
    nbformat.write(_notebook(["x = 1", "raise ValueError('broken on purpose')", "y = 2"]), folder / "broken.ipynb")
    nbformat.write(_notebook(["x = 1", "y = 2"], {0: "An undefined {eval}`z`."}), folder / "undefined.ipynb")
    proc = _run_nbval(folder, folder, folder / "cache")
    # every cell of page.ipynb passes; broken.ipynb fails its second cell, undefined.ipynb its first
    log = proc.stdout[-3000:] + proc.stderr[-3000:]
    # pytest adds " - <message>" to the summary line when it has room (always under CI=true)
    assert re.search(r"^FAILED \S*broken\.ipynb::Cell 1( - .*)?$", proc.stdout, re.M), log
    assert re.search(r"^FAILED \S*undefined\.ipynb::Cell 0( - .*)?$", proc.stdout, re.M), log
    assert "NameError: name 'z' is not defined" in proc.stdout, log
    assert re.search(r"(^|\D)2 failed, ", proc.stdout), log
    return folder


def test_nbval_run_is_stored_as_the_book_build_would_run_it(nbval_run):
    folder = nbval_run
    source = nbformat.read(folder / "page.ipynb", as_version=4)
    _, stored = get_cache(str(folder / "cache")).merge_match_into_notebook(copy.deepcopy(source))
    direct = copy.deepcopy(source)
    inline_eval.install()  # as the book build and tools/execute_notebooks.py run it
    result = single_nb_execution(direct, cwd=str(folder), timeout=120, allow_errors=False, meta_override=True)
    assert result.err is None, result.exc_string

    assert _canonical_cells(stored) == _canonical_cells(direct)
    assert [c.execution_count for c in stored.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5, None, 6, 7, 8, 9]
    # the {eval} values, each recorded after the code cell before the markdown that names it
    records = {
        output["metadata"]["scrapbook"]["name"]: output["data"]
        for cell in stored.cells if cell.cell_type == "code"
        for output in cell.outputs if "scrapbook" in output.get("metadata", {})
    }
    text = "application/papermill.record/text/plain"
    code = [i for i, c in enumerate(stored.cells) if c.cell_type == "code"]
    assert records[f"eval:rest_text:{code[8]}"] == {text: "'\u221265 mV'"}
    assert records[f"eval:count:{code[8]}"] == {text: "3"}
    assert records[f"eval:rest_text:{code[9]}"] == {text: "'changed'"}
    assert stored.metadata["language_info"] == direct.metadata["language_info"]
    assert _canonical_widgets(stored) and _canonical_widgets(stored) == _canonical_widgets(direct)
    # what the cells show: the display update and the cleared output took effect
    shown = json.dumps([c.outputs for c in stored.cells if c.cell_type == "code"])
    assert "second" in shown and "first" not in shown
    assert "kept" in shown and "gone" not in shown


@pytest.mark.parametrize("name", ["broken", "undefined"])
def test_a_notebook_with_a_failing_cell_is_not_stored(nbval_run, name):
    broken = nbformat.read(nbval_run / f"{name}.ipynb", as_version=4)
    with pytest.raises(KeyError):
        get_cache(str(nbval_run / "cache")).match_cache_notebook(broken)
