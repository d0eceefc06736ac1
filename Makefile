# `make test` needs only python3: it makes .venv and installs the pinned test packages.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: test lint coverage matrix mutation run bench scaling eval fixtures golden pictures pictures-check report-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.test-installed: requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    -r requirements/test.txt -r requirements/dev.txt
	touch $@

test: $(VENV)/.test-installed  ## unit tests, Hypothesis properties and doctests
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed  ## ruff, mypy --strict, and vermin: nothing newer than Python 3.8
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/vermin --target=3.8- --violations --no-tips --quiet sentemb.py grade.py sentemb_grade

coverage: $(VENV)/.dev-installed  ## 100% branch coverage of sentemb.py and the grader from deterministic tests, or fail
	SENTEMB_HYPOTHESIS_PROFILE=explicit $(BIN)/python -m coverage run -m pytest -q
	$(BIN)/python -m coverage report

matrix:  ## the suite under every Python 3.8 to 3.13 here: whole on 3.13, a faster subset on the others
	MATRIX_VERSIONS="$(MATRIX_VERSIONS)" MATRIX_JOBS="$(MATRIX_JOBS)" bash .ci/matrix

$(VENV)/.mutation-installed: requirements/mutation.txt requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/mutation.txt
	touch $@

mutation: $(VENV)/.mutation-installed  ## mutmut on sentemb.py and the grader's collect.py and judge.py: slow
	rm -rf mutants && mkdir mutants && ln -s ../grading_samples mutants/grading_samples  # read, never copied: it holds links out
	SENTEMB_HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run > mutants.log 2>&1 || true
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	  k = s['killed'] + s['timeout']; print(f\"mutation score: {k}/{s['total']} killed, \
	  {100 * k / s['total']:.1f}%; survivors: {s['survived']}\")"
	$(BIN)/mutmut results

$(VENV)-bench/.installed: requirements/bench.txt
	$(PYTHON) -m venv $(VENV)-bench
	$(VENV)-bench/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	touch $@

bench: $(VENV)-bench/.installed  ## load time, memory and speed against gensim
	$(VENV)-bench/bin/python bench_sentemb.py

scaling: $(VENV)-bench/.installed  ## the Dask recipe's test, where dask is installed
	$(VENV)-bench/bin/python -m pytest -q -p no:cacheprovider test_scaling.py

eval: $(VENV)-bench/.installed  ## Pearson and Spearman on the Lee corpus: average, fillers, SIF, uSIF
	$(VENV)-bench/bin/python eval_sentemb.py

fixtures: $(VENV)-bench/.installed  ## remake fixtures/lee from gensim's Lee corpus (fixed seed)
	PYTHONHASHSEED=0 $(VENV)-bench/bin/python fixtures/make_lee.py

# fse 1.0.0 builds only on Python 3.10 with numpy below 2, by pip's legacy setup.py path.
PYTHON310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3.10) python3.10)

$(VENV)-fse/.installed: requirements/fse.txt
	$(PYTHON310) -m venv $(VENV)-fse
	$(VENV)-fse/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/fse.txt
	$(VENV)-fse/bin/python -m pip install --quiet --disable-pip-version-check \
	    --no-build-isolation --no-use-pep517 fse==1.0.0
	touch $@

golden: $(VENV)-fse/.installed  ## remake fixtures/lee/golden.json with fse 1.0.0, in .venv-fse
	$(VENV)-fse/bin/python fixtures/make_golden.py

pictures:  ## docs/exercise.svg, the README's picture, docs/ranked.svg and docs/map.svg (tests check each is up to date)
	$(PYTHON) sentemb.py --svg docs/exercise.svg
	head -n 30 fixtures/lee/unseen.txt | $(PYTHON) sentemb.py --vectors fixtures/lee/vectors.bin \
	    --rank "bushfires forced people from their homes" - --svg docs/ranked.svg
	$(PYTHON) sentemb.py --vectors fixtures/lee/vectors.bin --svg docs/map.svg \
	    "fire crews fought the bushfires" "the fires burned homes near Sydney" \
	    "police arrested a man" "the court heard the case" \
	    "the prime minister spoke to parliament" "qwxz vbnm" "rain fell across the state"

pictures-check: pictures  ## the pictures rendered to PNG, light and dark, by headless Chromium where installed
	$(PYTHON) tools/pictures.py

# The instructor's page (grade.py --report) of a few samples, opened by headless Chromium where it
# is installed: it must render its title, histogram and tables. REPORT_PNG=FILE keeps a screenshot.
REPORT_SAMPLES := correct_lists.py hard_coded.py mistake_fillers_kept.py syntax_error.py odd_text.py
report-check:  ## render the instructor's page with headless Chromium, where installed
	@browser=$$(command -v chromium || command -v chromium-browser || command -v google-chrome \
	    || true); \
	if [ -z "$$browser" ]; then \
	    echo "report-check: no Chromium here (chromium, chromium-browser, google-chrome): not run"; \
	    exit 0; fi; \
	out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	$(PYTHON) grade.py $(addprefix grading_samples/,$(REPORT_SAMPLES)) --seed 1 \
	    --report "$$out/report.html" > /dev/null && \
	timeout 120 "$$browser" --headless --no-sandbox --disable-gpu --dump-dom \
	    "file://$$out/report.html" > "$$out/dom.html" 2> /dev/null && \
	grep -q '<h1>Class report</h1>' "$$out/dom.html" && grep -q '<svg' "$$out/dom.html" && \
	grep -q 'weighted_hidden' "$$out/dom.html" && \
	if [ -n "$(REPORT_PNG)" ]; then timeout 120 "$$browser" --headless --no-sandbox \
	    --disable-gpu --window-size=1000,1400 --screenshot="$(abspath $(REPORT_PNG))" \
	    "file://$$out/report.html" 2> /dev/null; fi && \
	echo "report-check: $$browser rendered the instructor's page of $(words $(REPORT_SAMPLES)) samples"

run:  ## print the exercise's answers
	$(PYTHON) sentemb.py

clean:
	rm -rf $(VENV) $(VENV)-bench $(VENV)-fse $(VENV)-3.* mutants mutants.log .coverage .mypy_cache .ruff_cache .hypothesis __pycache__
