// Package browsertest drives headless Chromium from Go tests: it opens
// pages, records every request a page makes (so a test can show that no page
// contacts an outside host), runs axe-core in the page and returns its
// serious and critical accessibility violations, and saves full-page
// screenshots.
//
// Chromium is started from $FOLKMOOT_CHROMIUM, /usr/bin/chromium or the
// first of chromium, chromium-browser, google-chrome on $PATH, with
// --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
// --disable-background-networking --disable-component-update --disable-sync,
// a fresh --user-data-dir, and a host resolver that resolves no name except
// localhost: the browser cannot reach any outside host even if a page asks.
// axe-core is read from node_modules/axe-core/axe.min.js at the module root
// (installed by npm ci from package-lock.json).
//
// When Chromium or axe-core is missing, [Start] and [Page.Axe] skip the test
// with the command to install it, except when the environment has CI=true,
// where they fail it.
//
// Use this package only from tests. It must not import other folkmoot
// packages.
//
// Must not import: any folkmoot package.
package browsertest
