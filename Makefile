# The README's two commands:  `make demo` (install everything, run a demo check)  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CG := $(BIN)/civicguard

.PHONY: install demo test lint bench eval train clean

$(BIN)/civicguard: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(BIN)/civicguard

install: $(BIN)/civicguard

# A blocked post makes `civicguard check` exit 1 on purpose; the demo reports that instead of failing.
demo: install
	$(CG) policy list
	@echo; echo "== An official St Helens post with personal data:"
	@$(CG) check --council st-helens --as official "Test results for Ms Laila Rahman, NHS 943 476 5919, are ready." \
		|| echo "(exit status $$?: the post would be blocked)"
	@echo; echo "== A public comment on a Sefton account:"
	@$(CG) check --council sefton --as comment "You f*cking useless w4nkers can't even fill a pothole, I've complained three times." \
		|| echo "(exit status $$?: the comment would be hidden)"
	@echo; echo "== A clean official post:"
	@$(CG) check --council st-helens --as official "Lovely day at Sherdley Park: the café is open until 4pm."

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

test: install lint
	$(BIN)/pytest -n 2 --dist loadfile

bench: install
	$(BIN)/python bench/engine_bench.py

# Detector quality on the public test splits, beside the peers (needs ../shared/data or CIVICGUARD_DATA).
eval: install
	$(BIN)/python bench/eval.py --split test

# Rebuild the shipped text model from the public train splits (validation picks C); see engine/models/PROVENANCE.md.
train: install
	$(BIN)/python -m civicguard.training.language

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
