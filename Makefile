# Meridian — the two commands: `make run` and `make test` (plus `make bench`, `make fuzz`,
# `make clients` and `make user NAME=...`). Each installs what it needs on a fresh Debian 12
# machine (apt-get, with sudo when not root).

SHELL := /bin/bash
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Packages meridiand needs to build and run.
RUN_PACKAGES := pkg-config libssh-dev libxml2-dev libyang2-dev libcrypt-dev libyuma-base libedit-dev
# Packages the clients need: python3 -m venv (Debian splits it out of python3).
CLIENT_PACKAGES := python3-venv
# Packages the tests add: real peers and tools the interop tests start themselves.
# systemd: systemd-analyze checks examples/systemd/meridiand.service (its maintainer scripts
# install cleanly on a machine not booted with systemd: every systemctl call is guarded).
# netconfd: a plain yuma123 NETCONF server that meridian-cli is tested against (test_meridian_cli_netconfd.py).
TEST_PACKAGES := $(RUN_PACKAGES) $(CLIENT_PACKAGES) libyang2-tools openssh-client openssh-server sshpass chrony ntpsec-ntpdig iproute2 systemd netconfd netconfd-module-ietf-system
VENV := .venv
PYTHON ?= python3
PORT ?= 8830
STATE ?= .state
CONFIG ?= debug

BIN = $(shell swift build -c $(CONFIG) --show-bin-path)
# The daemon `make run` and `make user` use: $(MERIDIAND) from the environment, else this checkout's build.
MERIDIAND ?= $(BIN)/meridiand
# NETCONF clients for the examples: the pins of Tests/interop/requirements.txt (netconf-console2 needs six).
CLIENT_PIP := ncclient netconf-console2 six lxml

.PHONY: help run banner user clients test bench fuzz build deps-run deps-clients deps-test venv unit-test interop-test yang-lint clean

YUMA := /usr/share/yuma/nmda-modules/ietf:/usr/share/yuma/modules/ietf
IETF_SYSTEM := /usr/share/yuma/modules/ietf/ietf-system@2014-08-06.yang

help:
	@echo "make run                          build and start meridiand on 127.0.0.1:$(PORT) (state in $(STATE)/)"
	@echo "make test                         install test tools, build, run swift test and the interoperability tests"
	@echo "make bench                        release build and the benchmarks (see Benchmarks/README.md)"
	@echo "make fuzz [FUZZ_SECONDS=60]       libFuzzer with AddressSanitizer, each fuzz target for FUZZ_SECONDS (Fuzz/README.md)"
	@echo "make clients                      ncclient and netconf-console2 in $(VENV)/ (for the examples)"
	@echo "make user NAME=alice [KEY=FILE]   add a user to $(STATE)/ (asks for the password; KEY: public-key login)"

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

deps-clients:
	$(call apt_install,$(CLIENT_PACKAGES))

deps-test:
	$(call apt_install,$(TEST_PACKAGES))

$(VENV)/.installed: Tests/interop/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/interop/requirements.txt
	touch $@

venv: $(VENV)/.installed

# Only the clients, at the versions the tests pin; `make test` adds the rest to the same venv.
$(VENV)/.clients: Tests/interop/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check \
	  $$(grep -E '^($(subst $(eval) ,|,$(CLIENT_PIP)))==' Tests/interop/requirements.txt)
	touch $@

clients: deps-clients $(VENV)/.clients
	@echo "clients: $(VENV)/bin/python (ncclient), $(VENV)/bin/netconf-console2"

build:
	swift build -c $(CONFIG)

run: deps-run build
	@mkdir -p -m 700 $(STATE)
	@$(MAKE) --no-print-directory -s banner
	$(MERIDIAND) run --state-dir $(STATE) --netconf-listen 127.0.0.1:$(PORT) --initial-config examples/default-config.xml

# What `make run` prints before starting meridiand (Tests/interop/test_readme.py runs its commands).
banner:
	@echo "================================================================"
	@echo " meridiand: NETCONF over SSH on 127.0.0.1:$(PORT), state in $(STATE)/"
	@echo " password:  first run only: printed in a box below, and kept in"
	@echo "            $(abspath $(STATE))/admin-password until admin first logs in"
	@echo " connect:   ssh -p $(PORT) admin@127.0.0.1 -s netconf"
	@echo " clients:   make clients"
	@echo "            $(VENV)/bin/netconf-console2 --host 127.0.0.1 --port $(PORT) -u admin -p '<admin password>' --hello"
	@echo " NTP:       served at stratum 10 on 127.0.0.1 UDP 10123 (examples/default-config.xml):"
	@echo "            python3 examples/ntp-query.py 127.0.0.1 10123"
	@echo " users:     make user NAME=alice"
	@echo "            make user NAME=bob KEY=~/.ssh/id_ed25519.pub"
	@echo " stop with Ctrl-C"
	@echo "================================================================"

# make user NAME=alice: asks for the password (read from stdin when it is not a terminal);
# make user NAME=bob KEY=FILE: public-key login with the OpenSSH public key FILE.
# Works while `make run` is running: meridiand reads the users on every login.
user:
	@[ -n "$(NAME)" ] || { echo "usage: make user NAME=name [KEY=public-key-file] [STATE=$(STATE)]" >&2; exit 64; }
	@[ -x "$(MERIDIAND)" ] || $(MAKE) --no-print-directory build
ifdef KEY
	$(MERIDIAND) user add '$(NAME)' --state-dir $(STATE) --authorized-key $(KEY)
else
	@if [ -t 0 ]; then read -r -s -p "password for $(NAME): " pw; echo >&2; else read -r pw; fi; \
	  printf '%s\n' "$$pw" | $(MERIDIAND) user add '$(NAME)' --state-dir $(STATE) --password-stdin
endif

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
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS)

bench: deps-test venv
	swift build -c release --static-swift-stdlib
	MERIDIAND="$(shell swift build -c release --show-bin-path)/meridiand" bash Benchmarks/run.sh

# The fuzz targets under libFuzzer and AddressSanitizer, FUZZ_SECONDS each (0: replay the corpus
# only); FUZZ_TARGETS picks some of framing, rpc, edit-config, ntp. `swift test` (so `make test`)
# replays the same corpus without the fuzzer (FuzzCorpusTests), and `make test` runs each target
# for FUZZ_TEST_SECONDS. Fuzz/README.md.
FUZZ_SECONDS ?= 60
# make test's short run of every target (after the corpus replay of swift test).
FUZZ_TEST_SECONDS ?= 5
FUZZ_TARGETS ?=
fuzz: deps-run
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz $(VENV)
