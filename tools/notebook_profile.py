"""Where a notebook's execution time goes: kernel start, each cell, and CPU.

    .venv/bin/python tools/notebook_profile.py book/gating/gates.ipynb [...]

For each notebook: the wall time to start a kernel and get its first reply,
the wall time of every code cell (the three slowest are listed), the kernel's
own CPU time (user + system, read from /proc, so it does not depend on how
busy the machine is) and the client's wall time in all. Prints one line per
notebook and, with --json, a JSON list. Notebooks run in their own folder, as
the book build and nbval run them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (s)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS


def profile(path: Path, timeout: float = 600) -> dict:
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"))
    km.start_kernel(cwd=str(path.parent))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    started = time.perf_counter() - t0
    pid = km.provisioner.process.pid
    cpu_start = _cpu_seconds(pid)
    cells = []
    try:
        for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            t = time.perf_counter()
            c0 = _cpu_seconds(pid)
            reply = kc.execute_interactive(cell.source, timeout=timeout, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{path}: cell {index} failed: {reply['content'].get('ename')}")
            cells.append({
                "cell": index, "wall_s": time.perf_counter() - t, "cpu_s": _cpu_seconds(pid) - c0,
                "first_line": cell.source.splitlines()[0][:60] if cell.source else "",
            })
        cpu_total = _cpu_seconds(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "notebook": str(path), "kernel_start_wall_s": started, "kernel_start_cpu_s": cpu_start,
        "cells_wall_s": sum(c["wall_s"] for c in cells), "cells_cpu_s": cpu_total - cpu_start,
        "total_wall_s": time.perf_counter() - t0, "cells": cells,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = []
    for path in args.notebooks:
        r = profile(path.resolve())
        results.append(r)
        slow = sorted(r["cells"], key=lambda c: -c["cpu_s"])[:3]
        print(
            f"{path}: kernel start {r['kernel_start_wall_s']:.2f} s wall ({r['kernel_start_cpu_s']:.2f} s cpu), "
            f"cells {r['cells_wall_s']:.2f} s wall ({r['cells_cpu_s']:.2f} s cpu); slowest (cpu): "
            + ", ".join(f"#{c['cell']} {c['cpu_s']:.2f} s [{c['first_line']}]" for c in slow),
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
