"""Generate the student problem sets and their autograders from the masters.

For every master ``exercises/<chapter>/problems.ipynb`` and its answer key
``exercises/<chapter>/key.py`` this script

1. fills the master's placeholders ``{{name}}`` with the key's numbers: the published
   ones, or a private variant's (``--variant SEED``);
2. stages the filled master as ``<chapter>_problems.ipynb`` in a temporary folder, next to
   a copy of the ``excitable`` package and a pinned ``requirements.txt``, and runs
   ``otter assign`` on it: otter writes the student notebook (public tests only, in its
   metadata) and runs the reference solutions against the public tests;
3. computes every reference with the key (simulations over every accepted step) and
   writes the autograder: ``reference.json`` and a copy of ``grading.py``. Grading is
   ``exercises/grade.py``: it runs a submission, collects its answers as plain values
   and checks them in a separate process (see the instructor guide);
4. grades the reference solutions through that same path (their answers, encoded
   as a submission's would be) and stops if any question scores less than full;
5. normalises the student notebook (no outputs, stable ids and metadata) and writes
   it to ``book/<chapter>/<chapter>_problems.ipynb``, or for a variant to
   ``exercises/<chapter>/dist/variant-<seed>/``;
6. copies the autograder and the solutions notebook to ``exercises/<chapter>/dist/``
   (git-ignored: for the instructor's machine, never for the repository or the book).

Usage (from the repository root; ``make exercises`` runs the first form)::

    .venv/bin/python exercises/assign.py                 # every chapter
    .venv/bin/python exercises/assign.py first_look      # one chapter
    .venv/bin/python exercises/assign.py --check         # only compare with book/, write nothing
    .venv/bin/python exercises/assign.py --variant 4711  # a private variant (make exercises VARIANT=4711)

The functions are imported by ``tests/test_exercises.py``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

EXERCISES = Path(__file__).resolve().parent
ROOT = EXERCISES.parent
BOOK = ROOT / "book"
PACKAGE = ROOT / "lib" / "excitable"
MASTER_NAME = "problems.ipynb"
DIST_NAME = "dist"
NBFORMAT_MINOR = 5
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")

if str(EXERCISES) not in sys.path:
    sys.path.insert(0, str(EXERCISES))

import grading  # noqa: E402 - needs the path above

# Cell metadata worth keeping in the student notebook: tags (e.g. otter's
# answer-cell tag) and otter's locks on the question text and check cells.
KEPT_CELL_METADATA = ("deletable", "editable", "tags", "otter")


def chapters() -> list[str]:
    """Chapters that have a master notebook, in alphabetical order."""
    return sorted(p.parent.name for p in EXERCISES.glob(f"*/{MASTER_NAME}"))


def master_path(chapter: str) -> Path:
    return EXERCISES / chapter / MASTER_NAME


def student_name(chapter: str) -> str:
    """The file name of a chapter's problem set: distinct per chapter (``gating_problems.ipynb``)."""
    return f"{chapter}_problems.ipynb"


def student_path(chapter: str) -> Path:
    """Where the book publishes the student version of a chapter's problem set."""
    return BOOK / chapter / student_name(chapter)


def dist_path(chapter: str, variant: int | None = None) -> Path:
    base = EXERCISES / chapter / DIST_NAME
    return base if variant is None else base / f"variant-{variant}"


