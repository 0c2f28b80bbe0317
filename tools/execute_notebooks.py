"""Run the book's notebooks in parallel into a jupyter-cache folder.

    .venv/bin/python tools/execute_notebooks.py --cache _build/.jupyter_cache [--jobs 2]

``make book`` runs this before ``jupyter-book build`` (with ``BOOK_NB_CACHE``
set, see tools/book_execution.py), so the notebooks run side by side on every
core instead of one after another inside the build. Each notebook runs exactly
as myst-nb's cache mode would run it (jupyter-cache's ``single_nb_execution``
in the notebook's folder, with the timeout and error policy of ``_config.yml``)
and only notebooks that run without error are recorded (with the values of
their ``{eval}`` names, tools/inline_eval.py): the build runs any
other one again itself and reports its error as usual. The folder is emptied
first, so it only ever holds executions of the current code.

Which notebooks: the ``.ipynb`` files of ``_toc.yml`` minus the
``execute.exclude_patterns`` of ``_config.yml``; nothing when
``execute_notebooks`` is ``off``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import sys
import time
from pathlib import Path, PurePosixPath

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import toc_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def book_notebooks(repo: Path = REPO) -> tuple[list[Path], dict]:
    """The notebooks the book build executes, and the ``execute`` settings of _config.yml."""
    config = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8"))
    execute = config.get("execute", {}) or {}
    if execute.get("execute_notebooks", "auto") == "off":
        return [], execute
    excluded = execute.get("exclude_patterns", []) or []
    notebooks = []
    for name in toc_files(repo / "_toc.yml"):
        path = repo / (name if name.endswith(".ipynb") else f"{name}.ipynb")
        if not path.is_file():
            continue
        # As myst-nb matches them: PurePosixPath.match on the notebook's path.
        if any(PurePosixPath(path.as_posix()).match(pattern) for pattern in excluded):
            continue
        notebooks.append(path)
    return notebooks, execute


def _execute(path: str, timeout: int, allow_errors: bool):
    import inline_eval  # tools/: records the {eval} values as the book build's executor does
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    inline_eval.install()

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors, meta_override=True
    )
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return nb, result.time, error


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, required=True, help="jupyter-cache folder (emptied first)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run at once")
    args = parser.parse_args(argv)

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    notebooks, execute = book_notebooks()
    shutil.rmtree(args.cache, ignore_errors=True)
    cache = get_cache(str(args.cache.resolve()))
    timeout = execute.get("timeout", 30)
    allow_errors = bool(execute.get("allow_errors", False))
    start = time.perf_counter()
    failed = []
    # Longest first would be better; the table of contents order is close enough
    # with notebooks of similar length.
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        futures = {pool.submit(_execute, str(p), timeout, allow_errors): p for p in notebooks}
        for future in concurrent.futures.as_completed(futures):
            path = futures[future]
            relative = path.relative_to(REPO)
            try:
                nb, seconds, error = future.result()
            except Exception as exc:  # the worker itself failed
                nb, seconds, error = None, 0.0, f"{type(exc).__name__}: {exc}"
            if error:
                failed.append(relative)
                print(f"{relative}: failed ({error.splitlines()[0][:200]}); the build will run it again", flush=True)
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            print(f"{relative}: executed in {seconds:.1f} s", flush=True)
    print(
        f"executed {len(notebooks) - len(failed)} of {len(notebooks)} notebooks in "
        f"{time.perf_counter() - start:.1f} s with {args.jobs} at a time into {args.cache}",
        flush=True,
    )
    return 0  # failures are reported by the build, which runs those notebooks itself


if __name__ == "__main__":
    sys.exit(main())
