package kit

import (
	"net/http"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
)

func TestAccessCheck(t *testing.T) {
	anon := people.Anonymous
	cit := people.User{ID: 1, Roles: []people.Role{people.RoleCitizen}}
	mod := people.User{ID: 2, Roles: []people.Role{people.RoleCitizen, people.RoleModerator}}
	admin := people.User{ID: 3, Roles: []people.Role{people.RoleCitizen, people.RoleAdmin}}
	tests := []struct {
		name   string
		access Access
		u      people.User
		want   apperr.Kind // -1: allowed
	}{
		{"public, anonymous", Public, anon, -1},
		{"demo, anonymous", Demo, anon, -1},
		{"signed in, anonymous", SignedIn, anon, apperr.Unauthenticated},
		{"signed in, citizen", SignedIn, cit, -1},
		{"moderator, anonymous", Role(people.RoleModerator), anon, apperr.Unauthenticated},
		{"moderator, citizen", Role(people.RoleModerator), cit, apperr.Forbidden},
		{"moderator, moderator", Role(people.RoleModerator), mod, -1},
		{"organiser, moderator", Role(people.RoleOrganiser), mod, apperr.Forbidden},
		{"organiser, admin", Role(people.RoleOrganiser), admin, -1},
		{"none", Access{}, admin, apperr.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.access.Check(tt.u)
			switch {
			case tt.want == -1 && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != -1 && (err == nil || apperr.KindOf(err) != tt.want):
				t.Fatalf("Check = %v, want kind %v", err, tt.want)
			}
		})
	}
	if msg := apperr.Message(Role(people.RoleOrganiser).Check(mod)); msg != "Only organisers can do this." {
		t.Fatalf("forbidden message = %q", msg)
	}
}

func TestCheckRoutesRefusesARouteWithoutAccess(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request) error { return nil }
	good := []Route{{Method: "GET", Pattern: "/a", Access: Public, Handler: h}}
	if err := CheckRoutes(good); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]Route{
		"no access":  {{Method: "POST", Pattern: "/b", Handler: h}},
		"empty role": {{Method: "POST", Pattern: "/b", Access: Role(""), Handler: h}},
		"no handler": {{Method: "GET", Pattern: "/b", Access: Public}},
		"no method":  {{Pattern: "/b", Access: Public, Handler: h}},
		"twice":      {good[0], good[0]},
	} {
		if err := CheckRoutes(bad); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "no access" && !strings.Contains(err.Error(), "no Access") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
