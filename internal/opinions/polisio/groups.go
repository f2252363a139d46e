package polisio

import (
	"io"
)

// ReadGroups reads the participant and group-id columns of Pol.is's
// participants-votes.csv and returns participant id -> group id for every
// participant Pol.is clustered (a blank group-id means not clustered and is
// left out). Malformed rows are skipped and counted.
func ReadGroups(rd io.Reader) (map[int]int, *Report, error) {
	t, err := newTable(rd, "participant", "group-id")
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{}
	groups := map[int]int{}
	for {
		rec, line, err := t.row(rep, "participants-votes")
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if rec == nil {
			continue // malformed, noted in rep
		}
		g := t.field(rec, "group-id")
		if g == "" {
			continue
		}
		pid, err1 := parseInt(t.field(rec, "participant"))
		gid, err2 := parseInt(g)
		if err1 != nil || err2 != nil || pid < 0 || gid < 0 || pid > 1<<31-1 || gid > 1<<31-1 {
			rep.Malformed++
			rep.note("participants-votes line %d: participant or group-id is not a non-negative integer", line)
			continue
		}
		if _, dup := groups[int(pid)]; dup {
			rep.Duplicates++
			rep.note("participants-votes line %d: participant %d repeated", line, pid)
			continue
		}
		groups[int(pid)] = int(gid)
	}
	return groups, rep, nil
}
