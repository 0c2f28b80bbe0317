"""What `make test` would take with only some chapters of the book, from one measured run of the whole.

    make test PYTEST_ARGS="--durations=0" 2>&1 | tee test.log
    .venv/bin/python benchmarks/book_subset.py test.log --keep first_look electrochemistry gating appendix

Issue 8 set its time targets for the book as it was then (the prologue, chapters 1 and 3 and the
appendix: 20 executed notebooks); the book has since grown, and a book cut back to those chapters
cannot be built any more (later pages are cross-referenced from the earlier ones). This script
splits one measured run instead. Every test time that pytest's ``--durations=0`` prints (setup, call
and teardown) belongs to a chapter when its id names one -- a notebook ``book/<chapter>/...`` run by
nbval, a page ``book/<chapter>/...`` of the built book, a problem set ``[<chapter>]`` -- and to the
fixed cost of the suite otherwise (the package's tests, the tools' tests, the navigation tests, the
Binder environment); a test parametrized by an explorer class belongs to the chapters whose pages use
that explorer (a book without them would not have it). The package's tests of modules that only later
chapters use stay in the fixed cost, so the projection errs long. Each pytest phase's wall time is
then scaled by the share of its test time that the kept chapters and the fixed cost hold (same
workers, same parallel efficiency); the book build by the share of the notebooks kept; the
environment is unchanged. It prints the table for the whole book as measured and for the subset as
projected.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DURATION = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S+)")
PHASE = re.compile(r"^  (.+?)\s{2,}(?:(\d+) min )?\s*([\d.]+) s\s+CPU")
NOT_PYTEST = ("environment", "Binder-style environment", "book build", "total")


def chapters() -> list[str]:
    return sorted(p.name for p in (REPO / "book").iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


EXPLORER_PARAMETER = re.compile(r"\[([A-Z][A-Za-z]+)[\]-]")


def explorer_chapters(known: list[str]) -> dict[str, str]:
    """Explorer class -> the chapter(s) whose notebooks construct it ('a+b' when several)."""
    from excitable import explorers  # noqa: PLC0415 - only here: the script's other paths need no package

    users: dict[str, list[str]] = defaultdict(list)
    for chapter in known:
        text = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "book" / chapter).glob("*.ipynb")))
        for name in explorers.__all__:
            if re.search(rf"\b{name}\(", text):
                users[name].append(chapter)
    return {name: "+".join(chapters) for name, chapters in users.items()}


def chapter_of(nodeid: str, known: list[str], by_explorer: dict[str, str] | None = None) -> str | None:
    """The chapter a test's time belongs to, or None for the fixed cost.

    A test parametrized by an explorer class (``[PairedPulseBench]``) belongs to the chapter(s) whose
    pages use that explorer; a book without them would not have it."""
    for name in known:
        if f"book/{name}/" in nodeid or f"[{name}]" in nodeid or f"[{name}-" in nodeid:
            return name
    match = EXPLORER_PARAMETER.search(nodeid)
    if match and by_explorer and match.group(1) in by_explorer:
        return by_explorer[match.group(1)]
    return None


def kept(chapter: str | None, keep: list[str]) -> bool:
    """Whether a time of ``chapter`` (None: fixed; 'a+b': used by several chapters) stays in the subset."""
    return chapter is None or any(part in keep for part in chapter.split("+"))


def read_log(text: str) -> tuple[list[dict[str, float]], dict[str, float]]:
    """Per pytest phase, seconds per chapter (None = fixed); and the phase table's wall times."""
    known = chapters()
    by_explorer = explorer_chapters(known)
    blocks: list[dict] = []
    for line in text.splitlines():
        if "slowest durations" in line:
            blocks.append(defaultdict(float))
            continue
        match = DURATION.match(line)
        if match and blocks:
            blocks[-1][chapter_of(match.group(3), known, by_explorer)] += float(match.group(1))
    walls = {}
    table = text[text.rfind("== time per phase"):]
    for line in table.splitlines()[1:]:
        match = PHASE.match(line)
        if match:
            walls[match.group(1).strip()] = 60 * int(match.group(2) or 0) + float(match.group(3))
    return blocks, walls


def notebooks(names: list[str] | None = None) -> int:
    paths = [p for p in (REPO / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    return sum(1 for p in paths if names is None or p.relative_to(REPO / "book").parts[0] in names)


def pytest_phases(walls: dict[str, float]) -> list[str]:
    """The phases that ran pytest, in their order (each printed one --durations=0 block)."""
    return [name for name in walls if name not in NOT_PYTEST]


def project(blocks, walls, keep: list[str]) -> dict[str, tuple[float, float]]:
    """phase -> (measured wall, projected wall) in seconds."""
    rows = {}
    for name, block in zip(pytest_phases(walls), blocks, strict=False):
        total = sum(block.values())
        share = sum(seconds for chapter, seconds in block.items() if kept(chapter, keep))
        rows[name] = (walls.get(name, 0.0), walls.get(name, 0.0) * share / total if total else 0.0)
    build = walls.get("book build", 0.0)
    rows["book build"] = (build, build * notebooks(keep) / max(notebooks(), 1))
    environment = walls.get("environment", 0.0)
    rows["environment"] = (environment, environment)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", type=Path, help="output of make test PYTEST_ARGS=--durations=0")
    parser.add_argument("--keep", nargs="+", required=True, help="chapter folders under book/ to keep")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.keep) - set(chapters()))
    if unknown:
        parser.error(f"no such chapter folder under book/: {unknown} (there are {chapters()})")
    blocks, walls = read_log(args.log.read_text(encoding="utf-8", errors="replace"))
    if not walls or len(blocks) < len(pytest_phases(walls)):
        parser.error(f"{args.log} holds no phase table or fewer --durations=0 blocks than pytest phases")
    rows = project(blocks, walls, args.keep)
    print(f"notebooks: {notebooks()} in the book, {notebooks(args.keep)} in {', '.join(args.keep)}")
    for name, block in zip(pytest_phases(walls), blocks, strict=False):
        shares = ", ".join(f"{chapter or 'fixed'} {seconds:.0f} s" for chapter, seconds in
                           sorted(block.items(), key=lambda item: -item[1]))
        print(f"test time in '{name}': {shares}")
    print(f"\n{'phase':<30} {'measured':>9} {'projected':>9}")
    for name, (measured, projected) in rows.items():
        print(f"{name:<30} {measured:8.0f}s {projected:8.0f}s")
    print(f"{'total':<30} {sum(m for m, _ in rows.values()):8.0f}s {sum(p for _, p in rows.values()):8.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
