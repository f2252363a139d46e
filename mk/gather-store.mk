# gather-store: storage-level benchmarks (in process, no HTTP) for the
# support path and the issue list. The HTTP-level numbers are gather's.
GATHER_STORE_ROWS := docs/bench/.gather-store.rows

.PHONY: bench-gather-store
bench:: bench-gather-store
bench-gather-store:
	@mkdir -p docs/bench
	@rm -f $(GATHER_STORE_ROWS)
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.gather-store.load
	FOLKMOOT_BENCH=1 FOLKMOOT_BENCH_OUT=$(CURDIR)/$(GATHER_STORE_ROWS) nice $(GO) test $(GOFLAGS_) -count=1 -timeout 15m \
		-run 'TestSupportThroughput|TestListTiming' ./internal/storage/sqlite ./internal/storage/postgres
	@{ \
	  echo "## Gather store"; echo; \
	  echo "Storage layer alone, through gather.Service in one process (no HTTP, no templates): the ceiling the web server works under."; \
	  echo "Supports: each client loops Service.Support (issue + cycle check, then the group-committed insert + counter + audit entry); a sixth as many supports again are made first, unmeasured, to open the pool and fill the caches (as the HTTP benchmark warms up for 1 s),"; \
	  echo "6,000 supports over 50 issues. Lists: the first three pages (20 issues) of one round's ListIssues over 100,000 imported issues, 60 calls each."; \
	  echo; \
	  echo "| database | what | throughput | p50 | p99 |"; \
	  echo "| --- | --- | --- | --- | --- |"; \
	  cat $(GATHER_STORE_ROWS); \
	  echo; \
	  echo "Reproduce: \`make bench\`, or \`FOLKMOOT_BENCH=1 go test -run 'TestSupportThroughput|TestListTiming' -v ./internal/storage/sqlite ./internal/storage/postgres\`."; \
	  echo; scripts/benchstamp.sh "$$(cat docs/bench/.gather-store.load)"; \
	} > docs/bench/gather-store.md
	@rm -f $(GATHER_STORE_ROWS) docs/bench/.gather-store.load
	@echo "wrote docs/bench/gather-store.md"
