# `make test` needs only python3: it makes .venv and installs the pinned test packages.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: test lint run bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.test-installed: requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

test: $(VENV)/.test-installed  ## unit tests, Hypothesis properties and doctests
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed  ## ruff and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(VENV)-bench/.installed: requirements/bench.txt
	$(PYTHON) -m venv $(VENV)-bench
	$(VENV)-bench/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	touch $@

bench: $(VENV)-bench/.installed  ## load time, memory and speed against gensim
	$(VENV)-bench/bin/python bench_sentemb.py

run:  ## print the exercise's answers
	$(PYTHON) sentemb.py

clean:
	rm -rf $(VENV) $(VENV)-bench .mypy_cache .ruff_cache .hypothesis __pycache__
