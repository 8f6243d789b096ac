# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: fhir-tables interop interop-install install demo test lint fuzz bench scope-compare clean

# -qq: pip's own progress and its notes about this machine's package mirrors stay out of the demo;
# errors still show, and a failed install still stops make.
$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run only)..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -qq --upgrade pip
	@$(BIN)/pip install -qq -e '.[test]'
	@$(BIN)/python -m compileall -q src   # bytecode for the editable source, even where PYTHONDONTWRITEBYTECODE is set
	@touch $(STAMP)

install: $(STAMP)

# Fits on two screens: the summary's lay part first, then one line per step.
demo: install
	@echo "== NCT06709469 (REALL_CART): the plain-language summary, with the editors' overlay =="
	@$(BIN)/trialdocs summary fixtures/NCT06709469.yaml --overlay fixtures --format md | sed '/^## Eligibility criteria/,$$d'
	@echo "   ... eligibility lists, sites, contacts and how to take part follow in the full page."
	@$(BIN)/trialdocs summary fixtures/NCT06709469.yaml --overlay fixtures --format html -o demo-out/summary 2>/dev/null
	@echo "   HTML page: demo-out/summary/NCT06709469.html"
	@echo
	@echo "== The gate on the seed page's own 'plain' text (fails, as it should) =="
	@-$(BIN)/trialdocs check fixtures/NCT06709469.yaml --select TD101 2>&1 | tail -n 4
	@echo
	@echo "== The gate on the editors' overlay (passes; facts checked against the record beside it) =="
	@$(BIN)/trialdocs check fixtures/NCT06709469.md 2>&1
	@echo
	@echo "== The same trial as a validated FHIR R5 Bundle =="
	@$(BIN)/trialdocs fhir fixtures/NCT06709469.yaml -o demo-out/fhir --pretty 2>&1
	@$(BIN)/python -c "import json; b = json.load(open('demo-out/fhir/NCT06709469.json')); print('   ' + ', '.join(e['resource']['resourceType'] + '/' + e['resource']['id'] for e in b['entry']))"
	@echo
	@echo "== Results in plain language (EU CTR Annex V), for a study with posted results: its side effects =="
	@$(BIN)/trialdocs summary fixtures/results/NCT09990001.json --kind results --format md | sed -n '/^## 6/,/^_Picture/p' | grep -v '^$$' | grep -v '^_'
	@$(BIN)/trialdocs summary fixtures/results/NCT09990001.json --kind results --format html -o demo-out/results 2>/dev/null
	@echo "   HTML page, all ten elements: demo-out/results/NCT09990001.results.html"

# Independent FHIR checks (tests/interop): the HL7 core and terminology
# packages and Medplum (validator, FHIR router) with Node 22, all from the npm
# registry. The HL7 packages are unpacked as published (`npm pack`): their own
# dependency lists name versions the registry does not have, and the checks
# read only the packages' JSON files.
HL7_PACKAGES := hl7.fhir.r5.core@5.0.0 hl7.fhir.r4b.core@4.3.0 hl7.terminology.r5@7.0.1

interop-install: interop/.installed

interop/.installed: interop/package.json interop/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: apt-get install npm (see README)" >&2; exit 1; }
	@cd interop && npm ci --no-audit --no-fund --silent
	@rm -rf interop/packages && mkdir -p interop/packages
	@cd interop/packages && for spec in $(HL7_PACKAGES); do \
	  name=$${spec%@*}; tarball=$$(npm pack "$$spec" --silent) && mkdir -p "$$name" && tar xzf "$$tarball" -C "$$name" && rm -f "$$tarball" || exit 1; \
	done
	@touch $@

# The fast validator's tables, generated from the HL7 StructureDefinitions (src/trialdocs/fhir/tables.py).
fhir-tables: install interop-install
	$(BIN)/python -m trialdocs.fhir.tables interop/packages

# The interop tests alone (they also run in `make test` once installed).
interop: install interop-install
	$(BIN)/python -m pytest tests/interop -q

# pytest exits 5 when it collects no tests: that is a failure, never a pass.
test: install
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

# ruff (lint and format), mypy --strict on src/, and the import-layer contracts.
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

# The long fuzz run: rounds of 3,000 examples a target with fresh seeds, for at
# least FUZZ_SECONDS (default 10 minutes). A failure stops it and shows the example.
FUZZ_SECONDS ?= 600
fuzz: install
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); round=0; \
	while [ $$(date +%s) -lt $$end ]; do \
	  round=$$((round + 1)); echo "== fuzz round $$round"; \
	  HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py \
	    --hypothesis-seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ') || exit 1; \
	done; echo "fuzzed for $(FUZZ_SECONDS) s in $$round rounds: no failures"

# The criteria scope parser against medspaCy's ConText (docs/summary.md). spaCy is large and
# only this comparison needs it, so it lives in its own virtualenv.
scope-compare: install
	$(PYTHON) -m venv .venv-compare
	.venv-compare/bin/pip install --quiet -e '.[compare]'
	.venv-compare/bin/python bench/scope_compare.py --show 20

clean:
	rm -rf $(VENV) .venv-compare build *.egg-info src/*.egg-info .pytest_cache .coverage

# The corpus repeated 4 times (2,080 records; BENCH_REPEAT=40 gives 20,800, about an hour):
# every stage, the targets against the floor, the 560k projection, a Dask LocalCluster and
# the Dask client's write ceiling; then the gate on the files editors commit: one overlay,
# and 1,040 rendered summaries against textstat. Between the two, bench/linear.py doubles one field of a
# record four times per axis and fails if time or memory grows faster than linearly (docs/performance.md).
# `make bench BENCH_REPEAT=1` is a quick run.
BENCH_REPEAT ?= 4
bench: install
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/run.py --repeat $(BENCH_REPEAT) --memory-repeat $(BENCH_REPEAT)
	$(BIN)/python bench/linear.py
	$(BIN)/python bench/checker_cost.py
	$(BIN)/python bench/check_files.py
