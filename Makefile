# The two README commands, `make serve` and `make test`, do all set-up themselves:
# a virtual environment in .venv, the project with its extras, pinned by constraints.txt
# (the one place versions are chosen), the exercise sets, then the site or the tests.
#
# PyTorch: pip takes torch from its configured indexes. Where a local CPU wheel is on
# pip's find-links (as on this project's machines) that is what gets installed. Elsewhere,
# choose the build with an extra index, e.g.
#   make test TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu      (CPU only, small)
#   make test TORCH_INDEX_URL=https://download.pytorch.org/whl/cu126    (CUDA 12.6)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH_INDEX_URL ?=
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt \
	$(if $(TORCH_INDEX_URL),--extra-index-url $(TORCH_INDEX_URL))
PYTEST_ARGS ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup exercises site serve test lint system-deps clean

help:
	@echo "make serve   set up, build exercises and site, serve the book on http://127.0.0.1:8000"
	@echo "make test    set up, build exercises, run the whole test suite"
	@echo "make site    set up and build the site into site/ (no server)"
	@echo "make lint    ruff (pyflakes, import order) and mypy on src/"
	@echo "make clean   remove build outputs (keeps .venv)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when the project's metadata or the pins change: a second run is quick.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) torch
	$(PIP_INSTALL) -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed

exercises: setup
	$(BIN)/dlbook exercises build

site: exercises
	$(BIN)/mkdocs build --strict

serve: exercises
	@echo "Serving the book on http://127.0.0.1:8000 (first build executes the labs; Ctrl-C stops)"
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# System packages the tests need: Debian's Chromium for the browser tests (driven through
# Playwright, never a downloaded browser) and bubblewrap, dlbook grade's sandbox. Installed
# with apt when run as root; otherwise the command to run is printed.
SYSTEM_DEPS := chromium:chromium bwrap:bubblewrap
system-deps:
	@missing=""; for dep in $(SYSTEM_DEPS); do \
	  command -v $${dep%%:*} >/dev/null 2>&1 || missing="$$missing $${dep##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "The tests need:$$missing. Install with: sudo apt-get install$$missing (Fedora: sudo dnf install$$missing)"; exit 1; \
	  fi; fi

lint: setup
	$(BIN)/ruff check src tests hooks benchmarks
	$(BIN)/mypy

test: lint exercises system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf build site test-artifacts .pytest_cache
