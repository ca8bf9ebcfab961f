# Two commands do everything on a fresh Debian machine:
#   make run    set up, check the content, serve http://127.0.0.1:5000
#   make test   set up, install the test tools (requirements-dev.txt), run every test
#   make serve  set up, serve with gunicorn (production settings: gunicorn.conf.py)
#   make bench  set up, run the benchmark (bench/README.md); not part of the tests
#   make preview  set up, serve a draft for reviewers: banner on every page, PREVIEW on every print
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PYBABEL := $(VENV)/bin/pybabel
SYSTEM_STAMP := $(VENV)/.system-packages
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run preview serve bench change-report test validate translations compile-translations setup system clean

# Prints put this address in their QR codes (PUBLIC_BASE_URL; never the request's Host).
run: setup validate
	ROUTEMAP_PUBLIC_BASE_URL=$${ROUTEMAP_PUBLIC_BASE_URL:-http://127.0.0.1:5000} $(FLASK) run --host 127.0.0.1 --port 5000

# A draft for reviewers: "Preview: not approved for use" on every page, PREVIEW on every print.
preview: setup validate
	ROUTEMAP_PREVIEW=1 ROUTEMAP_PUBLIC_BASE_URL=$${ROUTEMAP_PUBLIC_BASE_URL:-http://127.0.0.1:5000} $(FLASK) run --host 127.0.0.1 --port 5000

# Invalid content stops gunicorn before it forks any worker (preload_app). Outside
# development (ROUTEMAP_DEVELOPMENT=1) gunicorn.conf.py refuses to start without
# ROUTEMAP_PUBLIC_BASE_URL and ROUTEMAP_TRUSTED_HOSTS (README, "Serving in production").
serve: setup
	$(VENV)/bin/gunicorn -c gunicorn.conf.py app:app

bench: setup
	@./scripts/system-packages.sh --bench
	@$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@$(PY) bench/run.py

# Tests run in TEST_WORKERS processes (pytest-xdist), a whole test file to each, so a
# module's fixtures (a rendered booklet, a gunicorn, a browser page) are built once;
# TEST_WORKERS=0 runs them in this process. WeasyPrint and Chromium keep a core busy each.
# Files are handed out in collection order, the long browser files first and small files
# last, so the workers finish together (xdist's default, files with most tests first,
# left one worker ~20 s alone at the end in a replay of measured durations).
TEST_WORKERS ?= 2

test: setup $(VENV)/.installed-dev
	@# pytest exits 5 when it collects no tests: that is a failure too.
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "No tests ran: failing." >&2; fi; exit $$rc

validate: setup
	$(FLASK) routemap validate

# The change report of this guide version for reviewers, kept with the release notes:
#   make change-report OLD=<git revision of the previous version>
change-report: setup
	@test -n "$(OLD)" || { echo "usage: make change-report OLD=<git revision of the previous guide version>" >&2; exit 2; }
	@v=$$($(PY) -c 'from routemap.loader import read_version; print(read_version("flows"))'); \
	$(FLASK) routemap changes $(OLD) --format md --out flows/releases/$$v-changes.md && \
	$(FLASK) routemap changes $(OLD) --format pdf --out flows/releases/$$v-changes.pdf

setup: system $(VENV)/.installed compile-translations

system:
	@./scripts/system-packages.sh

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Tests and development tools (pytest, Playwright, schemathesis...): only for `make test`.
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

compile-translations: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(PYBABEL) compile --statistics -i $< -o $@

# Content or templates changed: extract every string, merge into each catalog, compile.
translations: $(VENV)/.installed
	PYTHONPATH=. $(PYBABEL) extract -F babel.cfg --sort-by-file --add-comments=Translators: --no-wrap --project=routemap -o translations/messages.pot .
	@# A language added to languages.yaml gets its catalog (Babel sets its Plural-Forms).
	@for code in $$($(PY) -c 'import yaml; print(*(c for c in yaml.safe_load(open("translations/languages.yaml")) if c != "en"))'); do \
	  test -f translations/$$code/LC_MESSAGES/messages.po || $(PYBABEL) init -l $$code -i translations/messages.pot -d translations --no-wrap; done
	$(PYBABEL) update -i translations/messages.pot -d translations --no-wrap --ignore-obsolete
	$(MAKE) compile-translations

clean:
	rm -rf $(VENV) .pytest_cache
	find translations -name '*.mo' -delete
