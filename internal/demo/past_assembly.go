package demo

// AssemblyHelper is someone (not a member) who takes a part in the past
// round's assembly: a facilitator, a Board member or a member of the
// advisory committee. All invented.
type AssemblyHelper struct {
	Name, Email string
	Role        string // "facilitator", "board" or "committee"
	About       string // what they do, for the reader of the demo
}

// PastAssemblyHelpers are the past round's facilitators (two per agenda
// theme), the Board members who sat with the groups, and its advisory
// committee.
var PastAssemblyHelpers = []AssemblyHelper{
	{"Grace Okafor", "grace.okafor@facilitate.example.org", "facilitator", "independent facilitator, Leeds"},
	{"Tom Whitfield", "tom.whitfield@facilitate.example.org", "facilitator", "independent facilitator, Sheffield"},
	{"Nia Pritchard", "nia.pritchard@facilitate.example.org", "facilitator", "independent facilitator, Cardiff"},
	{"Samir Haddad", "samir.haddad@facilitate.example.org", "facilitator", "community development worker, Bradford"},
	{"Ruth Ellison", "ruth.ellison@facilitate.example.org", "facilitator", "independent facilitator, York"},
	{"Kwame Mensah", "kwame.mensah@facilitate.example.org", "facilitator", "youth worker, Manchester"},
	{"Dr Helen Marsh", "helen.marsh@board.example.nhs.uk", "board", "Board member, primary care"},
	{"James Cartwright", "james.cartwright@board.example.nhs.uk", "board", "Board member, mental health"},
	{"Anita Desai", "anita.desai@board.example.nhs.uk", "board", "Board member, hospital discharge and social care"},
	{"Prof. Alan Birch", "alan.birch@committee.example.ac.uk", "committee", "chair; health policy researcher"},
	{"Shirin Akhtar", "shirin.akhtar@committee.example.org", "committee", "patient representative"},
	{"Dafydd Morgan", "dafydd.morgan@committee.example.org", "committee", "carers' organisation"},
	{"Dr Lucy Chen", "lucy.chen@committee.example.nhs.uk", "committee", "GP, not a Board member"},
}
