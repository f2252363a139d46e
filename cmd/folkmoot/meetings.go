package main

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// newMeetings returns the service of the assemblies' meetings, balancing
// groups by the lottery's answers when this build has a selection.
func newMeetings(st storage.Store, sv services, asm *assembly.Service) *meeting.Service {
	var prof meeting.Profiles
	if sv.selection != nil {
		prof = &lotteryProfiles{sel: sv.selection, users: st}
	}
	return meeting.NewService(st, sv.cycles, sv.jury, asm, prof, nil)
}

// roomGroups gives the room's live pages (internal/room) the meetings'
// discussion groups, moderated by their facilitators.
type roomGroups struct{ ms *meeting.Service }

func (g roomGroups) RoomGroup(ctx context.Context, groupID int64) (room.Group, error) {
	gr, err := g.ms.Group(ctx, groupID)
	if err != nil {
		return room.Group{}, err
	}
	facs, err := g.ms.FacilitatorsOf(ctx, groupID)
	if err != nil {
		return room.Group{}, err
	}
	return room.Group{ID: gr.ID, CycleID: gr.CycleID, Name: gr.Name, ThemeTitle: gr.ThemeTitle, Moderators: facs}, nil
}

// lotteryProfiles gives members' answers to the lottery's questions,
// matched by their account's email to the confirmed members' answers
// (lottery.Service.Profiles, read once per call); a member the lottery
// did not choose has none.
type lotteryProfiles struct {
	sel   *lottery.Service
	users interface {
		UserByID(ctx context.Context, id int64) (people.User, error)
	}
}

func (p *lotteryProfiles) Profiles(ctx context.Context, cycleID int64, userIDs []int64) (map[int64]map[string]string, error) {
	byEmail, err := p.sel.Profiles(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]map[string]string, len(userIDs))
	for _, id := range userIDs {
		u, err := p.users.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if a, ok := byEmail[u.Email]; ok {
			out[id] = a
		}
	}
	return out, nil
}
