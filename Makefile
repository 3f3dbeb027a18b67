# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make build   create .venv, install pinned deps, load sample data, dbt build, dbt docs generate,
#                Great Expectations, the marketer report (target/report/index.html)
#   make test    sqlfluff lint and `leadwh lint-macros` (the SQL the macros write) + pytest (dbt
#                build with every data and unit test, Great Expectations, the hand-made
#                end-to-end scenario, the report and the docs in headless Chromium, MetricFlow
#                (`mf validate-configs`, `mf query` vs the marts)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)

.PHONY: install build test lint pytest docs clean sample bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Creating $(VENV) and installing the pinned dependencies (requirements.txt): a few minutes"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --progress-bar off pip==26.3 wheel==0.48.0
	$(BIN)/pip install --progress-bar off -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# docs generate --static also writes target/static_index.html (manifest and catalog inlined): it
# opens from the file, offline. The report (target/report/index.html) shows the validation results.
build: install
	$(BIN)/dbt build
	$(BIN)/dbt docs generate --static
	$(BIN)/leadwh validate --db leadwh.duckdb --gx-dir target/gx
	$(BIN)/leadwh report --db leadwh.duckdb --out target/report/index.html \
		--validation target/gx/validation_results.json

test: install lint pytest

# Lint against an empty throwaway database, so the SQL that dbt renders (is_incremental(),
# optional raw tables) is the same on every machine, whatever an earlier build left behind.
# sqlfluff's dbt templater checks the models' own text only (a macro file renders to nothing, and
# violations inside macro output are not reported), so `leadwh lint-macros` then lints the SQL the
# macros write: dbt compile into a throwaway directory, sqlfluff on the compiled nodes (and the
# harness analyses under analyses/macro_lint/ for hook, incremental and portable macros), each
# violation printed as `macro file:line  rule  message`; exit 1 on any (~1 min). sqlfluff runs on two
# processes: its dbt templater keeps one core busy, and the lint runs before the tests.
lint: install
	rm -rf target/sqlfluff && mkdir -p target/sqlfluff
	LEADWH_DUCKDB_PATH=target/sqlfluff/lint.duckdb DBT_TARGET_PATH=target/sqlfluff \
		$(BIN)/sqlfluff lint --processes 2 models analyses macros tests
	$(BIN)/python -m leadwh.cli lint-macros

# Three workers, one test file each at a time (--dist loadfile: a module's warehouse fixtures stay
# on one worker). The suite is mostly dbt invocations, which leave a core idle part of the time
# (start-up and parsing are single-threaded): on 2 cores two workers kept ~1.2 cores busy.
pytest: install
	$(BIN)/pytest -n 3 --dist loadfile --durations=15

docs: install
	$(BIN)/dbt docs generate --static
	@echo "Serve with: $(BIN)/dbt docs serve --port 8080"

# Regenerate the sample raw seeds (deterministic).
sample: install
	$(BIN)/leadwh generate --seed 42 --out seeds/raw

# Scale benchmark (not part of `make test`): tiers M and L, several minutes; see BENCHMARKS.md.
bench: install
	$(BIN)/leadwh bench --tiers M,L --out BENCHMARKS.latest.md

clean:
	rm -rf target logs dbt_packages *.duckdb gx
