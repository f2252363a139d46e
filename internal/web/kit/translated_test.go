package kit_test

import (
	"os"
	"testing"

	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// No English text in the layout and shared templates outside t and tn.
func TestTemplatesAreTranslated(t *testing.T) {
	webtest.CheckTranslated(t, os.DirFS("templates"))
}
