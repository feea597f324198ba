# E-mognad. `make run` serves the app on its embedded default (SQLite, eager Celery,
# e-mail to the console); `make test` runs the whole suite (PostgreSQL and Redis when
# DATABASE_URL and REDIS_URL are set, as .ci/run sets them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_NO_PROGRESS := 1
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_MUNICIPALITIES ?= 290

.PHONY: run test install install-dev lint format bench messages demo clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(BIN)/uv
	$(BIN)/uv sync --locked --no-dev --quiet

install-dev: $(BIN)/uv
	$(BIN)/uv sync --locked --quiet

run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_municipalities
	$(BIN)/python manage.py load_questionnaire
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py generate_demo_data --municipalities $(DEMO_MUNICIPALITIES) --if-empty --with-users
	$(BIN)/python manage.py recompute_reports --all
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	$(BIN)/python -m bench

messages: install-dev
	DEBUG=true $(BIN)/python manage.py makemessages --locale en --ignore '.venv/*' --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
