"""pytest plugin: spread the suite over pytest-xdist workers so no worker finishes long after the other.

Load it with ``-p tools.balanced_xdist`` beside ``-n N --dist loadfile`` (``make test`` does). It
replaces xdist's file scheduler with one that

- keeps each notebook on one worker, as ``--dist loadfile`` does (nbval runs a notebook's cells in
  order in one kernel);
- splits the few long test files listed in ``SPLIT_BY_PARAMETER`` into one unit per first
  parameter (a chapter, a page), so their tests spread over the workers. Tests sharing that
  parameter stay together, so a module fixture that caches per parameter (``otter assign`` of a
  chapter, the one load of a page that all its browser checks read) still does its work once;
- hands out the longest units first (longest-processing-time-first scheduling), by the time each
  unit took in the last run on this machine (``_build/.test-durations.json``, written at the end of
  every session with this plugin), else by ``tests/unit_durations.json`` (committed: the times of
  one run of the whole suite, so a fresh clone starts well ordered), else by its number of tests.
  A late long unit is what leaves one worker alone at the end; ordered like this, the units
  left for the end are short.

``--dist loadgroup`` would do the grouping, but pytest-xdist 3.8 with pytest 9.2 did not keep a group
on one worker (benchmarks/README.md), hence this scheduler. Without ``-n`` the plugin does nothing.
``python tools/balanced_xdist.py [junit.xml ...]`` prints the units with their recorded times.
"""

from __future__ import annotations

import json
import os
import sys
from collections import OrderedDict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RECORD = REPO / "_build" / ".test-durations.json"
COMMITTED = REPO / "tests" / "unit_durations.json"

# Test files whose tests are split by their first parameter (the part of the id before the first
# "-"): a chapter of the problem sets, a page of the built book.
SPLIT_BY_PARAMETER = (
    "tests/test_exercises.py",
    "tests/browser/test_pages.py",
    "tests/test_static_explorer_pages.py",
)


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or file[first parameter] for the split files."""
    path, _, rest = nodeid.partition("::")
    if path in SPLIT_BY_PARAMETER and rest.endswith("]") and "[" in rest:
        parameter = rest[rest.index("[") + 1:-1].split("-")[0]
        return f"{path}[{parameter}]"
    return path


def recorded_durations() -> dict[str, float]:
    """Seconds per unit: the committed table, updated by this machine's last run."""
    durations: dict[str, float] = {}
    for source in (COMMITTED, RECORD):
        try:
            durations.update(json.loads(source.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return durations


def _kind(unit: str) -> str:
    return "notebook" if unit.endswith(".ipynb") else "tests"


def order_units(units: dict[str, dict], durations: dict[str, float]) -> list[str]:
    """Units longest first, by recorded seconds. A unit never timed (a new notebook or test file) counts
    as the median recorded unit of its kind (notebook or tests), so it is neither first nor last; with
    no record at all the units go by their number of tests."""
    typical = {}
    for kind in ("notebook", "tests"):
        known = sorted(durations[u] for u in units if u in durations and _kind(u) == kind)
        if known:
            typical[kind] = known[len(known) // 2]

    def cost(unit: str) -> float:
        if unit in durations:
            return durations[unit]
        return typical.get(_kind(unit), len(units[unit]) * 1e-3 if not typical else 0.0)

    return sorted(units, key=lambda unit: (-cost(unit), -len(units[unit]), unit))


def _scheduler_class():
    from xdist.scheduler import LoadScopeScheduling

    class BalancedScheduling(LoadScopeScheduling):
        """xdist's scope scheduler with ``unit_of`` as the scope and the longest units first."""

        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

        def schedule(self) -> None:
            first = self.collection is None
            if first and self.collection_is_completed and self._check_nodes_have_same_collection():
                # Build the queue here in our order; the base class then only hands it out.
                collection = list(next(iter(self.registered_collections.values())))
                units: dict[str, dict[str, bool]] = {}
                for nodeid in collection:
                    units.setdefault(unit_of(nodeid), {})[nodeid] = False
                self.workqueue = OrderedDict((u, units[u]) for u in order_units(units, recorded_durations()))
                self.collection = collection
                if not collection:
                    return
                extra = len(self.nodes) - len(self.workqueue)
                for _ in range(max(extra, 0)):
                    unused, _assigned = self.assigned_work.popitem()
                    unused.shutdown()
                for node in self.nodes:
                    self._assign_work_unit(node)
                for node in self.nodes:
                    self._reschedule(node)
                if not self.workqueue:
                    for node in self.nodes:
                        node.shutdown()
                return
            super().schedule()

    return BalancedScheduling


class _Timer:
    """Adds up each unit's test time in the controller and stores it at the end of the session."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.busy: dict[str, float] = {}

    def pytest_runtest_logreport(self, report):
        unit = unit_of(report.nodeid)
        self.seconds[unit] = self.seconds.get(unit, 0.0) + report.duration
        worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", "?")
        self.busy[worker] = self.busy.get(worker, 0.0) + report.duration

    def pytest_terminal_summary(self, terminalreporter):
        if not self.seconds:
            return
        write = terminalreporter.write_line
        write("")
        write("longest units of work (tools/balanced_xdist.py; all units in _build/.test-durations.json):")
        for unit, seconds in sorted(self.seconds.items(), key=lambda item: -item[1])[:8]:
            write(f"  {seconds:7.1f} s  {unit}")
        write("time in tests per worker: " + ", ".join(f"{w} {s:.0f} s" for w, s in sorted(self.busy.items())))

    def pytest_sessionfinish(self, session):
        if not self.seconds:
            return
        try:
            record = json.loads(RECORD.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        record.update({unit: round(seconds, 1) for unit, seconds in self.seconds.items()})
        try:
            RECORD.parent.mkdir(parents=True, exist_ok=True)
            tmp = RECORD.with_name(RECORD.name + f".{os.getpid()}")
            tmp.write_text(json.dumps(dict(sorted(record.items())), indent=0) + "\n", encoding="utf-8")
            tmp.replace(RECORD)
        except OSError:
            pass


def pytest_configure(config):
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist"):
        return
    if not getattr(config.option, "numprocesses", None):
        return
    config.pluginmanager.register(_Timer(), "balanced-xdist-timer")


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which would return its file scheduler
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    return _scheduler_class()(config, log)


def _from_junit(paths: list[str]) -> dict[str, float]:
    """Seconds per unit from pytest junit-xml files (``--junitxml``)."""
    import xml.etree.ElementTree as ET

    seconds: dict[str, float] = {}
    for path in paths:
        for case in ET.parse(path).iter("testcase"):
            classname, name = case.get("classname", ""), case.get("name", "")
            file = case.get("file") or classname.replace(".", "/") + ".py"
            unit = unit_of(f"{file}::{name}")
            seconds[unit] = seconds.get(unit, 0.0) + float(case.get("time", 0))
    return seconds


if __name__ == "__main__":
    table = _from_junit(sys.argv[1:]) if sys.argv[1:] else recorded_durations()
    for unit, seconds in sorted(table.items(), key=lambda item: -item[1]):
        print(f"{seconds:8.1f} s  {unit}")
    print(f"{sum(table.values()):8.1f} s  in all ({len(table)} units)")