def load_key(chapter: str):
    """The answer key ``exercises/<chapter>/key.py`` as a module."""
    spec = importlib.util.spec_from_file_location(f"key_{chapter}", EXERCISES / chapter / "key.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parameters(chapter: str, variant: int | None = None) -> dict:
    key = load_key(chapter)
    return dict(key.PUBLISHED) if variant is None else key.variant(variant)


def format_value(value) -> str:
    """A placeholder's text: numbers as Python writes them briefly (10, 0.5, 1e-06), lists of those."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, float):
        text = f"{value:.10g}"
        return text
    return str(value)


def render(text: str, params: dict) -> str:
    """``text`` with every ``{{name}}`` replaced by the parameter's value; unknown names are an error."""
    def fill(match):
        name = match.group(1)
        if name not in params:
            raise KeyError(f"placeholder {{{{{name}}}}} has no value in the key (have: {', '.join(params)})")
        return format_value(params[name])

    return PLACEHOLDER.sub(fill, text)


def rendered_master(chapter: str, params: dict) -> nbformat.NotebookNode:
    notebook = nbformat.read(master_path(chapter), as_version=4)
    for cell in notebook.cells:
        cell.source = render(cell.source, params)
    return notebook


def autograder_requirements() -> str:
    """excitable's runtime dependencies pinned (==) to the versions installed in this environment."""
    lines = ["# Written by exercises/assign.py: excitable's dependencies, pinned to the tested versions."]
    for requirement in importlib.metadata.requires("excitable") or []:
        if ";" in requirement:  # extras and environment markers: not needed to grade
            continue
        name = re.split(r"[\s<>=!~\[]", requirement, maxsplit=1)[0]
        lines.append(f"{name}=={importlib.metadata.version(name)}")
    return "\n".join(lines) + "\n"


def stage(chapter: str, workdir: Path, params: dict) -> Path:
    """The filled master with what its ASSIGNMENT CONFIG refers to, in ``workdir``; return its path."""
    folder = workdir / chapter
    folder.mkdir(parents=True)
    target = folder / student_name(chapter)
    nbformat.write(rendered_master(chapter, params), target)
    # __pycache__ is kept on purpose: it holds numba's compiled kernels, which
    # spares otter's solution run the compilation (numba recompiles if stale).
    shutil.copytree(PACKAGE, folder / "excitable", ignore=shutil.ignore_patterns("*.pyc"))
    (folder / "requirements.txt").write_text(autograder_requirements(), encoding="utf-8")
    return target


def run_otter_assign(chapter: str, workdir: Path, params: dict | None = None, run_tests: bool = True) -> Path:
    """Run ``otter assign`` on a staged master; with ``run_tests`` otter also runs the solutions
    notebook in a kernel and checks it against the public tests.

    Returns the result folder, holding ``student/`` and ``autograder/``.
    Raises RuntimeError with otter's output when otter fails, e.g. when a
    reference solution does not pass one of its tests.
    """
    staged = stage(chapter, workdir, parameters(chapter) if params is None else params)
    result = workdir / f"{chapter}-result"
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "assign", "-v", *([] if run_tests else ["--no-run-tests"]),
         str(staged), str(result)],
        cwd=staged.parent, capture_output=True, text=True,
    )
    passed = not run_tests or "All autograder tests passed" in proc.stdout + proc.stderr
    if proc.returncode != 0 or not passed:
        log = "\n".join(
            line for line in (proc.stdout + proc.stderr).splitlines() if "[IPKernelApp]" not in line
        )
        raise RuntimeError(f"otter assign failed for {chapter} (exit {proc.returncode}):\n{log[-8000:]}")
    return result


def build_autograder(chapter: str, params: dict, variant: int | None = None) -> dict:
    """The content of ``reference.json``: every question's points, checks and references."""
    key = load_key(chapter)
    references = key.references(params)
    if set(references) != set(key.QUESTIONS):
        raise ValueError(f"{chapter}: key.references and key.QUESTIONS name different questions")
    questions = {}
    for name, question in key.QUESTIONS.items():
        if set(references[name]) != set(question["answers"]):
            raise ValueError(f"{chapter}/{name}: references for {sorted(references[name])}, "
                             f"checks for {sorted(question['answers'])}")
        questions[name] = {
            "points": question["points"],
            "answers": {answer: {**spec, "reference": references[name][answer]}
                        for answer, spec in question["answers"].items()},
        }
    return {"chapter": chapter, "notebook": student_name(chapter), "variant": variant,
            "parameters": params, "questions": questions}


def write_autograder(autograder: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reference.json").write_text(json.dumps(autograder, indent=1) + "\n", encoding="utf-8")
    shutil.copy2(EXERCISES / "grading.py", folder / "grading.py")


def solution_namespace(notebook: nbformat.NotebookNode) -> dict:
    """Globals after running a notebook's code (reference solutions) without otter's cells."""
    env = {"__name__": "__main__"}
    for cell in notebook.cells:
        if cell.cell_type == "code" and "otter" not in cell.source and "grader." not in cell.source:
            exec(compile(cell.source, "<reference solution>", "exec"), env)
    return env


def encoded_answers(namespace: dict, autograder: dict) -> dict:
    """Every answer in ``namespace`` as a submission's answers reach the grader (plain JSON records)."""
    return json.loads(json.dumps({name: grading.encode(namespace.get(name, ...))
                                  for name in grading.answer_names(autograder)}))


def check_solutions(chapter: str, autograder: dict, namespace: dict) -> None:
    """Stop unless the reference solutions score full marks on every question."""
    scores = grading.grade(autograder, encoded_answers(namespace, autograder))
    short = {name: s["wrong"] for name, s in scores.items() if s["score"] < s["points"]}
    if short:
        raise RuntimeError(f"{chapter}: the reference solutions do not grade right: {short}")


def copy_autograder_notebook(result: Path, destination: Path, chapter: str) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(result / "autograder" / student_name(chapter), destination / f"{chapter}_solutions.ipynb")


def normalise(notebook: nbformat.NotebookNode) -> str:
    """The notebook as text with everything run-, time- or machine-dependent removed.

    Outputs and execution counts are cleared, cell ids become their position
    (otter gives its own cells random ids), cell metadata keeps only tags and
    otter's locks, notebook metadata keeps the kernel, the language and otter's
    public tests.
    """
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:02d}"
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k in KEPT_CELL_METADATA}
        if not cell.get("attachments"):
            cell.pop("attachments", None)
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    if "otter" in notebook.metadata:
        metadata["otter"] = notebook.metadata["otter"]
    notebook.metadata = metadata
    notebook.nbformat, notebook.nbformat_minor = 4, NBFORMAT_MINOR
    nbformat.validate(notebook)
    return nbformat.writes(notebook, version=4).rstrip("\n") + "\n"


