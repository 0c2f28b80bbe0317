"""Run commands as named phases, time each, and print a summary at the end.

    python3 tools/phases.py "name=shell command" ["name=shell command" ...]

Each phase runs in bash (``set -euo pipefail``) after the previous one, even
when an earlier phase failed (so one run reports every failure), except after
a failed phase whose name ends in ``!`` (``"environment!=make setup"``): then
the run stops there. The exit status is that of the first failed phase, 0 if
all passed. The summary gives
each phase's wall time and the CPU time (user + system) of its processes and
their waited-for children (kernels, pytest workers), which depends much less
than wall time on what else the machine is doing. ``make test`` uses it.
Standard library only: it also times the phase that creates .venv.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _fmt(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:4.1f} s" if minutes else f"{rest:.1f} s"


def main(argv: list[str]) -> int:
    phases = []
    for spec in argv:
        name, sep, command = spec.partition("=")
        if not sep or not name.strip():
            print(f"phases.py: expected name=command, got {spec!r}", file=sys.stderr)
            return 2
        name = name.strip()
        phases.append((name.rstrip("!"), command, name.endswith("!")))
    results = []
    status = 0
    start = time.perf_counter()
    for name, command, required in phases:
        print(f"\n== {name}: {command}", flush=True)
        t0, c0 = time.perf_counter(), _children_cpu()
        code = subprocess.call(["bash", "-euo", "pipefail", "-c", command], env=os.environ)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
        results.append((name, wall, cpu, code))
        if code and not status:
            status = code
        if code and required:
            print(f"\n== {name} failed: the remaining phases are not run", flush=True)
            break
    total = time.perf_counter() - start
    width = max([len("total")] + [len(name) for name, *_ in results])
    load = os.getloadavg()
    print(f"\n== time per phase (wall; CPU = user + system of the phase's processes; {os.cpu_count()} cores)")
    for name, wall, cpu, code in results:
        outcome = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"  {name:<{width}}  {_fmt(wall):>12}  CPU {_fmt(cpu):>12}  {outcome}")
    print(f"  {'total':<{width}}  {_fmt(total):>12}  CPU {_fmt(sum(r[2] for r in results)):>12}")
    print(f"  load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
