# The two commands of README.md: `make run` and `make test`. Every other target is a step of theirs.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CKAN := $(BIN)/ckan
RUN_INI ?= config/ckan.ini
TEST_INI ?= test.ini
RUN_DB ?= ckan_hue
RUN_DATASTORE_DB ?= datastore_hue
TEST_DB ?= ckan_hue_test
TEST_DATASTORE_DB ?= datastore_hue_test
RUN_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# files uploaded by the tests (one folder per checkout, so parallel runs never share one)
TEST_STORAGE ?= $(CURDIR)/var/test-storage
PYTEST_ARGS ?=
EXTENSIONS := huedata huesso huequality huesearch huefeedback
# Code held to `ruff format` (the lead widens it once the other extensions are merged)
FORMATTED := ckanext-huequality
PIP = VENV=$(VENV) bash scripts/pip-install.sh
DB_URL = postgresql://ckan_default:pass@127.0.0.1/$(1)
DS_READ_URL = postgresql://datastore_default:pass@127.0.0.1/$(1)

export CKAN_SQLALCHEMY_URL CKAN_DATASTORE_WRITE_URL CKAN_DATASTORE_READ_URL CKAN_REDIS_URL CKAN_STORAGE_PATH

.PHONY: run serve test setup system venv translations run-db test-db demo lint

## make run: install what is missing, prepare the database, load the demo, serve http://127.0.0.1:5000
run: setup run-db demo
	CKAN_INI=$(RUN_INI) bash scripts/run-portal.sh

## make serve: as `make run`, but the web application runs under uWSGI with UWSGI_PROCESSES workers
## (default 4), as in the production image
serve: export HUE_SERVER = uwsgi
serve: run

## make test: the same set-up, the linters, then the whole test suite
test: setup test-db lint
	CKAN_INI=$(TEST_INI) $(BIN)/pytest $(PYTEST_ARGS)

setup: system venv translations

system:
	PYTHON=$(PYTHON) bash scripts/bootstrap-system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: setup.py requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip wheel setuptools
	$(PIP) "$$(grep '^ckan\[' requirements.txt)"
	$(BIN)/python scripts/ckan-constraints.py > $(VENV)/ckan-constraints.txt
	$(PIP) -c $(VENV)/ckan-constraints.txt -r requirements.txt -r requirements-dev.txt -e .
	$(BIN)/pip check
	touch $@

translations: venv
	@for ext in $(EXTENSIONS); do \
	  for po in ckanext-$$ext/ckanext/$$ext/i18n/*/LC_MESSAGES/*.po; do \
	    [ -e "$$po" ] || continue; \
	    $(BIN)/pybabel -q compile -i "$$po" -o "$${po%.po}.mo" || exit 1; \
	  done; \
	done

run-db: CKAN_SQLALCHEMY_URL = $(call DB_URL,$(RUN_DB))
run-db: CKAN_DATASTORE_WRITE_URL = $(call DB_URL,$(RUN_DATASTORE_DB))
run-db: CKAN_DATASTORE_READ_URL = $(call DS_READ_URL,$(RUN_DATASTORE_DB))
run-db: CKAN_REDIS_URL = $(RUN_REDIS_URL)
run-db: setup
	bash scripts/bootstrap-db.sh $(RUN_DB) $(RUN_DATASTORE_DB)
	$(CKAN) -c $(RUN_INI) db init
	$(CKAN) -c $(RUN_INI) datastore set-permissions | runuser -u postgres -- psql -q -d $(RUN_DATASTORE_DB) >/dev/null

test-db: CKAN_SQLALCHEMY_URL = $(call DB_URL,$(TEST_DB))
test-db: CKAN_DATASTORE_WRITE_URL = $(call DB_URL,$(TEST_DATASTORE_DB))
test-db: CKAN_DATASTORE_READ_URL = $(call DS_READ_URL,$(TEST_DATASTORE_DB))
test-db: CKAN_REDIS_URL = $(TEST_REDIS_URL)
test-db: setup
	bash scripts/bootstrap-db.sh $(TEST_DB) $(TEST_DATASTORE_DB)
	$(CKAN) -c $(TEST_INI) datastore set-permissions | runuser -u postgres -- psql -q -d $(TEST_DATASTORE_DB) >/dev/null

test: CKAN_SQLALCHEMY_URL = $(call DB_URL,$(TEST_DB))
test: CKAN_DATASTORE_WRITE_URL = $(call DB_URL,$(TEST_DATASTORE_DB))
test: CKAN_DATASTORE_READ_URL = $(call DS_READ_URL,$(TEST_DATASTORE_DB))
test: CKAN_REDIS_URL = $(TEST_REDIS_URL)
test: CKAN_STORAGE_PATH = $(TEST_STORAGE)

run: CKAN_SQLALCHEMY_URL = $(call DB_URL,$(RUN_DB))
run: CKAN_DATASTORE_WRITE_URL = $(call DB_URL,$(RUN_DATASTORE_DB))
run: CKAN_DATASTORE_READ_URL = $(call DS_READ_URL,$(RUN_DATASTORE_DB))
run: CKAN_REDIS_URL = $(RUN_REDIS_URL)

demo: CKAN_SQLALCHEMY_URL = $(call DB_URL,$(RUN_DB))
demo: CKAN_DATASTORE_WRITE_URL = $(call DB_URL,$(RUN_DATASTORE_DB))
demo: CKAN_DATASTORE_READ_URL = $(call DS_READ_URL,$(RUN_DATASTORE_DB))
demo: CKAN_REDIS_URL = $(RUN_REDIS_URL)
demo: run-db
	$(CKAN) -c $(RUN_INI) huedata seed-demo
	$(CKAN) -c $(RUN_INI) huequality deadlines seed-demo-history --demo
	$(CKAN) -c $(RUN_INI) huequality recompute
	$(CKAN) -c $(RUN_INI) huequality index

## make lint: ruff (rules and their scope in ruff.toml), the formatter, mypy (mypy.ini);
## the same checks as .pre-commit-config.yaml
lint: venv
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check $(FORMATTED)
	$(BIN)/mypy
