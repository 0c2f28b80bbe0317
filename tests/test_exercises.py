"""The graded problem sets: masters and keys in exercises/, student notebooks in book/.

For every question of every problem set this proves, through the autograder that
``exercises/assign.py`` generates (``reference.json`` + ``grading.py``):

(a) the reference solutions score full marks (``assign.generate`` stops otherwise), and
    otter's public tests, which carry no points, pass them;
(b) every wrong answer scores less than full: the ones listed in
    ``exercises/<chapter>/wrong_answers.yml`` (the slips students make) and generic ones
    made from the reference (units x1000 and /1000, factor 2, sign, NumPy array, string,
    None, NaN, a float subclass that lies about subtraction); an entry marked
    ``caught_by: public`` must also fail the public test, so the student sees a hint;
(c) every right answer computed another way scores full marks and passes the public
    tests (which so are never stricter than the grade): ``right_answers.yml`` (another
    step, textbook constants, another formula) and generic ones (rounded to the stated
    precision, NumPy scalars, list/tuple/array);
(d) a private variant's autograder grades the published solutions wrong on every
    question and the variant's solutions right;
(e) through the documented grading path (``exercises/grade.py``: the notebook runs in its
    own kernel, the answers are checked in this process), the reference solutions of
    one problem set (``SOLUTIONS_THROUGH_GRADE_PY``) score full marks and a submission
    that switches off otter's tests (the ``call_func`` cheat) and answers with lying
    floats scores 0 in every set;
(f) the committed student notebook is what ``assign.py`` makes, and no solution line
    reaches a student notebook or the built site.

Most checks are direct calls of the grading functions (no kernel), so hundreds of
answers cost seconds. Kernels: per chapter one ``grade.py`` run of the cheat; in one chapter
(``SOLUTIONS_THROUGH_GRADE_PY``) also otter assign's own test run of the solutions notebook, as
``make exercises`` runs it, and the solutions through ``grade.py``. Elsewhere ``otter assign``
runs with ``--no-run-tests``: the solutions run in this process, where (a) grades them and runs
the public tests on them.
"""

from __future__ import annotations

import html
import importlib.util
import inspect
import json
import math
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from otter.test_files.exception_test import ExceptionTestFile

REPO = Path(__file__).resolve().parents[1]
VARIANT_SEED = 2718


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


assign = _load("exercises_assign", REPO / "exercises" / "assign.py")
CHAPTERS = assign.chapters()


class LyingFloat(float):
    """A number that says it equals anything it is compared with by subtraction."""

    def __sub__(self, other):
        return 0.0

    def __rsub__(self, other):
        return 0.0

    def __abs__(self):
        return 0.0


# ---------------------------------------------------------------- generating, once per chapter


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """``chapter -> assign.generate(...)`` plus the autograder as written to disk and read back."""
    made = {}

    def get(chapter: str) -> dict:
        if chapter not in made:
            work = tmp_path_factory.mktemp(f"assign-{chapter}")
            # otter's own kernel run of the solutions against the public tests, as `make exercises`
            # does, in one set; (a) checks every set's solutions against its public tests in process.
            out = assign.generate(chapter, work, run_tests=chapter == SOLUTIONS_THROUGH_GRADE_PY)
            folder = work / "autograder"
            assign.write_autograder(out["autograder"], folder)
            out["folder"] = folder
            out["grading"] = _load(f"grading_{chapter}", folder / "grading.py")
            out["written"] = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
            out["public"] = public_tests(assign.student_text(out["result"], chapter))
            made[chapter] = out
        return made[chapter]

    return get


def public_tests(student_text: str) -> dict[str, ExceptionTestFile]:
    notebook = nbformat.reads(student_text, as_version=4)
    return {name: ExceptionTestFile.from_string(source, path=name)
            for name, source in notebook.metadata["otter"]["tests"].items()}


