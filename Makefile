# dadkhah: set-up, demo, tests, benchmarks. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dadkhah demo $(if $(NO_SERVE),--no-serve,)

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_parse.py
	$(PY) bench/bench_extract.py
	$(PY) bench/bench_know.py
	$(PY) bench/bench_link.py
	$(PY) bench/bench_estimate.py
	$(PY) bench/bench_web.py
	$(PY) bench/bench_report.py

clean:
	rm -rf $(VENV) dadkhah-data .pytest_cache
