# Two commands on a fresh machine: `make lab` and `make test`.
# Both create .venv when it is missing and reinstall only when the dependency
# files change (the stamp file below is newer than them otherwise).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aelab-installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
         --nbval-kernel-startup-timeout 180 --nbval-cell-timeout 900

# Notebooks run with notebooks/ as their working directory: make a relative
# AELAB_DATA_DIR (e.g. ../shared/data from the repo root) absolute first.
ifdef AELAB_DATA_DIR
export AELAB_DATA_DIR := $(abspath $(AELAB_DATA_DIR))
endif

.PHONY: help install lab test unit nbtest notebooks assignments benchmark lint format clean

help:
	@echo "make lab        install if needed, then open JupyterLab at notebooks/"
	@echo "make test       install if needed, run the unit tests, then every notebook in quick mode"
	@echo "make notebooks  run every notebook in full mode and save the outputs in place"
	@echo "make benchmark  time every notebook against its budget (MODE=quick|full)"
	@echo "make assignments  regenerate the student notebooks in assignments/"
	@echo "make lint       ruff check + ruff format --check (code and notebooks)"

$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks

test: unit nbtest

unit: $(STAMP)
	AELAB_QUICK=1 $(BIN)/python -m pytest tests --durations=10

# AELAB_CHECKS_STRICT=1: an exercise check that does not pass on its own solution fails the run.
nbtest: $(STAMP)
	AELAB_QUICK=1 AELAB_CHECKS_STRICT=1 $(BIN)/python -m pytest $(NBVAL) notebooks

notebooks: $(STAMP)
	AELAB_QUICK=0 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=3600 --ExecutePreprocessor.kernel_name=python3 \
	    --ExecutePreprocessor.record_timing=False $(or $(NB),$(NOTEBOOKS))

benchmark: $(STAMP)
	$(BIN)/python benchmarks/notebook_times.py --mode $(or $(MODE),quick)

assignments: $(STAMP)
	$(BIN)/python -m aelab assignments build

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
