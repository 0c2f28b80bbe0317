"""Run commands as named phases, time each, and print a summary at the end.

    python3 tools/phases.py "name=shell command" ["name=shell command" ...]

Each phase runs in bash (``set -euo pipefail``) after the previous one, even
when an earlier phase failed (so one run reports every failure), except after
a failed phase whose name ends in ``!`` (``"environment!=make setup"``): then
the run stops there. A phase whose name ends in ``&`` (``"binder env&=..."``)
starts at once in the background, beside the phases that follow; its output
goes to a temporary file, printed at the end if it failed, and the run waits
for it before the summary. The exit status is that of the first failed phase
(in the order given), 0 if all passed. The summary gives
each phase's wall time and the CPU time (user + system) of its processes and all their
descendants (kernels, pytest workers, Chromium), which depends much less than wall time on what
else the machine is doing, and how busy the whole machine's cores were during it (from /proc/stat,
so by anything running). ``make test`` uses it.

A process's CPU time reaches its parent's children's times only when the parent reaps it, and
Chromium's processes are orphaned on the way (their parents exit first): on Linux the timer
therefore makes itself their "child subreaper" (prctl), so orphans are reparented to it instead of
to init, and it reaps them at the end of each phase. Elsewhere the CPU column leaves them out, as
the summary then says. Standard library only: it also times the phase that creates .venv.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def _become_subreaper() -> bool:
    """Have orphaned descendants reparented to this process (Linux); True if that took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(keep: set[int]) -> None:
    """Reap the exited processes that were reparented here (adding their CPU time to this process's
    children's times), leaving alone the processes in ``keep`` (the background phases, waited for
    themselves) and those still running."""
    me = str(os.getpid())
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) in keep:
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()  # after "pid (command)": state, ppid, ...
        except (OSError, IndexError):
            continue
        if fields[1] == me and fields[0] == "Z":
            try:
                os.waitpid(int(entry.name), os.WNOHANG)
            except ChildProcessError:
                pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _machine_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat; None where it is missing."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def _busy_share(before, after) -> str:
    """The cores' busy share between two readings of :func:`_machine_ticks`, as text."""
    if before is None or after is None or after[1] <= before[1]:
        return "n/a"
    return f"{100 * (after[0] - before[0]) / (after[1] - before[1]):.0f} %"


def _fmt(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:4.1f} s" if minutes else f"{rest:.1f} s"


def _note_end(job) -> None:
    """Note when a background phase ends, without reaping it (its CPU time must not count in a phase
    that runs meanwhile: reaping adds it to this process's children's times)."""
    os.waitid(os.P_PID, job["process"].pid, os.WEXITED | os.WNOWAIT)
    job["end"] = time.perf_counter() - job["t0"]


def _wait_background(job) -> tuple[float, float, int]:
    """Wait for a background phase; its wall time, CPU time (it and its children) and exit status."""
    _pid, status, usage = os.wait4(job["process"].pid, 0)
    job["process"].returncode = os.waitstatus_to_exitcode(status)
    wall = job["end"] if job.get("end") is not None else time.perf_counter() - job["t0"]
    return wall, usage.ru_utime + usage.ru_stime, job["process"].returncode


def main(argv: list[str]) -> int:
    phases = []
    for spec in argv:
        name, sep, command = spec.partition("=")
        if not sep or not name.strip():
            print(f"phases.py: expected name=command, got {spec!r}", file=sys.stderr)
            return 2
        name = name.strip()
        phases.append((name.rstrip("!&"), command, name.endswith("!"), name.endswith("&")))
    results = []  # (name, wall, cpu, code) in the order given
    background = {}
    all_descendants = _become_subreaper()
    start = time.perf_counter()
    for name, command, required, in_background in phases:
        if in_background:
            log = tempfile.TemporaryFile(mode="w+")
            print(f"\n== {name} (in the background): {command}", flush=True)
            process = subprocess.Popen(["bash", "-euo", "pipefail", "-c", command], env=os.environ,
                                       stdout=log, stderr=subprocess.STDOUT)
            job = {"process": process, "log": log, "t0": time.perf_counter(), "end": None}
            threading.Thread(target=_note_end, args=(job,), daemon=True).start()
            background[name] = job
            results.append([name, 0.0, 0.0, None, "n/a"])
            continue
        print(f"\n== {name}: {command}", flush=True)
        t0, c0, ticks = time.perf_counter(), _children_cpu(), _machine_ticks()
        code = subprocess.call(["bash", "-euo", "pipefail", "-c", command], env=os.environ)
        wall = time.perf_counter() - t0
        if all_descendants:
            _reap_orphans({job["process"].pid for job in background.values()})
        cpu = _children_cpu() - c0
        results.append([name, wall, cpu, code, _busy_share(ticks, _machine_ticks())])
        if code and required:
            print(f"\n== {name} failed: the remaining phases are not run", flush=True)
            break
    for name, job in background.items():
        wall, cpu, code = _wait_background(job)
        row = next(r for r in results if r[0] == name)
        row[1:4] = [wall, cpu, code]
        job["log"].seek(0)
        text = job["log"].read()
        if code:
            print(f"\n== {name} (background) FAILED (exit {code}):\n{text[-6000:]}", flush=True)
        else:
            last = text.strip().splitlines()[-1:] or [""]
            print(f"\n== {name} (background) ok: {last[0]}", flush=True)
    total = time.perf_counter() - start
    status = next((code for _name, _wall, _cpu, code, _busy in results if code), 0)
    width = max([len("total")] + [len(name) for name, *_ in results])
    load = os.getloadavg()
    whose = "and all their descendants" if all_descendants else "and their waited-for children (not Chromium's)"
    print(f"\n== time per phase (wall; CPU = user + system of the phase's processes {whose}; busy = share of "
          f"the machine's {os.cpu_count()} cores in use meanwhile, by anything)")
    for name, wall, cpu, code, busy in results:
        outcome = "ok" if code == 0 else f"FAILED (exit {code})"
        where = " (in the background)" if name in background else ""
        share = " " * 11 if name in background else f"busy {busy:>5}"
        print(f"  {name:<{width}}  {_fmt(wall):>12}  CPU {_fmt(cpu):>12}  {share}  {outcome}{where}")
    print(f"  {'total':<{width}}  {_fmt(total):>12}  CPU {_fmt(sum(r[2] for r in results)):>12}")
    print(f"  load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
