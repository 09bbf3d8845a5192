# ccpdesk — the two commands:
#   make run    the sandbox desktop app (ccpsim built in, the agent signed in by itself)
#   make test   everything CI runs: vet, go test -race, keyring, ccpsim conformance (real Streams in Chromium),
#               frontend unit tests, the real window under Xvfb, the panel flows in headless Chromium
#
# Every target that needs tools depends on `setup`, which installs only what is missing (fast when all present).

SHELL := /bin/sh
.DEFAULT_GOAL := help

GO      ?= go
NPM     ?= npm
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)
export PATH := $(GOBIN_DIR):$(PATH)

STREAMS_JS := e2e/node_modules/amazon-connect-streams/release/connect-streams.js

.PHONY: help setup test test-go test-keyring fuzz vet e2e run demo ccpsim bench clean app app-windows frontend-test window-test panel-e2e installers installers-test

help: ## list targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# ---------------------------------------------------------------------------------------------------------
# Setup: system packages, pinned Wails CLI, npm dependencies (scripts/setup.sh; idempotent)
# ---------------------------------------------------------------------------------------------------------
setup: ## install what is missing (apt packages, wails CLI, npm ci)
	sh scripts/setup.sh

# ---------------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------------
# -k: every part runs even when an earlier one fails (one CI run reports everything); still exits non-zero.
test: setup ## the whole suite (what CI runs): vet, Go tests, keyring, ccpsim conformance, frontend, window, panel e2e
	$(MAKE) --no-print-directory -k vet test-go fuzz test-keyring e2e frontend-test window-test panel-e2e installers-test

vet: ## go vet ./...
	$(GO) vet ./...

test-go: ## go test -race ./...
	$(GO) test -race ./...

# Each target found by `grep 'func Fuzz'`, one at a time. The generated corpus stays in Go's cache
# ($GOCACHE/fuzz); only an input that fails is written, to the package's testdata/fuzz, to commit with the fix.
# A count, not a duration: Go 1.26's coordinator can fail a duration run with a bare "context deadline
# exceeded" at the deadline, no crasher (golang/go#75804, fixed in 1.27).
FUZZTIME ?= 30000x
fuzz: ## every Go fuzz target for FUZZTIME (30000x: executions, not seconds) each
	@set -e; grep -rl --include='*_test.go' --exclude-dir=node_modules '^func Fuzz' . | sort | while read -r f; do \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do \
			echo "fuzz $$(dirname "$$f") $$name"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=200x "$$(dirname "$$f")" || exit 1; \
		done; \
	done

test-keyring: ## internal/secrets against a real gnome-keyring Secret Service (private D-Bus session)
	sh scripts/keyring-test.sh

e2e: setup ## conformance suite: unmodified amazon-connect-streams in headless Chromium against cmd/ccpsim
	cd e2e && $(NPM) test

bench: app ## every benchmark of docs/benchmarks.md (window under Xvfb, Chromium, Go, ccpsim load, sizes; ~10 min)
	sh bench/run.sh

# ---------------------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------------------
run: app ## the sandbox desktop app: ccpsim in-process, two regions, agent1 signed in, Simulator drawer
	./build/bin/ccpdesk --sandbox

demo: setup ## ccpsim alone with a demo page running Streams in your browser (open the "demo" URL it prints)
	$(GO) run ./cmd/ccpsim -demo -streams-js $(STREAMS_JS)

# ---------------------------------------------------------------------------------------------------------
# Desktop app (Wails). -m: never let wails run `go mod tidy`.
# ---------------------------------------------------------------------------------------------------------
app: setup ## build/bin/ccpdesk (Linux, WebKitGTK 4.1)
	wails build -m

app-windows: setup ## the Windows exe and NSIS installer (with checks) in build/dist
	sh scripts/build-installers.sh windows

installers: setup ## release builds in build/dist: Linux binary, Windows NSIS installer, .deb (docs/deployment.md)
	sh scripts/build-installers.sh

installers-test: setup ## the installers signed with a throwaway certificate, then checked (--version, size, signatures, deb)
	sh scripts/test-installers.sh

frontend-test: setup ## vitest: components, stores, import boundaries (generates the Wails bindings first)
	wails generate module -tags webkit2_41
	cd frontend && $(NPM) test

window-test: app ## the real binary under Xvfb: self-test scenarios, hosted shell, single instance (screenshots in e2e/artifacts/window)
	CCPDESK_BIN=$(CURDIR)/build/bin/ccpdesk CCPDESK_ARTIFACTS=$(CURDIR)/e2e/artifacts/window \
	  xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
	  $(GO) test -count=1 -tags windowtest -run Window -v ./internal/sandbox/

panel-e2e: setup ## panel flows in headless Chromium through wails dev (real Go services, real Streams, ccpsim)
	CCPDESK_ARTIFACTS=$(CURDIR)/e2e/artifacts/panel sh frontend/e2e/run.sh
	CCPDESK_ARTIFACTS=$(CURDIR)/e2e/artifacts/panel sh frontend/e2e/sso-run.sh

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
