# Two commands matter: `make serve` (build and serve the playbook) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build validate test fuzz lock schema browser npm bench clean

# uv, hash-checked from requirements/uv.txt, in a virtualenv of its own (uv sync would remove it
# from the project's). It installs the exact, hash-checked set of versions in uv.lock.
TOOLS  := .venv-tools
UV     := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS    := never

$(UV): requirements/uv.txt
	@$(PYTHON) -m venv $(TOOLS) 2>/dev/null || { $(SUDO) apt-get install -y -q python3-venv && $(PYTHON) -m venv $(TOOLS); }
	$(TOOLS)/bin/pip install -q --require-hashes -r requirements/uv.txt
	@touch $@

# The project's virtualenv: exactly uv.lock (--locked fails if the lock is stale against
# pyproject.toml). Redone when either changes.
$(BIN)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --all-extras --python $(PYTHON) --quiet
	@touch $@

lock: $(UV)                       ## refresh uv.lock after editing the dependencies in pyproject.toml
	$(UV) lock --python $(PYTHON)

serve: $(BIN)/.installed          ## build the playbook and serve it with live reload on :8000
	$(BIN)/playbook serve

build: $(BIN)/.installed          ## validate, generate and build the static site into site/
	$(BIN)/playbook build

validate: $(BIN)/.installed
	$(BIN)/playbook validate

schema: $(BIN)/.installed         ## regenerate the JSON Schemas in schemas/
	$(BIN)/playbook schema

# Debian's Chromium for the end-to-end tests (Playwright cannot download its own browser here),
# Node.js for the browser scoring engine's own tests (`node --test tests/js/`), and LibreOffice
# Calc (headless) to check that the CSV export opens cleanly (tests/test_report_csv.py).
browser:
	@command -v chromium >/dev/null && command -v node >/dev/null && command -v soffice >/dev/null || \
		{ $(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q $$(command -v chromium >/dev/null || echo chromium) \
		$$(command -v node >/dev/null || echo nodejs) \
		$$(command -v soffice >/dev/null || echo libreoffice-calc-nogui); }

test: $(BIN)/.installed browser   ## install what the tests need, then run them all
	$(BIN)/python -m pytest

# The large fuzz corpus: 1,000 mutated files per input kind (`make test` runs 100 of each);
# FUZZ_SEED=N picks another corpus. Failing cases are saved in build/fuzz-failures/.
fuzz: $(BIN)/.installed           ## run the large fuzz corpus through the real CLI
	FUZZ_CASES=$${FUZZ_CASES:-1000} $(BIN)/python -m pytest tests/test_fuzz.py -q

# The benchmark also builds the same Markdown with Zensical (locked as the `zensical` extra).
# npm installs the benchmark's pinned Lighthouse (benchmarks/package-lock.json).
npm:
	@command -v npm >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }

bench: $(BIN)/.installed browser npm  ## benchmarks/run.py: figures, and results.json
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build site $(VENV) $(TOOLS)
