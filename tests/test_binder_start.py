"""The repository's `start` script, which Binder (repo2docker) runs before the notebook server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START = REPO / "start"
SETTINGS = ("OPENBLAS_NUM_THREADS", "NUMBA_THREADING_LAYER")
SHOW = "import os, sys; print(' '.join(os.environ.get(k, '-') for k in sys.argv[1:]))"


def run_start(env: dict[str, str]) -> str:
    proc = subprocess.run([str(START), sys.executable, "-c", SHOW, *SETTINGS],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_start_sets_one_blas_thread_and_numbas_workqueue_then_runs_the_server_command():
    assert os.access(START, os.X_OK), "start must be executable (repo2docker runs it as a program)"
    bare = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    assert run_start(bare) == "1 workqueue"


def test_start_keeps_values_already_set_and_passes_the_exit_status():
    chosen = {**os.environ, "OPENBLAS_NUM_THREADS": "4", "NUMBA_THREADING_LAYER": "omp"}
    assert run_start(chosen) == "4 omp"
    failing = subprocess.run([str(START), sys.executable, "-c", "raise SystemExit(3)"], timeout=60)
    assert failing.returncode == 3
