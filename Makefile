# Qafila: `make demo` serves the demo caravan with a job worker beside it, `make test` runs the whole suite, `make bench` the benchmarks.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export QAFILA_INSECURE_DEV ?= 1
export QAFILA_HTTPS ?= 0

.PHONY: demo test lint bench messages clean

$(BIN)/qafila: pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "Python's venv module is missing: on Debian/Ubuntu run 'apt-get install python3-venv', then 'make' again." >&2; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/qafila
	$(BIN)/qafila demo

lint: $(BIN)/qafila
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest -n auto --dist worksteal  # one worker per CPU, each with its own test database

bench: $(BIN)/qafila
	$(BIN)/python -m bench

messages: $(BIN)/qafila
	$(BIN)/python manage.py makemessages -l ar -l fr --ignore '$(VENV)/*' --ignore 'bench/*' --ignore '*/tests/*'
	$(BIN)/python manage.py merge_translations
	$(BIN)/python manage.py compilemessages --ignore '$(VENV)/*'

clean:
	rm -rf $(VENV) staticfiles qafila.sqlite3* .pytest_cache
