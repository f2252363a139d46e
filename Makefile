# Folkmoot — build, demo, test, bench.
#
# `make demo` and `make test` work on a fresh Debian/Ubuntu machine: they
# install what is missing (scripts/deps.sh) or print the exact command to do so.
# Each area of the product may add its own rules in mk/<area>.mk; the rules
# `assets`, `bench` and `test-extra` are double-colon so every area can add a
# recipe of its own without touching this file.

GO        ?= go
TAGS      ?= coin
GOFLAGS_  := -tags=$(TAGS)
BIN       := bin/folkmoot
ADDR      ?= 127.0.0.1:8080
DATA      ?= demo-data

.DEFAULT_GOAL := all
# Each area's rules. Included here, before the shared recipes below, so that
# an area's `bench::` recipe runs before the report that gathers them.
-include mk/*.mk
.PHONY: all build demo test test-go test-race bench lint deps deps-build deps-test clean fmt
all: build

## deps-build: system libraries the binary links against (COIN-OR CBC/CLP), npm assets.
deps-build:
	@scripts/deps.sh build

## deps-test: everything deps-build needs plus Chromium for the browser tests.
deps-test:
	@scripts/deps.sh test

assets:: deps-build

build: deps-build assets
	$(GO) build $(GOFLAGS_) -o $(BIN) ./cmd/folkmoot

## demo: build, then create (once) and serve the demo programme on $(ADDR).
demo: build
	$(BIN) demo --addr $(ADDR) --data $(DATA)

## test: vet, the whole suite, then the race detector over the short suite.
test: deps-test assets
	$(GO) vet $(GOFLAGS_) ./...
	$(GO) test $(GOFLAGS_) -count=1 -timeout 60m ./...
	$(GO) test $(GOFLAGS_) -count=1 -race -short -timeout 20m ./...
	@$(MAKE) --no-print-directory test-extra

test-extra::
	@true

## bench: run every area's benchmarks, then gather docs/bench/*.md into docs/benchmarks.md.
bench:: deps-test assets
bench::
	@scripts/benchreport.sh > docs/benchmarks.md
	@echo "wrote docs/benchmarks.md"

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GOFLAGS_) ./...
	$(GO) vet ./...
	@if command -v staticcheck >/dev/null; then staticcheck -tags=$(TAGS) ./...; else echo "staticcheck not installed: go install honnef.co/go/tools/cmd/staticcheck@latest"; fi

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
