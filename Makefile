# The Action Potential, Interactively -- build and test.
#
#   make book       build the HTML book (every notebook executed) into _build/html
#   make test       build the book, then run the whole test suite
#   make lab        open the book's notebooks in JupyterLab
#   make exercises  generate the student problem sets and autograders (VARIANT=<seed>: a private variant)
#   make lint       ruff on the Python code
#   make clean      remove build outputs and caches (keeps .venv)
#   make distclean  also remove .venv and tools/web/node_modules
#
# The first run creates .venv (python3 -m venv) and installs requirements*.txt;
# later runs reinstall only when a requirements file changed (stamp files in .venv).

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
# extra arguments, e.g. make test PYTEST_ARGS="-k spike -x"
PYTEST_ARGS ?=
# extra arguments for jupyter-book build, e.g. BOOK_ARGS= for an incremental build
BOOK_ARGS ?= --all

# Everything below runs the tools of .venv, also for subprocesses (kernels, npm).
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export MPLBACKEND := Agg
# Quiet the "frozen modules" warning of debugpy in every kernel start.
export PYDEVD_DISABLE_FILE_VALIDATION := 1

RUNTIME_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
WEB_STAMP := $(WEB)/node_modules/.installed.stamp

.PHONY: help setup setup-dev web book test unit notebooks lab exercises lint lock clean distclean

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------- environment

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt constraints.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt constraints.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
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

book: setup
	$(BIN)/jupyter-book build -W -n --keep-going $(BOOK_ARGS) .
	@echo
	@echo "The book: $(CURDIR)/$(HTML)/index.html"

# ---------------------------------------------------------------- tests

# One pytest run: unit and property tests, book-build and browser tests in
# tests/, and every notebook under book/ executed by nbval (lax: errors fail,
# outputs are not compared). --dist loadfile keeps each file on one worker.
test: setup-dev book
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-cell-timeout=600 \
		-p no:cacheprovider tests book $(PYTEST_ARGS)

# Faster loops while writing: no book build.
unit: setup-dev
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile tests -m "not browser and not book" $(PYTEST_ARGS)

notebooks: setup-dev
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-cell-timeout=600 book $(PYTEST_ARGS)

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
