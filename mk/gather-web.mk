# Gather web app (issue 2): in-process benchmarks of the web layer.
# Owned by the gather-web helper; see docs/gather-web.md.

.PHONY: bench-gather-web
bench:: bench-gather-web

## bench-gather-web: support POST and /issues page through the whole middleware over SQLite, in process.
bench-gather-web:
	@mkdir -p docs/bench
	@load=$$(cut -d' ' -f1-3 /proc/loadavg); out=$$($(GO) test $(GOFLAGS_) -run '^$$' -bench 'BenchmarkSupport|BenchmarkIssuesPage' -benchtime 3s -count 1 ./internal/web) || { echo "$$out"; exit 1; }; \
	sup=$$(echo "$$out" | awk '/^BenchmarkSupport/ {for (i=1;i<=NF;i++) if ($$i=="supports/s") print $$(i-1)}'); \
	supns=$$(echo "$$out" | awk '/^BenchmarkSupport/ {print $$3}'); \
	page=$$(echo "$$out" | awk '/^BenchmarkIssuesPage/ {print $$3}'); \
	{ echo "## Gather web"; echo; \
	  echo "In-process (no network, no client on the cores): the handler with every middleware over SQLite in a temporary folder."; echo; \
	  echo "| measure | value |"; echo "| --- | --- |"; \
	  echo "| support POST, 200 people, parallel on all cores | $$sup supports/s ($$supns ns/op) |"; \
	  echo "| GET /issues, signed in, first 20 of 100,000 issues | $$(awk "BEGIN {printf \"%.2f\", $$page/1e6}") ms/op |"; echo; \
	  echo "Reproduce: \`go test -tags coin -run '^\$$' -bench 'BenchmarkSupport|BenchmarkIssuesPage' -benchtime 3s ./internal/web\` ($$(date -u +%F), $$(nproc) cores)."; \
	  echo; scripts/benchstamp.sh "$$load"; \
	} > docs/bench/gather-web.md
	@echo "wrote docs/bench/gather-web.md"
