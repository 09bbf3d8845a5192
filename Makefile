# ccpdesk — the two commands:
#   make run    the sandbox (for now: ccpsim with its demo page running the real Streams library)
#   make test   everything CI runs: setup, go vet, go test -race, the e2e suite (real Streams in Chromium vs ccpsim)
#
# Every target that needs tools depends on `setup`, which installs only what is missing (fast when all present).

SHELL := /bin/sh
.DEFAULT_GOAL := help

GO      ?= go
NPM     ?= npm
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)
export PATH := $(GOBIN_DIR):$(PATH)

STREAMS_JS := e2e/node_modules/amazon-connect-streams/release/connect-streams.js

.PHONY: help setup test test-go test-keyring vet e2e run ccpsim bench clean

help: ## list targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# ---------------------------------------------------------------------------------------------------------
# Setup: system packages, pinned Wails CLI, npm dependencies (scripts/setup.sh; idempotent)
# ---------------------------------------------------------------------------------------------------------
setup: ## install what is missing (apt packages, wails CLI, npm ci)
	sh scripts/setup.sh

# ---------------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------------
# -k: every part runs even when an earlier one fails (one CI run reports everything); still exits non-zero.
test: setup ## the whole suite (what CI runs): vet, Go tests with -race, real keyring, e2e
	$(MAKE) --no-print-directory -k vet test-go test-keyring e2e

vet: ## go vet ./...
	$(GO) vet ./...

test-go: ## go test -race ./...
	$(GO) test -race ./...

test-keyring: ## internal/secrets against a real gnome-keyring Secret Service (private D-Bus session)
	sh scripts/keyring-test.sh

e2e: setup ## conformance suite: unmodified amazon-connect-streams in headless Chromium against cmd/ccpsim
	cd e2e && $(NPM) test

bench: ## Go benchmarks (no tests)
	$(GO) test -run '^$$' -bench . ./...

# ---------------------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------------------
# For now `run` starts ccpsim with its demo page (Streams against the simulator in your browser; open the
# "demo" URL it prints). It will become the sandbox desktop app once the Wails app exists.
run: setup ## the sandbox (for now: ccpsim with a demo page)
	$(GO) run ./cmd/ccpsim -demo -streams-js $(STREAMS_JS)

# ---------------------------------------------------------------------------------------------------------
# ccpsim
# ---------------------------------------------------------------------------------------------------------
ccpsim: ## build bin/ccpsim
	$(GO) build -o bin/ccpsim ./cmd/ccpsim

# ---------------------------------------------------------------------------------------------------------
# Desktop app (Wails) — frontend / build targets go here.
# ---------------------------------------------------------------------------------------------------------

clean: ## remove build outputs and test artifacts
	rm -rf bin e2e/.bin e2e/artifacts
