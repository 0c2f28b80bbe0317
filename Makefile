# The Action Potential, Interactively -- build and test.
#
#   make book       build the HTML book (every notebook executed) into _build/html
#   make test       run every notebook (nbval) and test, build the book, test it
#   make lab        open the book's notebooks in JupyterLab
#   make exercises  generate the student problem sets and autograders (VARIANT=<seed>: a private variant)
#   make lint       ruff on the Python code
#   make clean      remove build outputs and caches (keeps .venv)
#   make distclean  also remove .venv and tools/web/node_modules
#
# The first run creates .venv (python3 -m venv) and installs requirements*.txt with uv
# (requirements-bootstrap.txt); later runs reinstall only when a requirements file changed
# (stamp files in .venv).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HTML := _build/html
WEB := tools/web
# pytest workers for `make test` (notebooks run in their own kernels)
JOBS ?= 2
# pytest workers for the tests of the built book. Each drives its own Chromium, which does the work
# (axe-core, layout, MathJax), so the phase is CPU-bound: more workers than cores only add contention
# (4 workers: 241-265 s and 480-530 CPU-s; 2: 217-223 s and 430-444 CPU-s; benchmarks/README.md, session 8)
BOOK_JOBS ?= 2
# extra arguments, e.g. make test PYTEST_ARGS="-k spike -x"
PYTEST_ARGS ?=
# extra arguments for jupyter-book build, e.g. BOOK_ARGS= for an incremental build
BOOK_ARGS ?= --all
# jupyter-cache folder through which one execution of a notebook serves both
# nbval and the book build (tools/nbval_cache.py, tools/book_execution.py)
NB_CACHE := _build/.jupyter_cache

# Everything below runs the tools of .venv, also for subprocesses (kernels, npm).
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python's default, also where the machine sets PYTHONDONTWRITEBYTECODE (as the CI machine does): the
# bytecode of a module is written by the first process that imports it and read by every later one
# (kernels, workers, pytest's rewritten test modules). uv, unlike pip, compiles nothing at install, so
# without this every kernel and worker compiled numpy, scipy, matplotlib ... from source at each import
# (about 4 min of CPU in the suite). Lazily, only what is imported is compiled, once.
unexport PYTHONDONTWRITEBYTECODE
export MPLBACKEND := Agg
# Quiet the "frozen modules" warning of debugpy in every kernel start.
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# numba's own work queue for parallel batches (excitable serializes parallel launches, so it is
# thread-safe here): OpenMP's idle threads keep spinning after a batch and steal the second core
# from the other pytest worker. The package itself never changes this setting (hh.use_threading_layer).
export NUMBA_THREADING_LAYER ?= workqueue
# One OpenBLAS thread per process: the workers already fill the cores, and on a busy machine a second BLAS
# thread that has to wait for a core turns a small eigenvalue or solve into a long one (the initial-segment
# sweep, in a kernel beside another worker, took 28-40 s instead of 2 s).
export OPENBLAS_NUM_THREADS ?= 1

RUNTIME_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
WEB_STAMP := $(WEB)/node_modules/.installed.stamp

.PHONY: help setup setup-dev web book test unit notebooks lab exercises lint lock clean distclean

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------- environment

# .venv is a plain venv (it has pip); uv (pinned in requirements-bootstrap.txt) installs into it
# from its cache (~/.cache/uv), which also serves the Binder-style environment of the tests.
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): requirements-bootstrap.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-bootstrap.txt
	touch $@

$(RUNTIME_STAMP): requirements.txt constraints.txt pyproject.toml | $(UV)
	$(UV_INSTALL) -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt constraints.txt $(RUNTIME_STAMP)
	$(UV_INSTALL) -r requirements-dev.txt
	touch $@

# Browser scripts the built book serves itself (see tools/offline_widgets.py).
$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the offline widget scripts (apt-get install npm)"; exit 1; }
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	touch $@

setup: $(RUNTIME_STAMP) $(WEB_STAMP)
setup-dev: setup $(DEV_STAMP)
web: $(WEB_STAMP)

# ---------------------------------------------------------------- the book

