PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The main job on the embedded default: sample corpus -> index -> answers -> API on 127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/scout demo --serve

## The test suite (what CI runs)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

## Ranking quality on the sample corpus beside the baselines
eval: $(STAMP)
	$(BIN)/scout eval --sample

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) scout-data