def grade_env(made: dict, question: str, env: dict) -> dict:
    """Grade one question with the answers in ``env``, as the autograder on disk does."""
    grading = made["grading"]
    autograder = made["written"]
    names = autograder["questions"][question]["answers"]
    records = json.loads(json.dumps({n: grading.encode(env.get(n, ...)) for n in names}))
    return grading.grade_question(autograder["questions"][question], records)


def public_passes(made: dict, question: str, env: dict) -> tuple[bool, list[str]]:
    test_file = made["public"][question]
    test_file.run(dict(env))
    failed = [r.message for r in test_file.test_case_results if not r.passed]
    return not failed, failed


# ---------------------------------------------------------------- the listed answers


@cache
def listed(chapter: str, kind: str) -> dict:
    path = REPO / "exercises" / chapter / f"{kind}_answers.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}


@cache
def questions(chapter: str) -> dict:
    return assign.load_key(chapter).QUESTIONS


def run_snippet(made: dict, code: str, label: str) -> dict:
    env = dict(made["solutions"])
    exec(compile(code, f"<{label}>", "exec"), env)
    return env


# ---------------------------------------------------------------- generic answers


def generic_wrong(made: dict, question: str) -> list[tuple[str, dict]]:
    """(label, namespace) pairs, each with one answer of the question made wrong."""
    out = []
    base = made["solutions"]
    for name, spec in made["written"]["questions"][question]["answers"].items():
        value = base[name]
        variants = {"None": None, "unanswered": ...}
        if spec["check"] != "choice":
            variants["string"] = str(value)
        if spec["check"] == "number":
            ref = spec["reference"]
            size = max(abs(ref[0]), abs(ref[1]))
            variants |= {"NaN": math.nan, "array": np.full(3, value), "one-element array": np.array([value]),
                         "lying float": LyingFloat(value + 1000.0 + 10 * size),
                         "x1000 (units)": value * 1000.0, "/1000 (units)": value / 1000.0,
                         "x2 (factor)": value * 2.0}
            if size > spec.get("abs", 0.0) * 3:
                variants["sign"] = -value
            if spec.get("abs", 0.0) > 0.0 and spec.get("rel", 0.0) == 0.0:
                variants["off by 5x the tolerance"] = value + 5 * spec["abs"]
        elif spec["check"] == "numbers":
            variants |= {"reversed": list(value)[::-1], "one too many": list(value) + [value[0]],
                         "x1000 (units)": [v * 1000.0 for v in value],
                         "lying floats": [LyingFloat(v + 1000.0) for v in value], "NaN": [math.nan] * len(value)}
        elif spec["check"] == "flags":
            variants |= {"inverted": [not v for v in value], "strings": [str(v) for v in value],
                         "numbers": [float(v) for v in value], "one short": list(value)[:-1]}
        elif spec["check"] == "choice":
            variants |= {"other word": "sideways", "boolean": True}
        for label, wrong in variants.items():
            env = dict(base)
            env[name] = wrong
            out.append((f"{name}: {label}", env))
    return out


def generic_right(made: dict, question: str) -> list[tuple[str, dict]]:
    """(label, namespace) pairs with every answer right but written another way."""
    base = made["solutions"]
    answers = made["written"]["questions"][question]["answers"]
    forms = {"NumPy scalars": {}, "rounded to the stated precision": {}, "other containers": {}}
    for name, spec in answers.items():
        value = base[name]
        if spec["check"] == "number":
            forms["NumPy scalars"][name] = np.float64(value)
            if spec.get("rel", 0.0) >= 0.01:
                forms["rounded to the stated precision"][name] = float(f"{value:.3g}")
            elif spec.get("abs", 0.0) >= 0.03:
                forms["rounded to the stated precision"][name] = round(value, 2)
            forms["other containers"][name] = np.float32(value) if spec.get("rel", 0) >= 0.01 else value
        elif spec["check"] == "numbers":
            forms["NumPy scalars"][name] = np.array(value, dtype=float)
            forms["rounded to the stated precision"][name] = list(value)
            forms["other containers"][name] = tuple(float(v) for v in value)
        elif spec["check"] == "flags":
            forms["NumPy scalars"][name] = np.array(value, dtype=bool)
            forms["rounded to the stated precision"][name] = tuple(value)
            forms["other containers"][name] = [np.bool_(v) for v in value]
        elif spec["check"] == "choice":
            forms["NumPy scalars"][name] = np.str_(value).item()
            forms["rounded to the stated precision"][name] = f" {str(value).upper()} "
            forms["other containers"][name] = str(value).capitalize()
    out = []
    for label, changes in forms.items():
        if changes:
            env = dict(base)
            env.update(changes)
            out.append((label, env))
    return out


