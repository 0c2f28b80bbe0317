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
