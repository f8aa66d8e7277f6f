# Two commands matter: `make serve` (build and serve the playbook) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build validate test schema browser bench clean

# A virtualenv with the generator and its test tools; redone when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

serve: $(BIN)/.installed          ## build the playbook and serve it with live reload on :8000
	$(BIN)/playbook serve

build: $(BIN)/.installed          ## validate, generate and build the static site into site/
	$(BIN)/playbook build

validate: $(BIN)/.installed
	$(BIN)/playbook validate

schema: $(BIN)/.installed         ## regenerate the JSON Schemas in schemas/
	$(BIN)/playbook schema

# Debian's Chromium for the end-to-end tests (Playwright cannot download its own browser here),
# and Node.js for the browser scoring engine's own tests (`node --test tests/js/`).
browser:
	@command -v chromium >/dev/null && command -v node >/dev/null || { $(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q $$(command -v chromium >/dev/null || echo chromium) \
		$$(command -v node >/dev/null || echo nodejs); }

test: $(BIN)/.installed browser   ## install what the tests need, then run them all
	$(BIN)/python -m pytest

# Zensical (Material's successor engine) gets a virtualenv of its own: the benchmark builds the
# same Markdown with it. Node.js runs the browser scoring engine.
.venv-zensical/bin/zensical:
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install -q zensical

bench: $(BIN)/.installed browser .venv-zensical/bin/zensical   ## benchmarks/run.py: figures, and results.json
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build site $(VENV) .venv-zensical
