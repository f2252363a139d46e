package demo

// The demo's organisations: a local Healthwatch, a patient participation
// group, a carers' charity, a mental-health charity and a care leavers'
// group. All are fictional.
var organisations = []Organisation{
	{Key: "healthwatch", Name: "Healthwatch Northshire", Kind: "Local Healthwatch",
		Description: "The independent champion for people who use health and social care services in Northshire."},
	{Key: "riverside-ppg", Name: "Riverside Surgery Patient Participation Group", Kind: "Patient participation group",
		Description: "Patients of Riverside Surgery working with the practice to improve its services."},
	{Key: "carers-together", Name: "Carers Together", Kind: "Carers' charity",
		Description: "Information, breaks and a voice for unpaid carers and the people they care for."},
	{Key: "open-minds", Name: "Open Minds", Kind: "Mental health charity",
		Description: "Peer support, advice and campaigning for people living with mental illness."},
	{Key: "young-voices", Name: "Young Voices in Care", Kind: "Care leavers' group",
		Description: "Children in care and care leavers speaking up about the services meant for them."},
}

// person is one demo user before keys and e-mail addresses are added.
type person struct {
	name  string
	roles []Role
	org   string // organisation key for representatives
}

// people are the demo's users. The first organiser is the one the demo
// command prints a sign-in link for.
var people = []person{
	{"Priya Shah", []Role{RoleOrganiser, RoleCitizen}, ""},
	{"Tom Okafor", []Role{RoleOrganiser, RoleCitizen}, ""},
	{"Helen Murray", []Role{RoleModerator, RoleCitizen}, ""},
	{"Daniel Evans", []Role{RoleModerator, RoleCitizen}, ""},
	{"Grace Adeyemi", []Role{RoleAdmin}, ""},
	{"Margaret Hughes", []Role{RoleOrgRep, RoleCitizen}, "healthwatch"},
	{"Rajesh Patel", []Role{RoleOrgRep, RoleCitizen}, "riverside-ppg"},
	{"Susan Clarke", []Role{RoleOrgRep, RoleCitizen}, "carers-together"},
	{"Kwame Mensah", []Role{RoleOrgRep, RoleCitizen}, "open-minds"},
	{"Jade Wilson", []Role{RoleOrgRep, RoleCitizen}, "young-voices"},
	{"Anne Marsh", []Role{RoleCitizen}, ""},
	{"Fiona Reilly", []Role{RoleCitizen}, ""},
	{"Femi Adebayo", []Role{RoleCitizen}, ""},
	{"Nicola Barnes", []Role{RoleCitizen}, ""},
	{"Darshna Mehta", []Role{RoleCitizen}, ""},
	{"Sara Lindgren", []Role{RoleCitizen}, ""},
	{"Anita Rowe", []Role{RoleCitizen}, ""},
	{"Brian Walsh", []Role{RoleCitizen}, ""},
	{"Chloe Bennett", []Role{RoleCitizen}, ""},
	{"Mohammed Hussain", []Role{RoleCitizen}, ""},
	{"Eleanor Price", []Role{RoleCitizen}, ""},
	{"Gareth Jones", []Role{RoleCitizen}, ""},
	{"Aisha Begum", []Role{RoleCitizen}, ""},
	{"Peter Lindqvist", []Role{RoleCitizen}, ""},
	{"Joan Fletcher", []Role{RoleCitizen}, ""},
	{"Marcus Reid", []Role{RoleCitizen}, ""},
	{"Sinead O'Brien", []Role{RoleCitizen}, ""},
	{"David Cohen", []Role{RoleCitizen}, ""},
	{"Lucy Tran", []Role{RoleCitizen}, ""},
	{"Patrick Doyle", []Role{RoleCitizen}, ""},
	{"Yasmin Ali", []Role{RoleCitizen}, ""},
	{"George Thompson", []Role{RoleCitizen}, ""},
	{"Hannah Kowalski", []Role{RoleCitizen}, ""},
	{"Samuel Osei", []Role{RoleCitizen}, ""},
	{"Rebecca Lloyd", []Role{RoleCitizen}, ""},
	{"Imran Khan", []Role{RoleCitizen}, ""},
	{"Catherine Moore", []Role{RoleCitizen}, ""},
	{"Wei Chen", []Role{RoleCitizen}, ""},
	{"Bethany Hall", []Role{RoleCitizen}, ""},
	{"Arthur Pembroke", []Role{RoleCitizen}, ""},
	{"Zara Ahmed", []Role{RoleCitizen}, ""},
	{"Owen Griffiths", []Role{RoleCitizen}, ""},
}
