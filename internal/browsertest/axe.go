package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
)

// Violation is one axe-core rule broken on a page.
type Violation struct {
	ID      string   `json:"id"`      // axe rule, e.g. "color-contrast"
	Impact  string   `json:"impact"`  // "serious" or "critical" (others are not returned)
	Help    string   `json:"help"`    // what the rule asks for
	HelpURL string   `json:"helpUrl"` // the rule's documentation
	Nodes   []string `json:"nodes"`   // CSS selectors of the offending elements
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// AxePath returns the path of axe.min.js under the module root's
// node_modules, searching upwards from the working directory for go.mod.
func AxePath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
			if _, err := os.Stat(p); err != nil {
				return "", errNoAxe
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errNoAxe
		}
		dir = parent
	}
}

func loadAxe() (string, error) {
	axeOnce.Do(func() {
		var p string
		if p, axeErr = AxePath(); axeErr == nil {
			var b []byte
			b, axeErr = os.ReadFile(p)
			axeJS = string(b)
		}
	})
	return axeJS, axeErr
}

// axeRun runs axe on the document and keeps serious and critical violations.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => n.target.join(' '))}));
})()`

// Axe injects axe-core into the page, runs it, and returns the serious and
// critical violations. It skips the test if axe-core is not installed
// (fails with CI=true).
func (p *Page) Axe() []Violation {
	p.t.Helper()
	js, err := loadAxe()
	if err != nil {
		unavailable(p.t, "%v", err)
	}
	if p.noJS {
		// axe needs timers, which do not run while scripts are disabled.
		// Enabling them now does not run the page's own scripts, which
		// were skipped when it loaded.
		p.Run(emulation.SetScriptExecutionDisabled(false))
		defer p.Run(emulation.SetScriptExecutionDisabled(true))
	}
	if err := p.Eval(js+"\n;true", nil); err != nil {
		p.t.Fatalf("browsertest: injecting axe-core: %v", err)
	}
	var vs []Violation
	if err := p.Eval(axeRun, &vs); err != nil {
		p.t.Fatalf("browsertest: running axe-core: %v", err)
	}
	return vs
}

// CheckPage runs axe on the page and fails the test for each serious or
// critical violation and each request to an outside host; name says which
// page in the messages. If shot is not "", it also saves a screenshot there.
func (p *Page) CheckPage(name, shot string) {
	p.t.Helper()
	for _, v := range p.Axe() {
		p.t.Errorf("%s: accessibility: %v", name, v)
	}
	for _, r := range p.OutsideRequests() {
		p.t.Errorf("%s: request to an outside host: %s", name, r)
	}
	if shot != "" {
		p.Screenshot(shot)
	}
}

// RequireAxe skips the test (fails with CI=true) when axe-core is missing.
func RequireAxe(t testing.TB) {
	t.Helper()
	if _, err := loadAxe(); err != nil {
		unavailable(t, "%v", err)
	}
}
