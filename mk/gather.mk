# Gather (issue 2): front-end assets, extra tests and benchmarks.
# Owned by the gather-parts helper; see docs/gather.md.

NHSUK_DIST  := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR_NHS  := internal/assets/static/vendor/nhsuk-frontend
# A system font stack replaces the Frutiger web font, which NHS.UK frontend
# loads from an NHS host: folkmoot pages make no request to any outside host.
SYSTEM_FONT := Arial,"Liberation Sans","Helvetica Neue",Helvetica,sans-serif

.PHONY: gather-assets
assets:: gather-assets

## gather-assets: copy NHS.UK frontend (pinned in package-lock.json) into the embedded static folder.
# The copies are committed, so `go build` works without npm; this rule refreshes them.
gather-assets:
	@test -d $(NHSUK_DIST) || { echo "assets: $(NHSUK_DIST) missing: run npm ci"; exit 1; }
	@mkdir -p $(VENDOR_NHS)/assets/images
	@sed -E -e 's/@font-face\{[^}]*\}//g' \
	  -e 's/font-family:Frutiger W01,arial,sans-serif/font-family:$(SYSTEM_FONT)/g' \
	  -e 's/font-family:Frutiger W01([;}!])/font-family:$(SYSTEM_FONT)\1/g' \
	  -e 's#url\(/assets/#url(assets/#g' \
	  -e 's#/\*\# sourceMappingURL=[^*]*\*/##g' \
	  $(NHSUK_DIST)/nhsuk-frontend.min.css > $(VENDOR_NHS)/nhsuk-frontend.min.css.tmp
	@mv $(VENDOR_NHS)/nhsuk-frontend.min.css.tmp $(VENDOR_NHS)/nhsuk-frontend.min.css
	@sed -E -e 's#//\# sourceMappingURL=.*$$##' $(NHSUK_DIST)/nhsuk-frontend.min.js > $(VENDOR_NHS)/nhsuk-frontend.min.js
	@# Icons used by the CSS and components; not the NHS logo favicons or the opengraph image.
	@cp $(NHSUK_DIST)/assets/images/nhsuk-icon-[a-z]*.svg $(VENDOR_NHS)/assets/images/
	@rm -f $(VENDOR_NHS)/assets/images/nhsuk-icon-mask.svg
	@node -p "require('./node_modules/nhsuk-frontend/package.json').version" > $(VENDOR_NHS)/VERSION
	@echo "assets: nhsuk-frontend $$(cat $(VENDOR_NHS)/VERSION) -> $(VENDOR_NHS)"

## bench (gather): supports/s and p50/p99 at 50 and 200 clients on SQLite and
## PostgreSQL, /issues page time at 100,000 issues, similarity query time.
# Writes docs/bench/gather.md; the Makefile gathers every section afterwards.
.PHONY: bench-gather
bench:: bench-gather
bench-gather:
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.gather.load
	FOLKMOOT_BENCH_OUT=docs/bench/gather.md $(GO) test $(GOFLAGS_) -count=1 -run TestGatherBenchmarks -timeout 30m ./internal/e2e/
	$(GO) test $(GOFLAGS_) -count=1 -run '^$$' -bench 'Similar100k|Add$$|Groups10k' -benchtime 20x ./internal/similar/ | \
	  awk 'BEGIN { print "\n### Similar-issue index (internal/similar)\n"; \
	               print "TF-IDF cosine over an inverted index; `go test -run ^$$ -bench . ./internal/similar/`.\n"; \
	               print "| benchmark | time per operation |"; print "| --- | ---: |" } \
	       /^BenchmarkSimilar100k/ { printf "| issues similar to a draft, 100,000 issues indexed | %.3f ms |\n", $$3 / 1e6 } \
	       /^BenchmarkAdd/ { printf "| add one issue to an index of 10,000 | %.3f ms |\n", $$3 / 1e6 } \
	       /^BenchmarkGroups10k/ { printf "| suggest groupings among 10,000 issues | %.0f ms |\n", $$3 / 1e6 }' >> docs/bench/gather.md
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.gather.load)"; } >> docs/bench/gather.md; rm -f docs/bench/.gather.load

.PHONY: gather-screenshots
## gather-screenshots: run the browser walk-through and save its screenshots in docs/screenshots/.
gather-screenshots: deps-test assets
	FOLKMOOT_SCREENSHOTS=docs/screenshots $(GO) test $(GOFLAGS_) -count=1 -run 'TestGatherWalkThrough|TestGatherWithoutJavaScriptOnAPhone' ./internal/e2e/