def student_text(result: Path, chapter: str) -> str:
    """The normalised student notebook from an otter assign result folder."""
    notebook = nbformat.read(result / "student" / student_name(chapter), as_version=4)
    return normalise(notebook)


def generate(chapter: str, workdir: Path, variant: int | None = None, run_tests: bool = True) -> dict:
    """otter assign, the autograder and the solutions' check for one chapter; what they produced.

    ``run_tests=False`` skips otter's own run of the solutions in a kernel (the solutions still run
    here, in process, and must grade full marks); the tests use it where they check the public
    tests themselves.
    """
    params = parameters(chapter, variant)
    result = run_otter_assign(chapter, workdir, params, run_tests)
    autograder = build_autograder(chapter, params, variant)
    namespace = solution_namespace(nbformat.read(result / "autograder" / student_name(chapter), as_version=4))
    check_solutions(chapter, autograder, namespace)
    return {"result": result, "autograder": autograder, "params": params, "solutions": namespace}


def assign(chapter: str, check: bool = False, dist: bool = True, variant: int | None = None) -> bool:
    """Regenerate one chapter's problem set; return whether book/ was already up to date."""
    with tempfile.TemporaryDirectory(prefix=f"assign-{chapter}-") as tmp:
        made = generate(chapter, Path(tmp), variant)
        text = student_text(made["result"], chapter)
        if variant is not None:
            destination = dist_path(chapter, variant)
            shutil.rmtree(destination, ignore_errors=True)
            (destination / "student").mkdir(parents=True)
            (destination / "student" / student_name(chapter)).write_text(text, encoding="utf-8")
            write_autograder(made["autograder"], destination / "autograder")
            copy_autograder_notebook(made["result"], destination, chapter)
            return True
        target = student_path(chapter)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if not check and current != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if dist and not check:
            destination = dist_path(chapter)
            for old in ("autograder", f"{chapter}_solutions.ipynb"):
                shutil.rmtree(destination / old, ignore_errors=True)
            write_autograder(made["autograder"], destination / "autograder")
            copy_autograder_notebook(made["result"], destination, chapter)
        return current == text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapters to generate (default: every master)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a book/<chapter>/<chapter>_problems.ipynb is out of date")
    parser.add_argument("--no-dist", action="store_true",
                        help="do not write the autograder to exercises/<chapter>/dist/")
    parser.add_argument("--variant", type=int, default=None, metavar="SEED",
                        help="a private variant with other numbers, in exercises/<chapter>/dist/variant-SEED/")
    args = parser.parse_args(argv)
    known = chapters()
    selected = args.chapters or known
    unknown = sorted(set(selected) - set(known))
    if unknown:
        parser.error(f"no master {MASTER_NAME} for {', '.join(unknown)} (have: {', '.join(known)})")
    stale = []
    for chapter in selected:
        if args.variant is not None:
            assign(chapter, variant=args.variant)
            where = dist_path(chapter, args.variant).relative_to(ROOT)
            print(f"{chapter}: variant {args.variant}: student notebook in {where}/student/, "
                  f"autograder in {where}/autograder/, solutions in {where}/ (git-ignored)")
            continue
        up_to_date = assign(chapter, check=args.check, dist=not args.no_dist)
        state = "up to date" if up_to_date else ("OUT OF DATE" if args.check else "written")
        print(f"{chapter}: solutions grade right; {student_path(chapter).relative_to(ROOT)} {state}")
        if not up_to_date:
            stale.append(chapter)
        if not args.check and not args.no_dist:
            print(f"{chapter}: autograder (reference.json, grading.py) and solutions in "
                  f"{dist_path(chapter).relative_to(ROOT)}/ (git-ignored)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
