package kit_test

import (
	"reflect"
	"testing"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

func TestRoundPathAndCrumbs(t *testing.T) {
	if got := kit.RoundPath(42, "/response"); got != "/cycles/42/response" {
		t.Fatalf("RoundPath = %q", got)
	}
	got := kit.RoundCrumbs(i18n.For(i18n.English), 42, "Second round", kit.Crumb{Label: "Area", URL: "/cycles/42/area"})
	want := []kit.Crumb{{Label: "Home", URL: "/"}, {Label: "Rounds", URL: "/cycles"}, {Label: "Second round", URL: "/cycles/42"}, {Label: "Area", URL: "/cycles/42/area"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("RoundCrumbs = %+v\nwant %+v", got, want)
	}
}
