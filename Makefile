# The two commands a newcomer needs: `make run` and `make test`. Each sets up .venv when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=

.PHONY: run test test-shuffled serve messages lint check clean browser bench backup restore

$(VENV)/.installed-run: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

# Compiled catalogues are built from the .po sources, never committed.
messages: $(VENV)/.installed-run
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq gettext >/dev/null; } || true
	@$(PY) manage.py compilemessages --ignore='.venv' --verbosity 0

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); } || echo "chromium is missing and cannot be installed here: the browser tests will say so"

run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed-run messages
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py make_renditions
	@$(PY) manage.py ensure_admin
	@echo ""
	@echo "  Cổng thông tin:  http://$(HOST):$(PORT)/"
	@echo "  Trang quản trị:  http://$(HOST):$(PORT)/admin/  (tài khoản admin, mật khẩu như dòng trên)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility browser test, pinned by tests/browser/package-lock.json.
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	@touch $@

# Every core (pytest-xdist), and the 15 slowest tests listed at the end.
test: $(VENV)/.installed-test messages browser $(AXE)
	$(PY) -m pytest -n auto --durations=15 $(PYTEST_ARGS)

# The same suite in a random order (pytest-randomly prints its seed; PYTEST_ARGS="--randomly-seed=N" repeats an
# order): tests must not depend on each other or on the order they run in.
test-shuffled: $(VENV)/.installed-test messages browser $(AXE)
	$(PY) -m pytest -n auto -p randomly $(PYTEST_ARGS)

# Production-style serving: gunicorn, whitenoise, production settings (SECRET_KEY and ALLOWED_HOSTS required).
serve: $(VENV)/.installed-run messages
	DJANGO_SETTINGS_MODULE=portal.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=portal.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(VENV)/bin/gunicorn portal.wsgi:application \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile - --error-logfile -

# Backups of the database and the media files: `make backup` writes backups/<YYYYmmdd-HHMMSS>/;
# `make restore BACKUP=backups/<YYYYmmdd-HHMMSS>` puts one back (it replaces the database).
backup:
	$(PY) manage.py backup

restore:
	@test -n "$(BACKUP)" || { echo "Which backup? make restore BACKUP=backups/<YYYYmmdd-HHMMSS>"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)" --yes

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed-run
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .test-media test-artifacts

# Load test on volume data with production settings under gunicorn (bench/run.py says what it does); wrk from Debian.
bench: $(VENV)/.installed-run messages
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)); } || echo "wrk is missing and cannot be installed here"
	$(PY) bench/run.py
