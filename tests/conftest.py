"""Shared pytest set-up for the whole suite (rootdir: the repository).

Unit-test files added anywhere under tests/ need nothing from here (there is
no __init__.py: pytest imports each test file by its folder, so test file
names must be unique across tests/ and its subfolders). These fixtures serve
the book-build and browser tests:

- ``repo_root``: the repository folder.
- ``toc_pages``: the docnames listed in ``_toc.yml``, in reading order.
- ``built_html``: ``_build/html``, built with ``jupyter-book build -W -n
  --keep-going .`` if it is missing (``make test`` builds it first). Set
  ``BOOK_HTML`` to test a book built elsewhere. Every test that uses it is
  marked ``book`` (added at collection), so ``-m "not book"`` runs the suite
  without a built book.

Tests marked ``browser`` are skipped, with the reason, when Debian's Chromium
(/usr/bin/chromium) or the Playwright package is missing on a developer's
machine. Under CI (``CI`` set), where ``.ci/run`` installs Chromium, they never
skip: a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import book_toc  # noqa: E402
from locking import locked  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config):
    # Registered in pyproject.toml too; repeated here so the markers exist even
    # when pytest is started with another configuration file.
    config.addinivalue_line("markers", "browser: drives headless Chromium (Debian's /usr/bin/chromium)")
    config.addinivalue_line("markers", "book: needs the built book in _build/html")


def _browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed ({CHROMIUM} missing; apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    # A test that needs the built book is a book test, whatever its file says:
    # ``make test`` runs the others (and nbval) before it builds the book
    # (``-m "not book"``) and these after (``-m book``).
    for item in items:
        if "built_html" in getattr(item, "fixturenames", ()) and "book" not in item.keywords:
            item.add_marker(pytest.mark.book)
    reason = _browser_unavailable()
    if reason is None or os.environ.get("CI"):
        return  # under CI a missing browser is a failure, reported by the fixture
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# ----------------------------------------------------------------- the book


def toc_docnames(toc_file: Path = REPO / "_toc.yml") -> list[str]:
    """Every page of _toc.yml, root first, without suffix (tools/book_toc.py)."""
    return book_toc.toc_docnames(toc_file)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    return toc_docnames()


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    return [sys.executable, "-m", "jupyter_book.cli.main"]


def build_book() -> Path:
    """Build the HTML book into _build/html as ``make book`` does; return that folder."""
    cmd = [*_jupyter_book(), "build", "-W", "-n", "--keep-going", "--all", str(REPO)]
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(
            f"jupyter-book build failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
        )
    return REPO / "_build" / "html"


@pytest.fixture(scope="session")
def built_html() -> Path:
    override = os.environ.get("BOOK_HTML")
    if override:
        html = Path(override)
        if not (html / "index.html").is_file():
            pytest.fail(f"BOOK_HTML={override} holds no built book (index.html missing)")
        return html
    html = REPO / "_build" / "html"
    with locked(REPO / "_build" / ".pytest-build.lock"):  # one worker builds, the others wait
        if not (html / "index.html").is_file():
            build_book()
    return html


def pytest_generate_tests(metafunc):
    """A test that takes ``toc_page`` runs once per page of _toc.yml."""
    if "toc_page" in metafunc.fixturenames:
        metafunc.parametrize("toc_page", toc_docnames())
