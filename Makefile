# The two-command contract: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# xstatic-bootstrap is an sdist whose build needs pkg_resources (setuptools < 81).
export PIP_BUILD_CONSTRAINT := $(CURDIR)/build-constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PYTEST_ARGS ?=
PORT ?= 8000

.PHONY: run test install lock messages lint audit bench load screens clean

# Installs are reproducible: every package at the version and with the hashes of requirements/dev.txt (made from
# pyproject.toml's ranges by `make lock`); the project itself installs no packages of its own.
$(STAMP): requirements/dev.txt build-constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25.3"
	$(BIN)/python -m pip install -q --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Maintainers: after changing a dependency range in pyproject.toml (or to take newer releases: LOCK_ARGS=--upgrade),
# pin every package with its hashes: requirements/base.txt (production, the Dockerfile) and requirements/dev.txt
# (make run, make test, CI). Commit both.
LOCK_ARGS ?=
lock: $(STAMP)
	$(BIN)/python -m pip install -q "pip-tools>=7.4"
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) --extra dev -o requirements/dev.txt pyproject.toml

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Työllisyydenhoito: http://127.0.0.1:$(PORT)  (users above, password Joutsa-demo-2026)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# Maintainers: refresh the catalogues (needs GNU gettext) and compile them (the .mo files are committed).
messages: install
	$(BIN)/python manage.py makemessages -l fi -l sv --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

lint: install
	$(BIN)/ruff check .

# Security audit (CI runs it): bandit fails on any high-severity finding, pip-audit on any known
# vulnerability; .ci/pip_audit.py says how many packages were looked up, lists the ones that were not, and fails
# when none could be (offline: nothing was checked).
audit: install
	$(BIN)/bandit -c pyproject.toml -r . -lll -q
	$(BIN)/python .ci/pip_audit.py --requirement requirements/dev.txt --require-hashes --disable-pip

bench: install
	$(BIN)/python bench/run.py

# Load test: gunicorn (gunicorn.conf.py, 2 workers) against $DATABASE_URL, 50 users starting one a second, then 60 s
# of all of them; fails on any error or p95 > 300 ms. Extra arguments: make load LOAD_ARGS="--think 1,3".
LOAD_ARGS ?=
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[bench]"
	@touch $(BENCH_STAMP)

load: $(BENCH_STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# The screen review: every demo role's pages (and main forms sent empty) at 1366×768 in Finnish and Swedish, on a
# seeded temporary copy, into screens/out/ with index.html. Extra arguments: make screens SCREENS_ARGS="--roles tyoryhma".
SCREENS_ARGS ?=
screens: install
	$(BIN)/python -m screens.crawl $(SCREENS_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