# A full build (--all) first runs the notebooks $(JOBS) at a time into
# $(NB_CACHE) (tools/execute_notebooks.py), then builds from those runs; the
# build itself runs any notebook that failed there (and reports its error).
# An incremental build (BOOK_ARGS=) runs the notebooks it re-reads itself.
book: setup
	$(if $(findstring --all,$(BOOK_ARGS)),$(BIN)/python tools/execute_notebooks.py --cache $(NB_CACHE) --jobs $(JOBS))
	$(if $(findstring --all,$(BOOK_ARGS)),BOOK_NB_CACHE=$(NB_CACHE)) $(BIN)/jupyter-book build -W -n --keep-going $(BOOK_ARGS) .
	@echo
	@echo "The book: $(CURDIR)/$(HTML)/index.html"

# ---------------------------------------------------------------- tests

# Every notebook runs once and serves both nbval and the book:
#  1. pytest: every notebook under book/ by nbval (lax: errors fail, outputs
#     are not compared) beside every test that does not need the built book;
#     each notebook nbval runs without error is stored in $(NB_CACHE)
#     exactly as the book build would have run it (tools/nbval_cache.py);
#  2. the book, -W -n --keep-going --all, rendering those runs (it executes
#     only a notebook that has none: one that failed in 1);
#  3. pytest: the tests of the built book (marked book; browser tests of the site).
# Each phase runs even if an earlier one failed (not after a failed install);
# their times are printed at the end (tools/phases.py). Once .venv is ready, the Binder-style
# environment of tests/browser/test_lab.py is built in the background (once per requirements, by
# .venv's uv from its warm cache; tools/binder_env.py) when the browser tests will run, so phase 1
# does not wait for it.
# -p tools.warm_kernels: each worker forks nbval's kernels from one process that has imported numpy, scipy,
# numba, matplotlib, ipykernel and excitable once (1.8 s of CPU less per notebook: benchmarks/README.md);
# the kernel is otherwise the one a fresh process would be (tests/test_warm_kernels.py).
# -p tools.balanced_xdist: --dist loadfile keeps each notebook on one worker (its cells share one
# kernel), splits the longest test files by chapter or page and hands out the longest units first
# (pytest-xdist 3.8's loadgroup does not group under pytest 9.2).
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadfile -p tools.balanced_xdist -p no:cacheprovider
PYTEST_BOOK := $(BIN)/python -m pytest -n $(BOOK_JOBS) --dist loadfile -p tools.balanced_xdist -p no:cacheprovider
BINDER_IN_BACKGROUND := $(if $(LAB_PYTHON),,$(if $(CI)$(wildcard /usr/bin/chromium),yes))
test:
	@$(PYTHON) tools/phases.py \
		"environment!=$(MAKE) --no-print-directory setup-dev" \
		$(if $(BINDER_IN_BACKGROUND),"Binder-style environment&=$(PYTHON) tools/binder_env.py") \
		"notebooks (nbval) and tests=$(PYTEST) --nbval-lax --nbval-cell-timeout=600 -p tools.warm_kernels -p tools.nbval_cache --nb-cache=$(NB_CACHE) -m 'not book' tests book $(PYTEST_ARGS)" \
		"book build=BOOK_NB_CACHE=$(NB_CACHE) $(BIN)/jupyter-book build -W -n --keep-going --all ." \
		"tests of the built book=$(PYTEST_BOOK) -m book tests $(PYTEST_ARGS) || [ \$$? = 5 ]"

# Faster loops while writing: no book build.
unit: setup-dev
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -p tools.balanced_xdist tests -m "not browser and not book" $(PYTEST_ARGS)

notebooks: setup-dev
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -p tools.balanced_xdist -p tools.warm_kernels --nbval-lax --nbval-cell-timeout=600 book $(PYTEST_ARGS)

# ---------------------------------------------------------------- working on it

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/book" $(if $(filter 0,$(shell id -u)),--allow-root)

# A private variant for instructors: make exercises VARIANT=4711 (in exercises/<chapter>/dist/variant-4711/).
VARIANT ?=
exercises: setup
	$(BIN)/python exercises/assign.py $(if $(VARIANT),--variant $(VARIANT))

lint: setup-dev
	$(BIN)/ruff check lib tests tools exercises benchmarks book

# Rewrite constraints.txt from the current .venv (after changing requirements*.txt).
lock: setup-dev
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^#'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache .jupyter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +
	find book -name .OTTER_LOG -delete

distclean: clean
	rm -rf $(VENV) $(WEB)/node_modules
