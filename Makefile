# Citizen Focus site: the targets editors and developers use.
# `make serve` and `make test` install whatever is missing first.

PY        ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
PYTHON    := $(BIN)/python
PELICAN   := $(BIN)/pelican

INPUTDIR  := content
OUTPUTDIR := output
CONFFILE  := pelicanconf.py
PUBLISHCONF := publishconf.py

PORT      ?= 8000
DDB_PORT  ?= 8001
PYTEST_ARGS ?=

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYS_STAMP  := var/.system-packages
# checkov and cfn-lint pin boto3 versions that conflict with ours: they get their own venv.
INFRA_STAMP := .venv-infra/.stamp

.DEFAULT_GOAL := help

help:
	@echo 'Citizen Focus: Makefile targets'
	@echo ''
	@echo '  make serve          install, build the site, run the local stack (site + API + DynamoDB Local) on PORT=$(PORT)'
	@echo '  make test           install, then run every test (content checks, lint, site, functions, stack, browser)'
	@echo '  make test-fast      lint and the tests that need no DynamoDB Local, server or browser (< 1 min)'
	@echo '  make install        set up .venv, node_modules and check Java 17+ / Chromium (idempotent)'
	@echo '  make html           build the site into $(OUTPUTDIR)/ with $(CONFFILE)'
	@echo '  make publish-html   build the site for production with $(PUBLISHCONF)'
	@echo '  make check-content  validate the front matter of every content file'
	@echo '  make check          ruff lint and format check'
	@echo '  make format         apply ruff formatting'
	@echo '  make translations   extract the msgids, update and compile the catalogs (theme/translations/)'
	@echo '  make openapi        regenerate the request schemas of functions/openapi.yaml from functions/forms/'
	@echo '  make bench          run the benchmarks and write bench/results.md'
	@echo '  make lint-infra     cfn-lint and checkov on template.yaml'
	@echo '  make lighthouse     Lighthouse (mobile) on five page types of a live local stack'
	@echo '  make deploy         sam build + sam deploy (REGION, SITE_CERTIFICATE_ARN; see docs/deploy.md)'
	@echo '  make publish        build with publishconf.py, upload output/ to S3, invalidate CloudFront'
	@echo '  make clean          remove generated files ($(OUTPUTDIR)/, cache/, var/)'
	@echo ''
	@echo 'Variables: PORT (default 8000), DDB_PORT (default 8001), PYTEST_ARGS'

install: $(VENV_STAMP) $(NODE_STAMP) $(SYS_STAMP) $(INFRA_STAMP)
	@$(PYTHON) -m scripts.translations compile

$(VENV_STAMP): requirements-dev.txt functions/requirements.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(INFRA_STAMP): requirements-infra.txt scripts/infra_venv.sh
	PY=$(PY) scripts/infra_venv.sh .venv-infra requirements-infra.txt
	touch $@

$(SYS_STAMP): scripts/ensure-system-packages.sh
	scripts/ensure-system-packages.sh
	mkdir -p var && touch $@

# The content checks run first: they list every problem without Pelican's traceback. Pelican
# is told they ran (sitebuild.CHECKED_OVERRIDE), so its gate does not run them again.
CONTENT_CHECKED := -e CONTENT_CHECKED=true
html: install
	$(PYTHON) -m plugins.content_checks $(INPUTDIR)
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(CONTENT_CHECKED)

publish-html: install
	$(PYTHON) -m plugins.content_checks $(INPUTDIR)
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(CONTENT_CHECKED)

serve: install
	$(PYTHON) -m devstack.serve --port $(PORT) --ddb-port $(DDB_PORT)

# Front matter, links and stale translations of the content; then every required language's
# catalog: no entry missing or fuzzy, no placeholder that differs from the original.
check-content: install
	$(PYTHON) -m plugins.content_checks $(INPUTDIR)
	$(PYTHON) -m scripts.translations check

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .

# Every test: the editors' content checks, lint, then the whole pytest suite on every core
# (pytest-xdist; each worker has its own DynamoDB Local, stack and browser), then Lighthouse
# alone: its performance score is a timing, and another worker's load costs it points.
TEST_WORKERS ?= auto
test: install
	$(PYTHON) -m plugins.content_checks $(INPUTDIR)
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not lighthouse" $(PYTEST_ARGS)
	$(BIN)/pytest -m lighthouse $(PYTEST_ARGS) || test $$? -eq 5  # 5: PYTEST_ARGS chose none

# The inner loop: lint, then every test that needs no DynamoDB Local, server or browser
# (tests/conftest.py marks the others `integration` from their fixtures). Under a minute.
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) -q -m "not integration" $(PYTEST_ARGS)

# Extract every msgid (templates, functions, mail, form definitions), update each language's
# catalog in theme/translations/, compile them. See README, "Translating".
translations: install
	$(PYTHON) -m scripts.translations

# The request schemas in functions/openapi.yaml, generated from functions/forms/*.yml (a test
# fails when they differ).
openapi: install
	$(PYTHON) -m scripts.openapi_schemas

bench: install
	$(PYTHON) -m bench.run

lint-infra: install
	scripts/lint_infra.sh

lighthouse: install
	$(PYTHON) -m scripts.lighthouse

deploy: install
	scripts/deploy.sh

publish: install
	$(PYTHON) -m deploy.publish

clean:
	rm -rf $(OUTPUTDIR) cache var .pytest_cache

.PHONY: help install html publish-html serve check-content check format test test-fast translations openapi bench lint-infra lighthouse deploy publish clean
