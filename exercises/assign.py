"""Generate the student problem sets from the otter-grader masters.

For every master ``exercises/<chapter>/problems.ipynb`` this script

1. stages the master in a temporary folder, next to a copy of the ``excitable``
   package and a ``requirements.txt`` that pins excitable's dependencies to the
   versions installed here (the master's ``ASSIGNMENT CONFIG`` asks for both, so
   that the autograder zip can grade in a Docker image that has never seen this
   repository);
2. runs ``otter assign`` on it. Otter writes a student and an autograder
   version, builds the autograder zip and runs the reference solutions against
   every public and hidden test: a failing test stops the script;
3. normalises the student notebook (no outputs or execution counts, stable cell
   ids and metadata, no timestamps) and writes it to
   ``book/<chapter>/problems.ipynb``, so repeated runs give identical bytes;
4. copies the autograder output (autograder notebook with the solutions, hidden
   tests, autograder zip) to ``exercises/<chapter>/dist/``, which git ignores:
   it is for the instructor's machine, never for the repository or the book.

Usage (from the repository root; ``make exercises`` runs the first form)::

    .venv/bin/python exercises/assign.py                 # every chapter
    .venv/bin/python exercises/assign.py first_look      # one chapter
    .venv/bin/python exercises/assign.py --check         # only compare with book/, write nothing
    .venv/bin/python exercises/assign.py --no-dist       # skip the autograder copy

The functions are imported by ``tests/test_exercises.py``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

EXERCISES = Path(__file__).resolve().parent
ROOT = EXERCISES.parent
BOOK = ROOT / "book"
PACKAGE = ROOT / "lib" / "excitable"
MASTER_NAME = "problems.ipynb"
DIST_NAME = "dist"
NBFORMAT_MINOR = 5

# Cell metadata worth keeping in the student notebook: tags (e.g. otter's
# answer-cell tag) and otter's locks on the question text and check cells.
KEPT_CELL_METADATA = ("deletable", "editable", "tags", "otter")


def chapters() -> list[str]:
    """Chapters that have a master notebook, in alphabetical order."""
    return sorted(p.parent.name for p in EXERCISES.glob(f"*/{MASTER_NAME}"))


def master_path(chapter: str) -> Path:
    return EXERCISES / chapter / MASTER_NAME


def student_path(chapter: str) -> Path:
    """Where the book publishes the student version of a chapter's problem set."""
    return BOOK / chapter / MASTER_NAME


def dist_path(chapter: str) -> Path:
    return EXERCISES / chapter / DIST_NAME


def autograder_requirements() -> str:
    """excitable's runtime dependencies pinned (==) to the versions installed in this environment."""
    lines = ["# Written by exercises/assign.py: excitable's dependencies, pinned to the tested versions."]
    for requirement in importlib.metadata.requires("excitable") or []:
        if ";" in requirement:  # extras and environment markers: not needed to grade
            continue
        name = re.split(r"[\s<>=!~\[]", requirement, maxsplit=1)[0]
        lines.append(f"{name}=={importlib.metadata.version(name)}")
    return "\n".join(lines) + "\n"


def stage(chapter: str, workdir: Path) -> Path:
    """Copy a master with what its ASSIGNMENT CONFIG refers to into ``workdir``; return the copy's path."""
    folder = workdir / chapter
    folder.mkdir(parents=True)
    shutil.copy2(master_path(chapter), folder / MASTER_NAME)
    # __pycache__ is kept on purpose: it holds numba's compiled kernels, which
    # spares otter's solution run the compilation (numba recompiles if stale).
    shutil.copytree(PACKAGE, folder / "excitable", ignore=shutil.ignore_patterns("*.pyc"))
    (folder / "requirements.txt").write_text(autograder_requirements(), encoding="utf-8")
    return folder / MASTER_NAME


def run_otter_assign(chapter: str, workdir: Path) -> Path:
    """Run ``otter assign`` (solutions checked against every test) on a staged master.

    Returns the result folder, holding ``student/`` and ``autograder/``.
    Raises RuntimeError with otter's output when otter fails, e.g. when a
    reference solution does not pass one of its tests.
    """
    staged = stage(chapter, workdir)
    result = workdir / f"{chapter}-result"
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "assign", "-v", str(staged), str(result)],
        cwd=staged.parent, capture_output=True, text=True,
    )
    if proc.returncode != 0 or "All autograder tests passed" not in proc.stdout + proc.stderr:
        log = "\n".join(
            line for line in (proc.stdout + proc.stderr).splitlines() if "[IPKernelApp]" not in line
        )
        raise RuntimeError(f"otter assign failed for {chapter} (exit {proc.returncode}):\n{log[-8000:]}")
    return result


def copy_zip_without_caches(source: Path, target: Path) -> None:
    """Copy the autograder zip, leaving out the compiled caches staged to speed up otter's own run."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            if "__pycache__" not in Path(item.filename).parts:
                copy.writestr(item, original.read(item))


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


def student_text(result: Path) -> str:
    """The normalised student notebook from an otter assign result folder."""
    notebook = nbformat.read(result / "student" / MASTER_NAME, as_version=4)
    return normalise(notebook)


def assign(chapter: str, check: bool = False, dist: bool = True) -> bool:
    """Regenerate one chapter's problem set; return whether book/ was already up to date."""
    with tempfile.TemporaryDirectory(prefix=f"assign-{chapter}-") as tmp:
        result = run_otter_assign(chapter, Path(tmp))
        text = student_text(result)
        target = student_path(chapter)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if not check and current != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if dist and not check:
            destination = dist_path(chapter)
            shutil.rmtree(destination, ignore_errors=True)
            shutil.copytree(result / "autograder", destination,
                            ignore=shutil.ignore_patterns("__pycache__", "excitable", "*.zip"))
            for archive in (result / "autograder").glob("*.zip"):
                copy_zip_without_caches(archive, destination / archive.name)
        return current == text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapters to generate (default: every master)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a book/<chapter>/problems.ipynb is out of date")
    parser.add_argument("--no-dist", action="store_true",
                        help="do not copy the autograder output to exercises/<chapter>/dist/")
    args = parser.parse_args(argv)
    known = chapters()
    selected = args.chapters or known
    unknown = sorted(set(selected) - set(known))
    if unknown:
        parser.error(f"no master {MASTER_NAME} for {', '.join(unknown)} (have: {', '.join(known)})")
    stale = []
    for chapter in selected:
        up_to_date = assign(chapter, check=args.check, dist=not args.no_dist)
        state = "up to date" if up_to_date else ("OUT OF DATE" if args.check else "written")
        print(f"{chapter}: otter assign passed; {student_path(chapter).relative_to(ROOT)} {state}")
        if not up_to_date:
            stale.append(chapter)
        if not args.check and not args.no_dist:
            print(f"{chapter}: autograder (solutions, hidden tests, zip) in "
                  f"{dist_path(chapter).relative_to(ROOT)}/ (git-ignored)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
