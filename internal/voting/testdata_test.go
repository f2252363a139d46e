package voting_test

import (
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// TestScottishTestdata runs without ../shared: two 2017 wards copied into
// testdata/ with their official count sheets (see testdata/README.md).
func TestScottishTestdata(t *testing.T) {
	for _, tc := range []struct {
		blt, sheet string
		w          ward
	}{
		{"glasgow_2017_ward15.blt", "glasgow_2017_ward15_official.json", ward{council: "glasgow", num: "15", stages: 6,
			elected: []string{"John Letford", "Jane Morgan", "Franny Scally"}}},
		{"edinburgh_2017_ward13.blt", "edinburgh_2017_ward13_official.json", ward{council: "edinburgh", num: "13", stages: 4,
			elected: []string{"Adam McVey", "Chas Booth", "Gordon John Munro"}}},
	} {
		t.Run(tc.blt, func(t *testing.T) {
			e := readElection(t, filepath.Join("testdata", tc.blt))
			r := count(t, "scottish-stv", e, voting.Options{})
			compareOfficialSheet(t, r, tc.w, filepath.Join("testdata", tc.sheet))
		})
	}
}
