# The README's commands. Everything runs from a project-local virtual environment.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INDEX ?= var/index
CORPUS ?= corpus
HOST ?= 127.0.0.1
PORT ?= 5000
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null)

.PHONY: serve test bench index clean

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# The index is brought up to date when it is missing or older than any corpus file or indexer
# source (an upgrade may change the schema; the build then rebuilds, reusing cached segmentation).
$(INDEX)/CURRENT: $(VENV)/.installed $(CORPUS_FILES) $(wildcard indexer/*.py indexer/data/*)
	$(VENV)/bin/ttdn-index build $(CORPUS) --index $(INDEX)

index: $(INDEX)/CURRENT

serve: $(INDEX)/CURRENT
	@echo "TTĐN search: http://$(HOST):$(PORT)/"
	$(VENV)/bin/ttdn-web --index $(INDEX) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	bash tests/browser/ensure-chromium.sh
	$(PY) -m pytest

bench: $(VENV)/.bench-installed
	$(PY) -m bench.run

clean:
	rm -rf var build dist *.egg-info .pytest_cache test-artifacts bench/out
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
