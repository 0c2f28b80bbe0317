"""Plumbing for the book's problem sets: find the notebook itself, export only what is saved.

No physics here. A problem set's locked first cell calls :func:`this_notebook` so that
otter's checks work under any file name (a renamed or copied problem set included),
and the submission cell calls :func:`export` instead of ``grader.export()``, which in
JupyterLab zipped the last saved file without a word when the student had not saved.
"""

from __future__ import annotations

import glob
import json
import os
import re

# `name = ...` as the handout leaves an answer: the line a student replaces.
_UNANSWERED = re.compile(r"^\s*(\w+)\s*=\s*\.\.\.\s*(#.*)?$", re.MULTILINE)


def _assignment_of(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f).get("metadata", {}).get("otter", {}).get("assignment_name")
    except (OSError, ValueError, AttributeError):
        return None


def this_notebook(assignment: str) -> str:
    """The path of the running problem set ``assignment``, whatever its file is called.

    JupyterLab and Jupyter Server tell the kernel its notebook (``JPY_SESSION_NAME``);
    without that (a kernel started by a script), the problem set is the notebook in the
    working folder whose otter metadata names ``assignment``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb"):
        for candidate in (session, os.path.basename(session)):
            if os.path.isfile(candidate) and _assignment_of(candidate) == assignment:
                return candidate
    matches = [p for p in sorted(glob.glob("*.ipynb")) if _assignment_of(p) == assignment]
    if not matches:
        raise FileNotFoundError(
            f"cannot find the problem set {assignment!r}: open this notebook from its own folder "
            "(the folder it was handed out in) and run this cell again"
        )
    return matches[0]


def unsaved_answers(path: str, namespace: dict) -> list[str]:
    """Answers given in ``namespace`` whose line in the saved file ``path`` still reads ``name = ...``."""
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    stale = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for name in _UNANSWERED.findall(source):
            name = name[0]
            if name in namespace and namespace[name] is not Ellipsis and name not in stale:
                stale.append(name)
    return stale


def export(grader, namespace: dict | None = None, **kwargs):
    """Save the notebook if the front end allows it, then zip it with otter, or refuse.

    Refuses (``RuntimeError``, saying what to do) when the saved file still holds
    ``name = ...`` for an answer this session has given: exporting it would hand in
    the untouched handout. Keyword arguments go to otter's ``grader.export``
    (``pdf=False`` by default).
    """
    import inspect

    from otter.check.utils import save_notebook

    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    path = grader._notebook
    try:
        save_notebook(path, timeout=3)
    except Exception:  # noqa: BLE001 - saving is a courtesy; the check below decides
        pass
    stale = unsaved_answers(path, namespace)
    if stale:
        raise RuntimeError(
            f"{path} is not saved: on disk it still reads `{stale[0]} = ...` although you answered "
            f"{', '.join(stale)} in this session. Save the notebook (File > Save Notebook, or "
            "Ctrl+S / Cmd+S) and run this cell again."
        )
    kwargs.setdefault("pdf", False)
    return grader.export(path, **kwargs)
