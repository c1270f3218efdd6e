PY ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test eval lint clean port-free

## What Scout needs to run (the demo, the API, evaluation); pip shows what it fetches and installs
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "make: installing Scout and its runtime dependencies into $(VENV) (first time: a few minutes, about 1.5 GB)"
	$(BIN)/pip install --progress-bar on --upgrade pip
	$(BIN)/pip install --progress-bar on -e .
	touch $(STAMP)

## Plus what the tests and the linters need
$(DEV_STAMP): $(STAMP)
	@echo "make: installing the test and lint tools (the [dev] extras) into $(VENV)"
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	touch $(DEV_STAMP)

## The main job on the embedded default: sample corpus -> index -> answers -> API on 127.0.0.1:$(PORT) (make demo PORT=8010)
demo: port-free $(STAMP)
	$(BIN)/scout demo --serve --port $(PORT)

## Before minutes of install and indexing: is the demo's port free?
port-free:
	@$(PY) -c "import socket, sys; s = socket.socket(); s.bind(('127.0.0.1', $(PORT)))" 2>/dev/null || \
		{ echo "make: error: port $(PORT) on 127.0.0.1 is in use: pick another with make demo PORT=N" >&2; exit 2; }

## The test suite (what CI runs)
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

## Ranking quality on the sample corpus beside the baselines
eval: $(STAMP)
	$(BIN)/scout eval --sample

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) scout-data
