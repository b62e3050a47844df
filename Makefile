# Two commands for a newcomer: `make run` and `make test`. Everything else is what they need.
# uv is used if installed; otherwise it is installed with pip for this user.
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif
RUN := $(UV) run --frozen
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist; each worker has its own test database).
# PYTEST_WORKERS=0 runs it in one process, e.g. to use --pdb.
PYTEST_WORKERS ?= auto
# Settings fail closed (familyhub/settings.py): a developer's machine turns on what it needs.
# The demo borough loads only where FAMILYHUB_DEMO is on; production never sets it.
DEV_ENV := DEBUG=true FAMILYHUB_DEMO=true

.PHONY: run test setup python-deps frontend lint typecheck

run: setup ## The demo borough on SQLite: web server and job worker at http://127.0.0.1:8000
	$(DEV_ENV) $(RUN) python manage.py migrate --no-input
	$(DEV_ENV) $(RUN) python manage.py load_demo_borough
	$(DEV_ENV) $(RUN) python manage.py load_demo_frontdoor
	$(DEV_ENV) $(RUN) python manage.py load_demo_activities
	$(DEV_ENV) $(RUN) python manage.py load_demo_history
	$(DEV_ENV) $(RUN) python manage.py load_demo_start_for_life
	$(DEV_ENV) $(RUN) python manage.py load_demo_two_year_offer
	$(DEV_ENV) $(RUN) python manage.py load_demo_feedback
	$(DEV_ENV) $(RUN) honcho start -f Procfile.dev

test: setup lint typecheck ## Run the whole test suite (on DATABASE_URL's database; SQLite by default)
	DJANGO_SETTINGS_MODULE=tests.settings $(RUN) python manage.py makemigrations --check --dry-run
	$(RUN) pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

setup: python-deps frontend

python-deps:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

frontend: node_modules/.package-lock.json
	npm run build

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .

# Types of the writes, reads and rules of every app (the files are listed in pyproject.toml).
typecheck:
	$(RUN) mypy
