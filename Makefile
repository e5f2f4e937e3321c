# The Controlled Delivery Handbook: `make demo` to try it, `make test` to prove it.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
USER ?= official
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto
PRODCHECK_ARGS ?=
STATES ?= 60
REQUESTS ?= 100
HTTP ?=
BEFORE ?=
SLOW_EVERY ?= 10
MEMORY_ARGS ?=

# The French catalogue (locale/fr) is compiled from the repository's .po; compiled .mo files
# are not committed.
MESSAGE_IGNORE := --ignore .venv --ignore staticfiles --ignore test-artifacts --ignore "bench/*" \
	--ignore "tests/*"
COMPILE_MESSAGES := env -u DATABASE_URL $(BIN)/python manage.py compilemessages --locale fr \
	$(MESSAGE_IGNORE) --verbosity 0

.PHONY: help demo test otp lint lock messages bench bench-memory prod-check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: $(STAMP) ## Set up and serve the portal on http://127.0.0.1:8000 with demo data (SQLite)
	.ci/ensure-system demo
	$(COMPILE_MESSAGES)
	env -u DATABASE_URL DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	env -u DATABASE_URL $(BIN)/python manage.py load_demo
	@echo "Log in at http://127.0.0.1:8000 as official, correspondent or secretariat"
	@echo "(password handbook-demo-2026; code: make otp USER=official)"
	env -u DATABASE_URL DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) ## Run the whole suite on a throwaway PostgreSQL (started and always stopped)
	.ci/ensure-system test
	$(COMPILE_MESSAGES)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	.ci/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

otp: $(STAMP) ## Print the current TOTP code of a demo account: make otp USER=official
	@env -u DATABASE_URL $(BIN)/python manage.py otp_code "$(USER)"

lint: $(STAMP) ## Format and lint checks, and no missing migration
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP) ## Refresh locale/fr from the code's marked strings, then translate the new ones
	.ci/ensure-system demo
	env -u DATABASE_URL $(BIN)/python manage.py makemessages --locale fr --no-obsolete \
		--add-location file $(MESSAGE_IGNORE)

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml, with hashes
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

bench: $(STAMP) ## Time pages, search, routes and PDFs: make bench [STATES=250] [HTTP=1] [REQUESTS=N] [PAGES=route,search]
	.ci/ensure-system test
	.ci/with-postgres $(BIN)/python bench/run.py --states $(STATES) --requests $(REQUESTS) \
		--slow-every $(SLOW_EVERY) $(if $(HTTP),--http) $(if $(BEFORE),--before $(BEFORE)) $(if $(PAGES),--pages "$(PAGES)")

bench-memory: $(STAMP) ## Export 1,000 PDFs in one process and report its memory every 100
	.ci/ensure-system test
	.ci/with-postgres $(BIN)/python bench/pdf_memory.py $(MEMORY_ARGS)

prod-check: $(STAMP) ## Deploy on loopback (PostgreSQL, 2 gunicorn, nginx, TLS), load it, break it
	.ci/ensure-system demo
	$(BIN)/python bench/prodcheck.py $(PRODCHECK_ARGS)

clean: ## Remove the virtual environment, the SQLite database and collected static files
	rm -rf $(VENV) staticfiles db.sqlite3 test-artifacts
