"""The Binder-style environment of tests/browser/test_lab.py: requirements.txt alone, cached.

Binder (repo2docker) installs the Python of ``runtime.txt`` and runs ``pip install -r
requirements.txt``, nothing else (at launch it runs the server through the repository's ``start``
script, as the JupyterLab test does). ``build()`` makes that in a virtual environment under
``~/.cache/excitable-book/binder-<hash>`` (``BINDER_ENV_CACHE`` moves it), keyed on the hash of
``requirements.txt``, ``constraints.txt``, ``runtime.txt``, ``pyproject.toml`` and the repository's
path (``-e .`` installs the package from it). The installer is uv's ``uv pip install -r
requirements.txt`` when uv is at hand (``.venv/bin/uv``, which ``make`` installs from
``requirements-bootstrap.txt``), else pip itself: ``constraints.txt`` pins every package exactly, so
both install the same packages, and uv does it in seconds from the cache it filled for ``.venv``
(pip takes 1-4 minutes). Later calls find the environment complete and return at once. One build at a
time (a file lock): ``make test`` starts it in the background once ``.venv`` is ready
(``python3 tools/binder_env.py``) and the test's fixture, which calls ``build()`` too, waits for it
instead of starting it when its turn comes; if that background build failed, the fixture builds
again and reports the failure itself. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locking import locked  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BINDER_FILES = ("requirements.txt", "constraints.txt", "runtime.txt", "pyproject.toml")
INSTALL_TIMEOUT_S = 1800


class BinderEnvError(RuntimeError):
    """The environment could not be built (the message says why)."""


def binder_key(repo: Path = REPO) -> str:
    digest = hashlib.sha256(str(repo.resolve()).encode())
    for name in BINDER_FILES:
        digest.update(name.encode() + b"\0" + (repo / name).read_bytes())
    return digest.hexdigest()[:16]


def runtime_python(repo: Path = REPO) -> str:
    """The interpreter runtime.txt asks for (``python-3.11`` -> ``python3.11``)."""
    match = re.fullmatch(r"python-(\d+\.\d+)(\.\d+)?", (repo / "runtime.txt").read_text().strip())
    if not match:
        raise BinderEnvError("runtime.txt should read python-X.Y")
    found = shutil.which(f"python{match.group(1)}")
    if not found:
        raise BinderEnvError(f"runtime.txt asks for Python {match.group(1)}, which is not installed here")
    return found


def installer(repo: Path = REPO) -> str | None:
    """The uv executable to install with: the project's (``.venv/bin/uv``), else one on PATH; None: use pip."""
    own = repo / ".venv" / "bin" / "uv"
    return str(own) if own.is_file() and os.access(own, os.X_OK) else shutil.which("uv")


def cache_folder() -> Path:
    return Path(os.environ.get("BINDER_ENV_CACHE", Path.home() / ".cache" / "excitable-book"))


def build(repo: Path = REPO) -> str:
    """The Python of the environment for ``repo``, built first if it is not complete; raises BinderEnvError."""
    cache = cache_folder()
    key = binder_key(repo)
    target = cache / f"binder-{key}"
    python = target / "bin" / "python"
    with locked(cache / f"binder-{key}.lock"):  # one build at a time (workers, make, other checkouts)
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            start = time.monotonic()
            env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
            subprocess.run([runtime_python(repo), "-m", "venv", str(target)], check=True, env=env)
            uv = installer(repo)
            command = ([uv, "pip", "install", "--quiet", "--python", str(python)] if uv else
                       [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
            what = f"{'uv pip' if uv else 'pip'} install -r requirements.txt"
            try:
                proc = subprocess.run(command + ["-r", "requirements.txt"], cwd=repo, env=env,
                                      capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S)
            except subprocess.TimeoutExpired as error:
                raise BinderEnvError(f"{what} took over {INSTALL_TIMEOUT_S} s") from error
            if proc.returncode != 0:
                raise BinderEnvError(f"{what} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
            (target / ".complete").write_text(f"built by {what} in {time.monotonic() - start:.0f} s\n")
    return str(python)


if __name__ == "__main__":
    started = time.monotonic()
    try:
        path = build()
    except (BinderEnvError, subprocess.CalledProcessError) as error:
        print(f"binder_env: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"binder_env: {path} ready after {time.monotonic() - started:.0f} s")
