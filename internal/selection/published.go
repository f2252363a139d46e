package selection

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// distributionRows is distribution.csv: every panel of people with its
// exact weight (a decimal; the weights sum to exactly 1), members
// space-separated as in lottery.csv.
func (o *Outcome) distributionRows() [][]string {
	rows := [][]string{{"panel", "weight", "members"}}
	for j, p := range o.DistPanels {
		rows = append(rows, []string{fmt.Sprint(j + 1), sortition.FormatWeight(o.DistWeights[j]), strings.Join(p, " ")})
	}
	return rows
}

// Published is what `select verify` reads from an output folder.
type Published struct {
	Panels      [][]int
	Weights     []*big.Rat
	Certificate *sortition.Certificate
}

// ReadPublished reads distribution.csv and certificate.json from dir,
// resolving ids against in's pool.
func ReadPublished(dir string, in *sortition.Instance) (*Published, error) {
	index := make(map[string]int, len(in.People))
	for i, p := range in.People {
		index[p.ID] = i
	}
	f, err := os.Open(filepath.Join(dir, "distribution.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("distribution.csv: %w", err)
	}
	if len(head) != 3 || head[1] != "weight" || head[2] != "members" {
		return nil, errors.New("distribution.csv: want the header panel,weight,members")
	}
	pub := &Published{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("distribution.csv: %w", err)
		}
		w, ok := new(big.Rat).SetString(strings.TrimSpace(rec[1]))
		if !ok {
			return nil, fmt.Errorf("distribution.csv line %d: weight %q is not a number", line, rec[1])
		}
		var panel []int
		for _, id := range strings.Fields(rec[2]) {
			i, ok := index[id]
			if !ok {
				return nil, fmt.Errorf("distribution.csv line %d: %q is not in the pool", line, id)
			}
			panel = append(panel, i)
		}
		pub.Panels = append(pub.Panels, panel)
		pub.Weights = append(pub.Weights, w)
	}
	data, err := os.ReadFile(filepath.Join(dir, "certificate.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	pub.Certificate = &sortition.Certificate{}
	if err := dec.Decode(pub.Certificate); err != nil {
		return nil, fmt.Errorf("certificate.json: %w", err)
	}
	return pub, nil
}

// Verify checks the published distribution and certificate in dir
// against the pool and quotas of in with panel size k (see
// sortition.Verify).
func Verify(in *Input, k int, dir string) (*sortition.VerifyReport, error) {
	inst := &sortition.Instance{Categories: in.Categories, People: in.People, K: k, QuotaFile: in.QuotaFile}
	if err := inst.Validate(); err != nil {
		return nil, err
	}
	pub, err := ReadPublished(dir, inst)
	if err != nil {
		return nil, err
	}
	return sortition.Verify(inst, pub.Panels, pub.Weights, pub.Certificate), nil
}
