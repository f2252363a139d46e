package voting

import "encoding/binary"

// A parcel is a set of identical ballot papers during an STV count: same
// preferences, same current value, held by the same candidate.
type parcel struct {
	prefs []int32 // candidates in order of preference, cleaned
	count int64   // number of papers
	value int64   // value of each paper, in units
	pos   int32   // index in prefs of the candidate now holding it
}

// cleanRanks returns the preferences of a ranked ballot as an STV count
// reads them: empty ranks are skipped, an overvote ends the ballot, a
// candidate ranked again or withdrawn is skipped. It runs in time linear in
// the ballot's length; seen must be all false and is left so.
func cleanRanks(ranks []int, withdrawn, seen []bool, buf []int32) []int32 {
	buf = buf[:0]
	for _, r := range ranks {
		if r == Overvote {
			break
		}
		if r < 0 || withdrawn[r] || seen[r] {
			continue
		}
		seen[r] = true
		buf = append(buf, int32(r))
	}
	for _, r := range buf {
		seen[r] = false
	}
	return buf
}

// aggregate merges identical (cleaned) ballots into parcels of value unit
// per paper. It returns the parcels and the number of valid papers; papers
// with no usable preference are not valid and are left out.
func aggregate(e *Election, unit int64) ([]parcel, int64) {
	withdrawn := make([]bool, len(e.Candidates))
	for _, w := range e.Withdrawn {
		withdrawn[w] = true
	}
	index := make(map[string]int32, len(e.Ballots)/2+1)
	parcels := make([]parcel, 0, len(e.Ballots)/2+1)
	var valid int64
	var buf []int32
	var key []byte
	seen := make([]bool, len(e.Candidates))
	for _, b := range e.Ballots {
		buf = cleanRanks(b.Ranks, withdrawn, seen, buf)
		if len(buf) == 0 || b.Count == 0 {
			continue
		}
		valid += b.Count
		key = key[:0]
		for _, p := range buf {
			key = binary.AppendUvarint(key, uint64(p))
		}
		if i, ok := index[string(key)]; ok {
			parcels[i].count += b.Count
			continue
		}
		prefs := make([]int32, len(buf))
		copy(prefs, buf)
		index[string(key)] = int32(len(parcels))
		parcels = append(parcels, parcel{prefs: prefs, count: b.Count, value: unit})
	}
	return parcels, valid
}