# ---------------------------------------------------------------- (a) the solutions


def test_there_are_masters():
    assert CHAPTERS, "no master exercises/<chapter>/problems.ipynb found"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_grade_full_and_pass_the_public_tests(chapter, generated):
    made = generated(chapter)
    assert set(made["written"]["questions"]) == set(questions(chapter))
    assert set(made["public"]) == set(questions(chapter)), "every question needs its public test"
    for question in questions(chapter):
        result = grade_env(made, question, made["solutions"])
        assert result["score"] == result["points"] > 0, f"{question}: {result}"
        ok, failed = public_passes(made, question, made["solutions"])
        assert ok, f"{question}: the public test fails the reference solution: {failed}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_public_tests_carry_no_points(chapter, generated):
    notebook = nbformat.reads(assign.student_text(generated(chapter)["result"], chapter), as_version=4)
    for name, source in notebook.metadata["otter"]["tests"].items():
        assert re.search(r"^points = 0$", source, re.MULTILINE), f"{name}: the public test carries points"
        cases = ExceptionTestFile.from_string(source, path=name).test_cases
        assert cases and not any(tc.hidden for tc in cases), f"{name}: a hidden test in the student notebook"


# ---------------------------------------------------------------- (b) wrong answers


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_wrong_answers_grade_wrong(chapter, generated):
    made = generated(chapter)
    wrong = listed(chapter, "wrong")
    assert set(wrong) <= set(questions(chapter)), f"unknown questions: {set(wrong) - set(questions(chapter))}"
    problems, counts = [], {}
    for question in questions(chapter):
        entries = wrong.get(question) or []
        assert len(entries) >= 3, f"{chapter}/wrong_answers.yml: {question} needs at least 3 listed slips"
        cases = [(f"listed: {e['why']}", run_snippet(made, e["code"], e["why"]), e) for e in entries]
        cases += [(f"generic: {label}", env, None) for label, env in generic_wrong(made, question)]
        counts[question] = len(cases)
        for label, env, entry in cases:
            result = grade_env(made, question, env)
            if result["score"] >= result["points"]:
                problems.append(f"{question}, {label}: graded right")
            if entry is not None and entry.get("caught_by") == "public":
                ok, _ = public_passes(made, question, env)
                if ok:
                    problems.append(f"{question}, {label}: the public test gives no hint")
    assert not problems, "\n".join(problems)
    assert all(n >= 8 for n in counts.values()), counts


# ---------------------------------------------------------------- (c) right answers


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_right_answers_grade_right(chapter, generated):
    made = generated(chapter)
    right = listed(chapter, "right")
    assert set(right) <= set(questions(chapter)), f"unknown questions: {set(right) - set(questions(chapter))}"
    problems, counts = [], {}
    for question in questions(chapter):
        entries = right.get(question) or []
        assert len(entries) >= 2, f"{chapter}/right_answers.yml: {question} needs 2 answers computed another way"
        cases = [(f"listed: {e['why']}", run_snippet(made, e["code"], e["why"])) for e in entries]
        cases += [(f"generic: {label}", env) for label, env in generic_right(made, question)]
        counts[question] = len(cases)
        for label, env in cases:
            result = grade_env(made, question, env)
            if result["score"] < result["points"]:
                problems.append(f"{question}, {label}: graded wrong: {result['wrong']}")
            ok, failed = public_passes(made, question, env)
            if not ok:
                problems.append(f"{question}, {label}: the public test is stricter than the grade: {failed}")
    assert not problems, "\n".join(problems)
    assert all(n >= 4 for n in counts.values()), counts


