"""excitable.coursework: a problem set finds itself under any name; export refuses an unsaved file."""

from __future__ import annotations

import json

import pytest

from excitable import coursework


def write_notebook(path, assignment, answer_line):
    notebook = {"cells": [{"cell_type": "code", "source": [answer_line], "metadata": {}, "outputs": []}],
                "metadata": {"otter": {"assignment_name": assignment}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_this_notebook_finds_a_renamed_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    write_notebook(tmp_path / "other.ipynb", "electrochemistry", "x = 1")
    write_notebook(tmp_path / "my copy of gating.ipynb", "gating", "x = 1")
    assert coursework.this_notebook("gating") == "my copy of gating.ipynb"


def test_this_notebook_prefers_the_session_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_notebook(tmp_path / "a.ipynb", "gating", "x = 1")
    write_notebook(tmp_path / "b.ipynb", "gating", "x = 1")
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "b.ipynb"))
    assert coursework.this_notebook("gating").endswith("b.ipynb")


def test_this_notebook_says_what_to_do_when_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    with pytest.raises(FileNotFoundError, match="gating"):
        coursework.this_notebook("gating")


def test_unsaved_answers_are_the_answered_names_still_dots_on_disk(tmp_path):
    path = tmp_path / "p.ipynb"
    write_notebook(path, "gating", "peak_v = ...\nt_peak = 7.5\nother = ...  # SOLUTION\n")
    assert coursework.unsaved_answers(str(path), {"peak_v": 39.0, "t_peak": 7.5, "other": ...}) == ["peak_v"]
    assert coursework.unsaved_answers(str(path), {"peak_v": ..., "t_peak": 7.5}) == []


def test_export_refuses_an_unsaved_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.ipynb"
    write_notebook(path, "gating", "peak_v = ...\n")

    class Grader:
        _notebook = str(path)
        exported = False

        def export(self, *args, **kwargs):
            self.exported = True

    grader = Grader()
    with pytest.raises(RuntimeError, match="not saved.*peak_v"):
        coursework.export(grader, {"peak_v": 39.0})
    assert not grader.exported
    write_notebook(path, "gating", "peak_v = 39.0\n")
    coursework.export(grader, {"peak_v": 39.0})
    assert grader.exported


def _setup_and_first_check(notebook):
    """The problem set's cells up to its first ``grader.check`` cell."""
    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.cell_type == "code" and "grader.check(" in cell.source:
            break
    trimmed = notebook.copy()
    trimmed.cells = cells
    return trimmed


@pytest.mark.parametrize("beside_the_original", [False, True], ids=["alone", "beside-the-original"])
def test_a_problem_set_saved_under_another_name_works(tmp_path, beside_the_original):
    """A student's copy ``gating_problems_alice.ipynb`` runs its set-up and its checks (issue 10).

    Alone in a folder (a kernel started without Jupyter Server: no JPY_SESSION_NAME), and beside
    the original with the session name JupyterLab gives the kernel: otter's grader is bound to the
    copy, and the first check runs (no FileNotFoundError, no NameError).
    """
    import os
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient

    repo = Path(__file__).resolve().parents[1]
    source = nbformat.read(repo / "book" / "gating" / "gating_problems.ipynb", as_version=4)
    copy = tmp_path / "gating_problems_alice.ipynb"
    nbformat.write(source, copy)
    if beside_the_original:
        nbformat.write(source, tmp_path / "gating_problems.ipynb")
    notebook = _setup_and_first_check(source)
    notebook.cells.append(nbformat.v4.new_code_cell("print('GRADER', grader._notebook)"))
    env = {key: value for key, value in os.environ.items() if key != "JPY_SESSION_NAME"}
    if beside_the_original:
        env["JPY_SESSION_NAME"] = str(copy)
    client = NotebookClient(notebook, timeout=300, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)  # the kernel's environment
    errors = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
              if output.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    assert printed.strip().endswith("gating_problems_alice.ipynb"), printed
