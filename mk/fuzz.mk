# Fuzzing (issue 12). Every `func FuzzX` in a tracked *_test.go file is a
# target; targets are found anew each run, so a new one needs no edit here.
#
#   make fuzz                    each target for $(FUZZTIME), then its new
#                                corpus entries copied into the package's
#                                testdata/fuzz/FuzzX/ to be committed
#   make fuzz FUZZ=FuzzReadBLT   only the targets whose name matches
#   make test-extra              (part of `make test`) the short pass: each
#                                target for $(FUZZ_SHORT), so a parser
#                                regression fails the build
#
# A failing input is written by `go test` to testdata/fuzz/FuzzX/ in the
# package; commit it with the fix, and it runs in every `go test` after.

FUZZTIME      ?= 30s
FUZZ_SHORT    ?= 3s
FUZZ          ?= .
# the short pass runs two targets at once, one fuzzing worker each
FUZZ_JOBS     ?= 1
FUZZ_PARALLEL ?= 0

.PHONY: fuzz fuzz-short fuzz-list fuzz-run
fuzz:
	@$(MAKE) --no-print-directory fuzz-run FUZZ_FOR=$(FUZZTIME) FUZZ_SAVE=1

fuzz-short:
	@$(MAKE) --no-print-directory fuzz-run FUZZ_FOR=$(FUZZ_SHORT) FUZZ_SAVE= FUZZ_JOBS=2 FUZZ_PARALLEL=1

test-extra:: fuzz-short

## fuzz-list: every fuzz target, as "package target".
fuzz-list:
	@git grep -l '^func Fuzz[A-Z]' -- '*_test.go' | while read -r f; do \
	  for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do echo "./$$(dirname $$f) $$t"; done; \
	done | sort | grep -E -- '$(FUZZ)'

# fuzz-run runs each target of fuzz-list for $(FUZZ_FOR), $(FUZZ_JOBS) at a
# time, through scripts/fuzz.sh: with FUZZ_SAVE it copies the corpus go test
# grew (in GOCACHE) into the package's testdata/fuzz/. It prints a target's
# output only on failure. Go's own deadline race (a bare "context deadline
# exceeded" with no failing input) is told apart from a finding there, and
# its classifier is checked first.
fuzz-run:
	@scripts/fuzz.sh --self-test
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -s fuzz-list FUZZ='$(FUZZ)' | \
	  GO='$(GO)' GOFLAGS_='$(GOFLAGS_)' xargs -P $(FUZZ_JOBS) -L 1 sh -c \
	  'scripts/fuzz.sh "$$0" "$$1" $(FUZZ_FOR) $(FUZZ_PARALLEL) $(FUZZ_SAVE)'; \
	rc=$$?; echo "fuzz: $(FUZZ_FOR) per target, done in $$(( $$(date +%s) - start )) s"; \
	if [ $$rc != 0 ]; then echo "fuzz: some targets failed (see above)"; exit 1; fi
