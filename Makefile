# `make demo` and `make test` each create .venv if missing, install what they need (pinned by
# constraints-dev.txt), and run. Nothing here downloads at run time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints-dev.txt

.PHONY: demo test lint bench install install-test clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints-dev.txt | $(PY)
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints-dev.txt | $(PY)
	$(PIP) -e ".[test,lint,bench,torch,cupynumeric]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(PY) -m numerics_fn demo

test: $(VENV)/.installed-test
	$(PY) -m pytest

lint: $(VENV)/.installed-test
	$(PY) -m ruff check numerics_fn tests examples benchmarks
	$(PY) -m ruff format --check numerics_fn tests examples benchmarks
	$(PY) -m mypy

bench: $(VENV)/.installed-test
	$(PY) -m numerics_fn bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
