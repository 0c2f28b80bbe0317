"""The tools that run the suite: the xdist scheduler (tools/balanced_xdist.py), the phase timer (tools/phases.py)
and the projection of the suite onto some chapters (benchmarks/book_subset.py)."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import balanced_xdist  # noqa: E402


def test_a_notebook_stays_whole_and_the_long_files_split_by_their_first_parameter():
    unit = balanced_xdist.unit_of
    assert unit("book/gating/gates.ipynb::Cell 3") == "book/gating/gates.ipynb"
    assert unit("tests/test_hh.py::test_rest[6.3]") == "tests/test_hh.py"  # not a split file
    chapter = "tests/test_exercises.py[gating]"
    assert unit("tests/test_exercises.py::test_public_tests_carry_no_points[gating]") == chapter
    assert unit("tests/test_exercises.py::test_there_are_masters") == "tests/test_exercises.py"
    # Every check of one page is one unit (the page is loaded once for all of them).
    page = "tests/browser/test_pages.py[book/first_look/spike]"
    wide = "tests/browser/test_pages.py::test_no_page_is_wider_than_the_screen[book/first_look/spike-phone]"
    assert unit(wide) == page
    for test in ("test_page_reads_offline", "test_figure_text_is_legible", "test_axe_finds_no_serious_violation",
                 "test_explorers_respond_without_a_kernel"):
        assert unit(f"tests/browser/test_pages.py::{test}[book/first_look/spike]") == page
    assert unit("tests/browser/test_pages.py::test_figure_text_measure") == "tests/browser/test_pages.py"
    for name in balanced_xdist.SPLIT_BY_PARAMETER:
        assert (REPO / name).is_file(), f"{name} is listed in SPLIT_BY_PARAMETER but does not exist"


def test_longest_units_go_first_and_new_ones_count_as_a_typical_unit_of_their_kind():
    units = {name: {"x": False} for name in ("a.ipynb", "b.ipynb", "c.ipynb", "new.ipynb", "t.py", "u.py", "new.py")}
    durations = {"a.ipynb": 30.0, "b.ipynb": 10.0, "c.ipynb": 5.0, "t.py": 20.0, "u.py": 2.0}
    order = balanced_xdist.order_units(units, durations)
    # The median notebook takes 10 s, the median test unit 20 s (the upper of two); ties go by name.
    assert order == ["a.ipynb", "new.py", "t.py", "b.ipynb", "new.ipynb", "c.ipynb", "u.py"], order
    sized = {"small.py": {"x": False}, "big.py": {str(i): False for i in range(5)}}
    assert balanced_xdist.order_units(sized, {}) == ["big.py", "small.py"]  # no record: by size


def test_phases_reports_a_failed_background_phase_and_times_it():
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "phases.py"),
         "slow&=sleep 1; echo built", "bad&=echo broken; exit 3", "first=sleep 0.3; echo one", "second=exit 4"],
        capture_output=True, text=True, timeout=60)
    out = proc.stdout
    assert proc.returncode == 3, out  # the first failure in the order given
    assert "broken" in out and "FAILED (exit 3) (in the background)" in out, out
    assert "FAILED (exit 4)" in out and "built" in out, out
    slow = next(line for line in out.splitlines() if line.strip().startswith("slow "))
    assert "ok (in the background)" in slow and float(slow.split()[1]) >= 1.0, slow
    first = next(line for line in out.splitlines() if line.strip().startswith("first "))
    assert re.search(r"busy +\d+ %", first), first  # the machine's busy share of a foreground phase


def test_phases_counts_the_cpu_time_of_orphaned_descendants(tmp_path):
    # A process whose parent exits before it (as Chromium's do when a browser test closes the browser)
    # burns 0.6 s of CPU; the phase then waits until it has exited (a zombie, or reaped by someone).
    burner = tmp_path / "burn.py"
    burner.write_text("import time\nwhile time.process_time() < 0.6:\n    pass\n")
    spawner = tmp_path / "spawn.py"
    spawner.write_text(f"import subprocess, sys\nprint(subprocess.Popen([sys.executable, {str(burner)!r}]).pid)\n")
    wait = ("pid=$(python3 " + str(spawner) + "); "
            "while [ -e /proc/$pid ] && ! grep -q ') Z ' /proc/$pid/stat; do sleep 0.05; done")
    proc = subprocess.run([sys.executable, str(REPO / "tools" / "phases.py"), f"orphan={wait}"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.strip().startswith("orphan "))
    cpu = float(row.split("CPU")[1].split()[0])
    assert cpu >= 0.55, row  # without the reparenting, only the shells' and spawner's few ms
    assert "and all their descendants" in proc.stdout, proc.stdout


def test_book_subset_gives_each_test_its_chapter():
    sys.path.insert(0, str(REPO / "benchmarks"))
    import book_subset  # noqa: PLC0415

    known = book_subset.chapters()
    by_explorer = book_subset.explorer_chapters(known)
    assert by_explorer["PairedPulseBench"] == "refractoriness"
    assert by_explorer["SpikeExplorer"] == "first_look+threshold"  # the prologue and current_balance
    of = functools.partial(book_subset.chapter_of, known=known, by_explorer=by_explorer)
    assert of("book/gating/gates.ipynb::Cell 3") == "gating"
    assert of("tests/test_exercises.py::test_wrong_answers_grade_wrong[threshold]") == "threshold"
    contract = "tests/test_explorers_contract.py::test_explorer_keeps_the_contract"
    assert of(f"{contract}[PairedPulseBench]") == "refractoriness"
    assert of("tests/test_contract.py::test_bad_keywords[PairedPulseBench-celsius]") == "refractoriness"
    assert of("tests/test_hh.py::test_rest") is None
    assert of("tests/test_hh.py::test_rest[NotAnExplorer]") is None
    assert book_subset.kept(None, ["gating"]) and book_subset.kept("first_look+threshold", ["threshold"])
    assert not book_subset.kept("refractoriness", ["gating", "first_look"])
