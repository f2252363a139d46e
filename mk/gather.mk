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
