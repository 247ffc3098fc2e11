# The README's commands. Each target creates .venv when missing and installs the package into it.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml examples/plugin/pyproject.toml | sha256sum | cut -c1-12)
JOBS    ?= 2

.PHONY: install results reproduce test test-slow lint bench docs clean-venv

$(STAMP): pyproject.toml examples/plugin/pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,dask,bench,docs,lint]"
	$(BIN)/python -m pip install -q -e examples/plugin
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## regenerate every table, figure and certificate of problems/ into results/
results: $(STAMP)
	$(BIN)/sdpthermo run --all --workers $(JOBS)
	$(BIN)/sdpthermo verify --all

## regenerate results/ from an empty store into a temporary directory and compare with the committed one
## (tables byte for byte, CSV within certified widths, figures byte for byte); non-zero exit on a difference
reproduce: $(STAMP)
	$(BIN)/python -m sdpthermo.reproduce check --workers $(JOBS)

## the test suite (under 15 minutes on 2 cores); heavier checks are marked slow
test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

## ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade) and mypy (strict on results, registry, certify,
## store; checked elsewhere in sdpthermo), both configured in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check sdpthermo tests benchmarks examples docs
	$(BIN)/mypy

## ratio benchmarks against the naive formulation and the peers (toqito, QuTiP) -> benchmarks/results/latest.md
## (BENCH_FLAGS=--full adds the calls that take minutes)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_FLAGS)

clean-venv:
	rm -rf $(VENV)

## the documentation site (Sphinx, warnings as errors) into docs/_build/html
docs: $(STAMP)
	$(BIN)/python -m sphinx -W --keep-going -b html -q docs docs/_build/html
