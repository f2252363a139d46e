package voting

import (
	"fmt"
	"slices"
)

// Schulze counts a ranked vote between options by the Schulze method
// (M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
// Condorcet-consistent single-winner election method", Social Choice and
// Welfare 36, 2011): d[i][j] is the number of ballots ranking i above j
// (an unranked option is below every ranked one); p[i][j] is the strength
// of the strongest path from i to j, a path's strength being its weakest
// link d[x][y] > d[y][x] (winning votes), computed by the widest-path
// Floyd-Warshall variant. Candidates ranked equal (Ballot.Equal) are
// preferred to neither by that ballot. i is ahead of j when p[i][j] > p[j][i]; winners
// are taken from the top of that order, ties between unbeaten options by
// lot. Totals in the round count how many options each beats.
func Schulze(e *Election, o Options) *Result {
	n := len(e.Candidates)
	wd := withdrawnSet(e)
	d := make([][]int64, n)
	for i := range d {
		d[i] = make([]int64, n)
	}
	var valid int64
	pos := make([]int, n)
	var buf []int32
	seen := make([]bool, len(e.Candidates))
	for _, b := range e.Ballots {
		levels := 0
		if b.Equal != nil {
			buf, levels = equalLevels(b, wd, pos, buf)
		} else {
			buf = cleanRanks(b.Ranks, wd, seen, buf)
			levels = len(buf)
		}
		if len(buf) == 0 {
			continue
		}
		valid += b.Count
		for _, c := range buf {
			seen[c] = true
		}
		for i := range pos {
			if !seen[i] {
				pos[i] = levels // unranked: below all ranked, equal among themselves
			}
		}
		for r, c := range buf {
			seen[c] = false
			if b.Equal == nil {
				pos[c] = r
			}
		}
		for _, c := range buf {
			for j := range n {
				if pos[c] < pos[j] {
					d[c][j] += b.Count
				}
			}
		}
	}
	p := make([][]int64, n)
	for i := range p {
		p[i] = make([]int64, n)
		for j := range n {
			if i != j && d[i][j] > d[j][i] {
				p[i][j] = d[i][j]
			}
		}
	}
	for k := range n {
		for i := range n {
			if i == k || p[i][k] == 0 {
				continue
			}
			for j := range n {
				if j != i && j != k {
					p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
				}
			}
		}
	}
	beats := make([]int64, n)
	for i := range n {
		for j := range n {
			if !wd[i] && !wd[j] && p[i][j] > p[j][i] {
				beats[i]++
			}
		}
	}
	res, tb := single(e, o, "schulze", "options beaten by strongest paths",
		"lot among options no remaining option beats (Schulze's own tie-breaking ranking is not used)", beats, valid)
	res.Pairwise, res.Strength = d, p
	rest := []int{}
	for c := range n {
		if !wd[c] {
			rest = append(rest, c)
		}
	}
	r := &res.Rounds[0]
	for len(res.Winners) < res.Seats && len(rest) > 0 {
		var unbeaten []int
		for _, i := range rest {
			beaten := false
			for _, j := range rest {
				if p[j][i] > p[i][j] {
					beaten = true
					break
				}
			}
			if !beaten {
				unbeaten = append(unbeaten, i)
			}
		}
		c := tb.pick(1, "Schulze order", unbeaten, false)
		res.Winners = append(res.Winners, c)
		r.Elected = append(r.Elected, c)
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: no remaining option beats it", e.Candidates[c]))
		rest = slices.DeleteFunc(rest, func(x int) bool { return x == c })
	}
	return res
}

// equalLevels reads a ballot with equal rankings: it returns the candidates
// it ranks and sets pos[c] to the level of each (0 for the first rank; the
// candidates of one equal rank share a level). As in cleanRanks, empty ranks
// are skipped, withdrawn or repeated candidates ignored, and an overvote that
// does not say which candidates were marked ends the ballot.
func equalLevels(b Ballot, wd []bool, pos []int, buf []int32) ([]int32, int) {
	buf = buf[:0]
	level := 0
	for r, c := range b.Ranks {
		var group []int
		switch {
		case c >= 0:
			group = []int{c}
		case c == Overvote && r < len(b.Equal) && b.Equal[r] != nil:
			group = b.Equal[r]
		case c == Overvote:
			return buf, level
		}
		added := false
		for _, g := range group {
			if wd[g] || slices.Contains(buf, int32(g)) {
				continue
			}
			buf = append(buf, int32(g))
			pos[g] = level
			added = true
		}
		if added {
			level++
		}
	}
	return buf, level
}