# ---------------------------------------------------------------- (d) variants


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_variant_grades_the_published_solutions_wrong(chapter, generated):
    made = generated(chapter)
    params = assign.parameters(chapter, VARIANT_SEED)
    autograder = json.loads(json.dumps(assign.build_autograder(chapter, params, VARIANT_SEED)))
    grading = made["grading"]
    variant_solutions = assign.solution_namespace(assign.rendered_master(chapter, params))
    published = grading.grade(autograder, assign.encoded_answers(made["solutions"], autograder))
    own = grading.grade(autograder, assign.encoded_answers(variant_solutions, autograder))
    for question in questions(chapter):
        assert published[question]["score"] < published[question]["points"], (
            f"{question}: the published solution passes variant {VARIANT_SEED}: change a number of this question"
        )
        assert own[question]["score"] == own[question]["points"], f"{question}: {own[question]}"


# ---------------------------------------------------------------- (e) the documented grading path


def run_grader(autograder: Path, notebooks: list[Path], out: Path) -> dict:
    proc = subprocess.run([sys.executable, str(REPO / "exercises" / "grade.py"), "grade", str(autograder),
                           *map(str, notebooks), "-o", str(out)],
                          capture_output=True, text=True, timeout=900, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {nb.stem: json.loads((out / f"{nb.stem}.json").read_text(encoding="utf-8")) for nb in notebooks}


# The submission's last cell: switch off otter's tests, answer every question with this file's LyingFloat.
CHEAT = ('''
import otter.test_files.exception_test
otter.test_files.exception_test.test_case.call_func = lambda self, env: None


''' + inspect.getsource(LyingFloat).replace("{", "{{").replace("}", "}}") + '''

for _name in {names!r}:
    globals()[_name] = LyingFloat(1.0)
''')


# The problem set whose reference solutions run in kernels: otter assign's own test run and grade.py. In the
# other sets otter assign runs with --no-run-tests and the solutions run in this process, graded by (a).
SOLUTIONS_THROUGH_GRADE_PY = "first_look"


def test_the_solutions_through_grade_py_are_a_problem_set():
    assert SOLUTIONS_THROUGH_GRADE_PY in CHAPTERS, f"no problem set {SOLUTIONS_THROUGH_GRADE_PY!r}: pick another"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_cheats_score_zero_through_grade_py(chapter, generated, tmp_path):
    """The cheat in every set; in SOLUTIONS_THROUGH_GRADE_PY's set, the solutions under a new name too."""
    made = generated(chapter)
    notebook = nbformat.reads(assign.student_text(made["result"], chapter), as_version=4)
    names = made["grading"].answer_names(made["written"])
    notebook.cells.append(nbformat.v4.new_code_cell(CHEAT.format(names=names)))
    notebook.cells.append(nbformat.v4.new_code_cell("grader.check_all()"))
    cheat = tmp_path / f"cheat_{chapter}.ipynb"
    nbformat.write(notebook, cheat)
    submissions = [cheat]
    # The solutions under a name a student might give them: grading must not depend on the file name.
    solution = tmp_path / f"renamed copy of the {chapter} solutions.ipynb"
    if chapter == SOLUTIONS_THROUGH_GRADE_PY:
        solution.write_bytes((made["result"] / "autograder" / assign.student_name(chapter)).read_bytes())
        submissions.append(solution)
    results = run_grader(made["folder"], submissions, tmp_path / "grades")
    cheated = results[cheat.stem]
    assert all(q["score"] == 0 for q in cheated.values()), f"{chapter}: the cheat scores {cheated}"
    if chapter == SOLUTIONS_THROUGH_GRADE_PY:
        full = results[solution.stem]
        assert all(q["score"] == q["points"] for q in full.values()), full


# ---------------------------------------------------------------- (f) the book holds the fresh output, no leaks


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_committed_student_notebook_is_fresh(chapter, generated):
    fresh = assign.student_text(generated(chapter)["result"], chapter)
    committed = assign.student_path(chapter)
    assert committed.exists(), f"{committed.relative_to(REPO)} is missing: run `make exercises`"
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"{committed.relative_to(REPO)} differs from what exercises/assign.py makes of "
        f"exercises/{chapter}/{assign.MASTER_NAME}: run `make exercises` and commit the result"
    )
    stray = sorted(p.name for p in committed.parent.glob("*problems*.ipynb") if p != committed)
    assert not stray, f"old problem-set files beside {committed.name}: {stray}"


