# Meridian — the two commands: `make run` and `make test` (plus `make bench`).
# Each installs what it needs on a fresh Debian 12 machine (apt-get, with sudo when not root).

SHELL := /bin/bash
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Packages meridiand needs to build and run.
RUN_PACKAGES := pkg-config libssh-dev libxml2-dev libyang2-dev libcrypt-dev libyuma-base
# Packages the tests add: real peers and tools the interop tests start themselves.
TEST_PACKAGES := $(RUN_PACKAGES) libyang2-tools openssh-client openssh-server sshpass chrony ntpsec-ntpdig
VENV := .venv
PYTHON ?= python3
PORT ?= 8830
STATE ?= .state
CONFIG ?= debug

BIN = $(shell swift build -c $(CONFIG) --show-bin-path)

.PHONY: help run test bench build deps-run deps-test venv unit-test interop-test yang-lint clean

YUMA := /usr/share/yuma/nmda-modules/ietf:/usr/share/yuma/modules/ietf
IETF_SYSTEM := /usr/share/yuma/modules/ietf/ietf-system@2014-08-06.yang

help:
	@echo "make run    build and start meridiand on 127.0.0.1:$(PORT) (state in $(STATE)/)"
	@echo "make test   install test tools, build, run swift test and the interoperability tests"
	@echo "make bench  release build and the benchmarks (see Benchmarks/README.md)"

# Installs the Debian packages of $(1) that are missing; nothing when all are present.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-run:
	$(call apt_install,$(RUN_PACKAGES))

deps-test:
	$(call apt_install,$(TEST_PACKAGES))

$(VENV)/.installed: Tests/interop/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/interop/requirements.txt
	touch $@

venv: $(VENV)/.installed

build:
	swift build -c $(CONFIG)

run: deps-run build
	@mkdir -p $(STATE)
	@echo "================================================================"
	@echo " meridiand: NETCONF over SSH on 127.0.0.1:$(PORT), state in $(STATE)/"
	@echo " connect:   ssh -p $(PORT) admin@127.0.0.1 -s netconf"
	@echo " NTP:       served at stratum 10 on 127.0.0.1 UDP 10123 (examples/default-config.xml);"
	@echo "            python3 examples/ntp-query.py 127.0.0.1 10123"
	@echo "            python3 -c \"from ncclient import manager; m = manager.connect(host='127.0.0.1', port=$(PORT), username='admin', password='...', hostkey_verify=False); print(m.session_id)\""
	@echo " the admin password is printed below on the first run only;"
	@echo " add users with: $(BIN)/meridiand user add NAME --state-dir $(STATE) --password-stdin"
	@echo " stop with Ctrl-C"
	@echo "================================================================"
	$(BIN)/meridiand run --state-dir $(STATE) --netconf-listen 127.0.0.1:$(PORT) --initial-config examples/default-config.xml

unit-test:
	swift test

# Our modules must pass both libyang's and pyang's checks (RFC 8407 lint).
yang-lint: venv
	yanglint -p /usr/share/yuma/nmda-modules/ietf -p /usr/share/yuma/modules/ietf \
	  -F ietf-system:ntp,ntp-udp-port $(IETF_SYSTEM) yang/*.yang
	$(VENV)/bin/pyang --lint -p $(YUMA) yang/*.yang
	@echo "yang-lint: yanglint and pyang --lint passed for" yang/*.yang

interop-test: venv build
	MERIDIAND="$(BIN)/meridiand" $(VENV)/bin/python -m pytest -q -p no:cacheprovider Tests/interop

test: deps-test venv build yang-lint
	swift test
	MERIDIAND="$(BIN)/meridiand" $(VENV)/bin/python -m pytest -q -p no:cacheprovider Tests/interop

bench: deps-test venv
	swift build -c release --static-swift-stdlib
	MERIDIAND="$(shell swift build -c release --show-bin-path)/meridiand" bash Benchmarks/run.sh

clean:
	rm -rf .build $(VENV)
