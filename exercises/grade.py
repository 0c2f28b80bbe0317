"""Grade submitted problem sets where the students' code cannot reach the grader.

Two steps, which can run on different machines:

``collect``  runs each submitted notebook top to bottom in a fresh kernel (errors do not
             stop it), then one appended cell writes every answer as plain JSON records
             (:func:`grading.encode`): numbers, strings, lists, the exact type each came
             from. The kernel sees the answer names only, never a reference.
``score``    reads those records in this process, which runs no student code, and checks
             them against the autograder's ``reference.json`` (:func:`grading.grade`).
             Only the autograder's checks give points; otter's public tests give none.

``grade`` does both. Usage (from the repository root, with the autograder made by
``make exercises`` or ``make exercises VARIANT=<seed>``)::

    .venv/bin/python exercises/grade.py grade exercises/gating/dist/autograder submissions/*.ipynb -o grades
    .venv/bin/python exercises/grade.py collect --names exercises/gating/dist/autograder sub/*.ipynb -o answers
    .venv/bin/python exercises/grade.py score exercises/gating/dist/autograder answers/*.json -o grades

``grades/scores.csv`` has one row per submission and one column per question;
``grades/<submission>.json`` says, per question, which answers were wrong and why.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import shutil
import sys
import tempfile
from pathlib import Path

import grading

COLLECT_CELL = '''{encode}

def _collect_answers(names, path):
    import json as _json
    records = {{}}
    for _name in names:
        try:
            records[_name] = encode(globals().get(_name, ...))
        except Exception as _error:  # noqa: BLE001 - a broken answer is recorded, not fatal
            records[_name] = {{"kind": "other", "type": f"unreadable ({{type(_error).__name__}})"}}
    with open(path, "w", encoding="utf-8") as _f:
        _json.dump(records, _f)


_collect_answers({names!r}, {path!r})
'''


def load_autograder(folder: Path) -> dict:
    return json.loads((Path(folder) / "reference.json").read_text(encoding="utf-8"))


def collect(notebook: Path, names: list[str], timeout: int = 600) -> dict[str, dict]:
    """Run ``notebook`` in a fresh kernel in a scratch folder; its answers as JSON records."""
    import nbclient
    import nbformat

    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        work = Path(tmp)
        copy = work / Path(notebook).name
        shutil.copy2(notebook, copy)
        out = work / "answers.json"
        nb = nbformat.read(copy, as_version=4)
        source = COLLECT_CELL.format(encode=inspect.getsource(grading.encode), names=list(names), path=str(out))
        nb.cells.append(nbformat.v4.new_code_cell(source))
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                          resources={"metadata": {"path": str(work)}})
        try:
            client.execute()
        except Exception as error:  # noqa: BLE001 - a notebook that kills its kernel scores 0
            print(f"{notebook}: the notebook did not run to the end ({type(error).__name__})", file=sys.stderr)
        if not out.is_file():
            return {name: {"kind": "missing"} for name in names}
        records = json.loads(out.read_text(encoding="utf-8"))
    # Only the names asked for, each a dict: anything else the kernel wrote is dropped.
    return {name: records[name] if isinstance(records.get(name), dict) else {"kind": "missing"}
            for name in names}


def score(autograder: dict, answers: dict[str, dict]) -> dict[str, dict]:
    return grading.grade(autograder, answers)


def write_scores(results: dict[str, dict[str, dict]], autograder: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    questions = list(autograder["questions"])
    table = out / "scores.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", *questions, "total", "possible"])
        possible = sum(q["points"] for q in autograder["questions"].values())
        for name, scores in results.items():
            row = [scores[q]["score"] for q in questions]
            writer.writerow([name, *row, round(sum(row), 6), possible])
            (out / f"{name}.json").write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="collect and score")
    g.add_argument("autograder", type=Path)
    g.add_argument("submissions", nargs="+", type=Path)
    c = sub.add_parser("collect", help="run the notebooks and write their answers (no references needed)")
    c.add_argument("--names", type=Path, required=True,
                   help="an autograder folder (only its answer names are read) or a JSON list of names")
    c.add_argument("submissions", nargs="+", type=Path)
    s = sub.add_parser("score", help="score collected answers (runs no student code)")
    s.add_argument("autograder", type=Path)
    s.add_argument("answers", nargs="+", type=Path)
    for p in (g, c, s):
        p.add_argument("-o", "--out", type=Path, default=Path("grades"))
    for p in (g, c):
        p.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)

    if args.command == "collect":
        if args.names.is_dir():
            names = grading.answer_names(load_autograder(args.names))
        else:
            names = json.loads(args.names.read_text(encoding="utf-8"))
        args.out.mkdir(parents=True, exist_ok=True)
        for notebook in args.submissions:
            answers = collect(notebook, names, args.timeout)
            (args.out / f"{notebook.stem}.json").write_text(json.dumps(answers) + "\n", encoding="utf-8")
        print(f"answers of {len(args.submissions)} submission(s) in {args.out}/")
        return 0

    autograder = load_autograder(args.autograder)
    results = {}
    if args.command == "grade":
        names = grading.answer_names(autograder)
        for notebook in args.submissions:
            results[notebook.stem] = score(autograder, collect(notebook, names, args.timeout))
    else:
        for path in args.answers:
            results[path.stem] = score(autograder, json.loads(path.read_text(encoding="utf-8")))
    table = write_scores(results, autograder, args.out)
    for name, scores in results.items():
        total = sum(q["score"] for q in scores.values())
        possible = sum(q["points"] for q in scores.values())
        print(f"{name}: {total:g} / {possible:g}")
    print(f"scores in {table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
