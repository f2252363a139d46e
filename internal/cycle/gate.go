package cycle

import (
	"slices"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Action is something a phase may allow or refuse.
type Action string

// The actions the gate decides. Reading, following, commenting and
// reporting are allowed in every phase and are not listed.
const (
	RaiseIssue  Action = "raise-issue"  // submit a new issue
	EditIssue   Action = "edit-issue"   // an author changes their issue within the edit window
	Support     Action = "support"      // add or withdraw a support
	ShapeThemes Action = "shape-themes" // organisers make, change, merge, split and delete themes

	VolunteerJury Action = "volunteer-jury" // a person offers to sit on the round's citizens' jury
	JuryVote      Action = "jury-vote"      // the jury is formed, votes and its count is run
	Recruit       Action = "recruit"        // addresses are imported, invitations drawn, people register by code
	Select        Action = "select"         // quotas are set and the assembly is drawn, confirmed and replaced

	Enrol         Action = "enrol"          // the assembly's members, facilitators, Board members and advisory committee are named
	Evidence      Action = "evidence"       // evidence packs, witnesses, members' requests and the open call for submissions
	Meet          Action = "meet"           // sessions, registration, check-in, expenses, discussion groups and facilitator notes
	RoomLive      Action = "room-live"      // online participants post to a group's live page; moderators approve
	DraftRecs     Action = "draft"          // groups draft recommendations, members amend them and add minority views
	RecommendVote Action = "recommend-vote" // members vote on the recommendations by secret ballot

	Respond       Action = "respond"        // the Board answers the recommendations that passed; organisers set the deadline
	Track         Action = "track"          // commitments, their statuses and progress updates, the stocktake report
	Consult       Action = "consult"        // the public consultation on the passed recommendations opens, takes questions and responses
	AssessQuality Action = "assess-quality" // the organisers write the quality self-assessment; an assessor signs it off
)

// gate is the one table of what each phase allows: the actions allowed in
// each phase. An action not listed under a phase is refused in it.
var gate = map[Action][]Phase{
	RaiseIssue:  {Gather},
	EditIssue:   {Gather},
	Support:     {Gather},
	ShapeThemes: {Gather, Agenda},

	VolunteerJury: {Gather, Agenda},
	JuryVote:      {Agenda},
	Recruit:       {Agenda, Selection},
	Select:        {Selection},

	Enrol:         {Selection, Learning, Meetings, Recommendations},
	Evidence:      {Learning, Meetings},
	Meet:          {Learning, Meetings},
	RoomLive:      {Meetings},
	DraftRecs:     {Meetings, Recommendations},
	RecommendVote: {Recommendations},

	Respond:       {Response, FollowUp},
	Track:         {Response, FollowUp},
	Consult:       {Response},
	AssessQuality: {Learning, Meetings, Recommendations, Response, FollowUp},
}

// Allows reports whether phase p allows action a.
func Allows(p Phase, a Action) bool { return slices.Contains(gate[a], p) }

// Check returns nil when c's current phase allows a, else an
// apperr.Conflict error that says why, in words a person understands.
func Check(c Cycle, a Action) error {
	if c.Allows(a) {
		return nil
	}
	switch a {
	case RaiseIssue:
		return apperr.New(apperr.Conflict, "Issues can be raised only while the round is gathering issues. %s is no longer gathering issues.", c.Title)
	case EditIssue:
		return apperr.New(apperr.Conflict, "Issues can be changed only while the round is gathering issues.")
	case Support:
		return apperr.New(apperr.Conflict, "Issues can be supported only while the round is gathering issues. %s is no longer gathering issues.", c.Title)
	case ShapeThemes:
		return apperr.New(apperr.Conflict, "Themes can be changed only until the citizens' jury has chosen the agenda.")
	case VolunteerJury:
		return apperr.New(apperr.Conflict, "People can offer to sit on the citizens' jury only until the jury is chosen.")
	case JuryVote:
		return apperr.New(apperr.Conflict, "The citizens' jury votes only while the round is choosing its agenda.")
	case Recruit:
		return apperr.New(apperr.Conflict, "Invitations and registrations for the assembly are open only while the assembly is being recruited.")
	case Select:
		return apperr.New(apperr.Conflict, "The assembly can be chosen only while the round is in its selection phase.")
	case Enrol:
		return apperr.New(apperr.Conflict, "The assembly's members and helpers can be named only from selection until the vote on recommendations ends.")
	case Evidence:
		return apperr.New(apperr.Conflict, "Evidence, witnesses and submissions are taken only while the assembly is learning and meeting.")
	case Meet:
		return apperr.New(apperr.Conflict, "Sessions and discussion groups can be changed only while the assembly is learning and meeting.")
	case RoomLive:
		return apperr.New(apperr.Conflict, "Comments and questions reach the room only while the assembly is meeting.")
	case DraftRecs:
		return apperr.New(apperr.Conflict, "Recommendations can be drafted and amended only while the assembly is meeting or voting.")
	case RecommendVote:
		return apperr.New(apperr.Conflict, "Members vote on recommendations only while the round is in its recommendations phase.")
	case Respond:
		return apperr.New(apperr.Conflict, "The Board answers the recommendations once the round is in its response phase.")
	case Track:
		return apperr.New(apperr.Conflict, "Commitments and their progress are recorded once the round is in its response phase.")
	case Consult:
		return apperr.New(apperr.Conflict, "The public consultation on the recommendations is open only while the round waits for the Board's response.")
	case AssessQuality:
		return apperr.New(apperr.Conflict, "The quality self-assessment can be written once the assembly has begun learning.")
	}
	return apperr.New(apperr.Conflict, "This cannot be done in the round's current phase.")
}
