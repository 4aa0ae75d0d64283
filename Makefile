# The two front-door commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: install demo test bench clean

install: $(VENV)/.installed

# torch first, pinned to the CPU build, so sentence-transformers does not pull a CUDA build.
$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
# The AI Atlas Nexus data (alignkg import atlas --package); --no-deps: its own code is never imported.
	$(BIN)/pip install --quiet --no-deps ai-atlas-nexus==1.2.5
	touch $@

demo: install
	$(BIN)/alignkg build
	$(BIN)/alignkg query techniques-for-deceptive-alignment
	$(BIN)/alignkg search "how can a weak model supervise a strong one?" -k 5

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