def test_problem_sets_have_distinct_names():
    names = [assign.student_name(c) for c in CHAPTERS]
    assert len(set(names)) == len(names)


SOLUTION_SUFFIX = re.compile(r"\s*#\s*SOLUTION(\s+NO\s+PROMPT)?\s*$")
MIN_SECRET_LENGTH = 12  # shorter lines (a closing bracket, `else:`) say nothing


@cache
def solution_lines(chapter: str) -> tuple[str, ...]:
    notebook = assign.rendered_master(chapter, assign.parameters(chapter))
    lines = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if SOLUTION_SUFFIX.search(line):
                text = SOLUTION_SUFFIX.sub("", line).strip()
                if len(text) >= MIN_SECRET_LENGTH and not text.endswith("= ..."):
                    lines.append(_squash(text))
    return tuple(dict.fromkeys(lines))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def leaks(text: str, chapter: str, squashed: bool = False) -> list[str]:
    """The solution lines of ``chapter`` found in ``text`` (``squashed``: already through ``_squash``)."""
    haystack = text if squashed else _squash(text)
    return [line for line in solution_lines(chapter) if line in haystack]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_leak_detection_finds_the_solutions_in_the_solutions_notebook(chapter, generated):
    text = (generated(chapter)["result"] / "autograder" / assign.student_name(chapter)).read_text(encoding="utf-8")
    assert leaks(json_strings(text), chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_notebook_holds_no_solution(chapter):
    path = assign.student_path(chapter)
    found = leaks(json_strings(path.read_text(encoding="utf-8")), chapter)
    assert not found, f"{path.relative_to(REPO)} leaks:\n" + "\n".join(found)
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
            if all(isinstance(item, str) for item in node):
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
        return html.unescape(re.sub(r"<[^>]*>", "", raw))
    return raw


@pytest.mark.book
def test_built_site_holds_no_solution():
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
        haystack = _squash(text)  # once per file, not once per chapter (the site holds megabytes of scripts)
        for chapter in CHAPTERS:
            found += [f"{path.relative_to(site)}: {leak}" for leak in leaks(haystack, chapter, squashed=True)]
    assert scanned, f"nothing readable in {site}"
    assert not found, "the built site leaks exercise solutions:\n" + "\n".join(found)


def test_encode_records_only_plain_values():
    """Subclasses of float or of NumPy scalars are recorded as 'other', never compared."""
    grading = _load("grading_core", REPO / "exercises" / "grading.py")

    class PosingScalar(np.float64):
        __module__ = "numpy"

        def __sub__(self, other):
            return 0.0

    for value in (LyingFloat(1.0), PosingScalar(1.0), object(), {1: 2}, 1 + 2j):
        assert grading.encode(value)["kind"] == "other", value
    for value, kind in ((1.5, "float"), (np.float32(1.5), "float"), (np.int64(2), "int"), (np.bool_(True), "bool"),
                        ("in", "str"), ((1.0, 2.0), "tuple"), (np.arange(3.0), "array"), (..., "missing")):
        assert grading.encode(value)["kind"] == kind, value
    spec = {"check": "number", "rel": 0.01, "abs": 0.0}
    assert grading.check(spec, [10.0, 10.0], grading.encode(10.04))[0]
    assert not grading.check(spec, [10.0, 10.0], grading.encode(10.2))[0]
    assert not grading.check(spec, [10.0, 10.0], grading.encode(True))[0]
    assert not grading.check(spec, [10.0, 10.0], json.loads(json.dumps(grading.encode(math.nan))))[0]
