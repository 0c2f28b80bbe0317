"""The graded problem sets: otter-grader masters in exercises/, student notebooks in book/.

For every question of every master this proves that

(a) the reference solution passes every public and hidden test: ``otter assign``
    (which grades the solutions and fails otherwise) succeeds on the master;
(b) each plausible wrong answer listed in ``exercises/<chapter>/wrong_answers.yml``
    fails the question's tests from otter's generated autograder, and is caught by
    the kind of test the file promises (public: the student sees a hint at once;
    hidden: only the instructor's tests catch it);
(c) the committed ``book/<chapter>/problems.ipynb`` is byte-for-byte what
    ``exercises/assign.py`` makes from a fresh ``otter assign``;
(d) no solution line and no hidden test reaches a student notebook or the built
    site (``_build/html``, ``_sources`` included).

``otter assign`` runs once per chapter for the whole module (about 15 s each).
"""

from __future__ import annotations

import ast
import html
import importlib.util
import json
import os
import re
import zipfile
from functools import cache
from pathlib import Path

import nbformat
import pytest
import yaml
from otter.test_files.exception_test import ExceptionTestFile

REPO = Path(__file__).resolve().parents[1]


def _load_assign():
    spec = importlib.util.spec_from_file_location("exercises_assign", REPO / "exercises" / "assign.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


assign = _load_assign()
CHAPTERS = assign.chapters()

# ---------------------------------------------------------------- reading the masters

BOUNDARY = re.compile(r"#\s+(begin|end)\s+(question|prompt|solution|tests)\b", re.IGNORECASE)
SOLUTION_SUFFIX = re.compile(r"\s*#\s*SOLUTION(\s+NO\s+PROMPT)?\s*$")
MIN_SECRET_LENGTH = 8  # shorter lines (a closing bracket, `else:`) say nothing


@cache
def master(chapter: str) -> dict:
    """Questions of a master: name -> solution lines, public and hidden test sources."""
    notebook = nbformat.read(assign.master_path(chapter), as_version=4)
    questions, question, blocks, other_sources = {}, None, [], []
    for cell in notebook.cells:
        source = cell.source
        first = source.splitlines()[0] if source.strip() else ""
        match = BOUNDARY.match(first) if cell.cell_type == "raw" else None
        if match:
            begin, kind = match.group(1).lower() == "begin", match.group(2).lower()
            if begin:
                blocks.append(kind)
                if kind == "question":
                    name = yaml.safe_load(source.split("\n", 1)[1])["name"]
                    question = questions.setdefault(name, {"solution": [], "public": [], "hidden": []})
            else:
                blocks.pop()
            continue
        if blocks and blocks[-1] == "tests":
            hidden = first.lstrip().startswith("#") and re.search(r"\bhidden\b", first, re.IGNORECASE)
            question["hidden" if hidden else "public"].append(source)
            continue
        if cell.cell_type == "code":
            solution, visible = _split_solution(source)
            if blocks and blocks[-1] == "solution":
                question["solution"].extend(solution)
            elif solution:
                raise AssertionError(f"{chapter}: solution markers outside a SOLUTION block:\n{source}")
            other_sources.append("\n".join(visible))
        else:
            other_sources.append(source)
    return {"questions": questions, "visible": "\n".join(other_sources)}


def _split_solution(source: str) -> tuple[list[str], list[str]]:
    """(solution lines without their markers, lines a student sees) of a code cell."""
    solution, visible, inside = [], [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            inside = True
        elif stripped == "# END SOLUTION":
            inside = False
        elif inside or SOLUTION_SUFFIX.search(line):
            solution.append(SOLUTION_SUFFIX.sub("", line).strip())
        else:
            visible.append(line)
    return solution, visible


@cache
def secrets(chapter: str) -> dict[str, tuple[str, ...]]:
    """Text that must never reach a student: solution lines and the lines of hidden tests.

    Hidden tests count both as written in the master and as otter stores them
    (``ast.unparse`` of the test function). Hidden-test lines that also appear
    where students are meant to look (question text, public tests, imports) are
    not secrets.
    """
    info = master(chapter)
    public = [info["visible"]]
    for question in info["questions"].values():
        for test in question["public"]:
            public += _test_forms(test)
    public_lines = {_squash(line) for text in public for line in text.splitlines()}
    solution, hidden = [], []
    for question in info["questions"].values():
        solution += [line for line in question["solution"] if len(line) >= MIN_SECRET_LENGTH]
        for test in question["hidden"]:
            for form in _test_forms(test):
                for line in form.splitlines():
                    squashed = _squash(line)
                    if (len(squashed) >= MIN_SECRET_LENGTH and squashed not in public_lines
                            and not squashed.startswith(("import ", "from ", "#"))):
                        hidden.append(squashed)
    return {"solution": tuple(dict.fromkeys(solution)), "hidden test": tuple(dict.fromkeys(hidden))}


def _test_forms(source: str) -> list[str]:
    """A test cell as written and as otter writes it into the tests (its function, unparsed)."""
    return [source, ast.unparse(ast.parse(source).body[0])]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def leaks(text: str, chapter: str) -> list[str]:
    """Every secret of ``chapter`` found in ``text`` (whitespace-insensitive)."""
    haystack = _squash(text)
    return [f"{kind}: {line}" for kind, lines in secrets(chapter).items()
            for line in lines if _squash(line) in haystack]


@cache
def wrong_answers(chapter: str) -> dict:
    path = REPO / "exercises" / chapter / "wrong_answers.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


WRONG = [(chapter, question, index)
         for chapter in CHAPTERS
         for question, entries in (wrong_answers(chapter) or {}).items()
         for index in range(len(entries or []))]

# ---------------------------------------------------------------- one otter assign per chapter


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """``chapter -> otter assign result folder``, computed at most once per chapter."""
    results = {}

    def get(chapter: str) -> Path:
        if chapter not in results:
            results[chapter] = assign.run_otter_assign(chapter, tmp_path_factory.mktemp(f"assign-{chapter}"))
        return results[chapter]

    return get


def autograder_tests(result: Path) -> dict[str, ExceptionTestFile]:
    """The test files inside otter's autograder zip, by question."""
    (archive,) = (result / "autograder").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        return {Path(name).stem: ExceptionTestFile.from_string(zf.read(name).decode("utf-8"), path=name)
                for name in zf.namelist() if name.startswith("tests/") and name.endswith(".py")}


def reference_namespace(result: Path) -> dict:
    """Globals after running the autograder notebook (reference solutions) without otter's cells."""
    notebook = nbformat.read(result / "autograder" / assign.MASTER_NAME, as_version=4)
    env = {"__name__": "__main__"}
    for cell in notebook.cells:
        if cell.cell_type == "code" and "otter.Notebook" not in cell.source and "grader." not in cell.source:
            exec(compile(cell.source, "<reference solution>", "exec"), env)
    return env


@pytest.fixture(scope="module")
def reference(generated):
    cached = {}

    def get(chapter: str) -> dict:
        if chapter not in cached:
            cached[chapter] = reference_namespace(generated(chapter))
        return cached[chapter]

    return get


def outcome(test_file: ExceptionTestFile, env: dict) -> dict[str, list[str]]:
    """Run one question's tests on ``env``; the failure messages of its public and hidden cases."""
    test_file.run(dict(env))
    failed = {"public": [], "hidden": []}
    for result in test_file.test_case_results:
        if not result.passed:
            failed["hidden" if result.test_case.hidden else "public"].append(result.message)
    return failed


# ---------------------------------------------------------------- (a) the solutions pass


def test_there_are_masters():
    assert CHAPTERS, "no master exercises/<chapter>/problems.ipynb found"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_otter_assign_passes_the_reference_solutions(chapter, generated):
    result = generated(chapter)  # raises, with otter's log, if a solution fails a test
    tests = autograder_tests(result)
    questions = master(chapter)["questions"]
    assert sorted(tests) == sorted(questions), "the autograder must test every question of the master"
    for name, test_file in tests.items():
        kinds = {tc.hidden for tc in test_file.test_cases}
        assert kinds == {False, True}, f"{name}: needs at least one public and one hidden test"
        assert questions[name]["solution"], f"{name}: the master has no reference solution"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_reference_solutions_pass_the_autograder_tests_here(chapter, generated, reference):
    """The harness of (b) is sound: with the reference answers every case passes."""
    env = reference(chapter)
    for name, test_file in autograder_tests(generated(chapter)).items():
        failed = outcome(test_file, env)
        assert failed == {"public": [], "hidden": []}, f"{name}: {failed}"


# ---------------------------------------------------------------- (b) wrong answers fail


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_question_lists_a_wrong_answer(chapter):
    listed = wrong_answers(chapter) or {}
    questions = master(chapter)["questions"]
    assert set(listed) <= set(questions), f"wrong answers for unknown questions: {set(listed) - set(questions)}"
    for name in questions:
        assert listed.get(name), f"{chapter}/wrong_answers.yml lists no wrong answer for {name}"
        for entry in listed[name]:
            assert {"why", "code", "caught_by"} <= set(entry), f"{name}: each entry needs why, code, caught_by"
            assert entry["caught_by"] in ("public", "hidden"), entry


@pytest.mark.parametrize(("chapter", "question", "index"), WRONG,
                         ids=[f"{c}-{q}-{i}" for c, q, i in WRONG])
def test_wrong_answer_fails(chapter, question, index, generated, reference):
    entry = wrong_answers(chapter)[question][index]
    env = dict(reference(chapter))
    exec(compile(entry["code"], f"<wrong answer: {entry['why']}>", "exec"), env)
    failed = outcome(autograder_tests(generated(chapter))[question], env)
    label = f"{question}, wrong answer '{entry['why']}'"
    if entry["caught_by"] == "public":
        assert failed["public"], f"{label}: the public tests let it through"
    else:
        assert not failed["public"], f"{label}: expected only the hidden tests to catch it, " \
                                     f"but a public test fails too:\n{failed['public']}"
        assert failed["hidden"], f"{label}: the hidden tests let it through"


# ---------------------------------------------------------------- (c) the book holds the fresh output


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_committed_student_notebook_is_fresh(chapter, generated):
    fresh = assign.student_text(generated(chapter))
    committed = assign.student_path(chapter)
    assert committed.exists(), f"{committed.relative_to(REPO)} is missing: run `make exercises`"
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"{committed.relative_to(REPO)} differs from what otter assign makes of "
        f"exercises/{chapter}/{assign.MASTER_NAME}: run `make exercises` and commit the result"
    )


def test_normalisation_is_stable(generated):
    """Normalising twice changes nothing (so repeated runs give the same bytes)."""
    for chapter in CHAPTERS:
        once = assign.student_text(generated(chapter))
        assert assign.normalise(nbformat.reads(once, as_version=4)) == once


# ---------------------------------------------------------------- (d) nothing leaks


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_secret_detection_finds_the_solutions_in_the_autograder_notebook(chapter, generated):
    """The leak check can fail: the autograder notebook does hold the solutions."""
    text = (generated(chapter) / "autograder" / assign.MASTER_NAME).read_text(encoding="utf-8")
    found = leaks(json_strings(text), chapter)
    assert any(f.startswith("solution") for f in found)
    assert any(f.startswith("hidden test") for f in found)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_notebook_holds_no_solution_and_no_hidden_test(chapter):
    path = assign.student_path(chapter)
    text = path.read_text(encoding="utf-8")
    found = leaks(json_strings(text), chapter)
    assert not found, f"{path.relative_to(REPO)} leaks:\n" + "\n".join(found)
    notebook = nbformat.reads(text, as_version=4)
    embedded = notebook.metadata["otter"]["tests"]
    assert sorted(embedded) == sorted(master(chapter)["questions"]), "public tests missing from the metadata"
    for name, source in embedded.items():
        cases = ExceptionTestFile.from_string(source).test_cases
        assert cases and not any(tc.hidden for tc in cases), f"{name}: hidden test in the student notebook"
    assert not list(path.parent.glob("*.zip")) and not (path.parent / "tests").exists(), (
        "autograder output (zip or tests/ folder) next to the student notebook"
    )


def json_strings(text: str) -> str:
    """Every string inside a JSON document, one per line (cell sources, metadata, tests)."""
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                out.append(str(key))
                walk(value)
        elif isinstance(node, list):
            joined = all(isinstance(item, str) for item in node)
            if joined:
                out.append("".join(node))
            else:
                for item in node:
                    walk(item)

    walk(json.loads(text))
    return "\n".join(out)


def site_text(path: Path) -> str | None:
    """Readable text of one file of the built site, or None for binary files."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix in (".ipynb", ".json"):
        try:
            return json_strings(raw)
        except ValueError:
            return raw
    if path.suffix in (".html", ".htm", ".xml"):
        # Highlighted code is split into <span>s: drop the tags, then decode entities.
        return html.unescape(re.sub(r"<[^>]*>", "", raw))
    return raw


@pytest.mark.book
def test_built_site_holds_no_solution_and_no_hidden_test():
    site = Path(os.environ.get("BOOK_HTML", REPO / "_build" / "html"))
    if not (site / "index.html").is_file():
        pytest.skip(f"no built book in {site} (`make book` builds it; `make test` does so first)")
    found, scanned = [], 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.stat().st_size > 50_000_000:
            continue
        text = site_text(path)
        if text is None:
            continue
        scanned += 1
        for chapter in CHAPTERS:
            found += [f"{path.relative_to(site)}: {leak}" for leak in leaks(text, chapter)]
    assert scanned, f"nothing readable in {site}"
    assert not found, "the built site leaks exercise secrets:\n" + "\n".join(found)
