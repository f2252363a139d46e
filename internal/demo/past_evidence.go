package demo

// PastEvidence is what the past round's assembly learned from: an
// evidence pack for each theme of the agenda (NHS-style briefings, each
// with an easy-read version), the witnesses the advisory committee
// approved or declined, a member's request and two written submissions.
// The documents, people and organisations are invented.
type PastEvidence struct {
	Packs       []EvidencePack
	Requests    []EvidenceRequest
	Submissions []EvidenceSubmission
}

// EvidencePack is one theme's pack.
type EvidencePack struct {
	Theme     string // the theme's name, as in pastTopics
	Documents []EvidenceDocument
	Witnesses []EvidenceWitness
}

// EvidenceDocument is a briefing: its versions in Markdown, oldest first,
// and its easy-read version.
type EvidenceDocument struct {
	Title    string
	Versions []string
	EasyRead string
}

// EvidenceWitness is a nominated witness and the committee's decision.
type EvidenceWitness struct {
	Name, Organisation, Topic, Interests string
	NominatedBy                          string // a user key of the demo
	Approved                             bool
	View                                 string // set when approved
	Reason                               string
}

// EvidenceRequest is an assembly member's request and the committee's
// answer.
type EvidenceRequest struct {
	Theme, Kind, Text, Answer string
}

// EvidenceSubmission is a written submission to the open call, published.
type EvidenceSubmission struct {
	Theme, By, Organisation, Interests, Body string
}

// FirstRoundEvidence returns the past round's evidence.
func FirstRoundEvidence() PastEvidence {
	return PastEvidence{Packs: pastPacks, Requests: pastRequests, Submissions: pastSubmissions}
}

var pastPacks = []EvidencePack{
	{Theme: themeGP, Documents: []EvidenceDocument{
		{Title: "How GP appointments are booked today",
			Versions: []string{
				`# How booking works in Northshire

There are 48 GP practices in Northshire. Each practice decides how people book. Most use three ways:

- **Telephone**: lines open at 8am, and most same-day appointments are gone by 8:30am.
- **Online**: 31 practices offer some appointments through the NHS App or their website.
- **In person**: at the reception desk, usually from 8am.

# Who answers the phone

Calls are answered by care navigators (receptionists trained to direct people to the right service). They may offer a GP, a practice nurse, a pharmacist, a physiotherapist or a mental health practitioner.

# What the figures say

In the last year practices in Northshire offered about 2.1 million appointments. 44% were on the same day they were booked. 71% were face to face.`,
				`# How booking works in Northshire

There are 48 GP practices in Northshire. Each practice decides how people book. Most use three ways:

- **Telephone**: lines open at 8am, and most same-day appointments are gone by 8:30am.
- **Online**: 31 practices offer some appointments through the NHS App or their website. Since April, 9 of them open online booking at 7am, before the phone lines.
- **In person**: at the reception desk, usually from 8am.

# Who answers the phone

Calls are answered by care navigators (receptionists trained to direct people to the right service). They may offer a GP, a practice nurse, a pharmacist, a physiotherapist or a mental health practitioner.

# What the figures say

In the last year practices in Northshire offered about 2.1 million appointments. 44% were on the same day they were booked. 71% were face to face.

*This version corrects the number of practices with online booking and adds the 7am change, after a question from an assembly member.*`,
			},
			EasyRead: `# Booking a GP appointment

There are 48 doctors' surgeries in Northshire.

You can book in 3 ways:

- on the phone
- online, on the NHS App
- at the front desk

The phone lines open at 8 in the morning.

Many appointments are gone by half past 8.

The person on the phone may send you to a nurse or a pharmacist. They are trained to help you see the right person.`},
		{Title: "GP appointments: what patients told us",
			Versions: []string{`# A summary of patient experience

This summary brings together the national GP Patient Survey results for Northshire, 212 issues raised in this round, and comments collected by Healthwatch Northshire.

# Main findings

1. Getting through on the phone is the biggest problem: 58% said it was not easy.
2. People who work shifts, carers and people with hearing loss find the 8am rush hardest.
3. Most people were happy with the care once they got an appointment (82%).
4. Many did not know they could see a pharmacist or a physiotherapist without seeing a GP first.

# What people said

"I ring 40 times from the bus on my way to work, and when I get through there is nothing left."`},
			EasyRead: `# What patients told us about booking

We asked people about booking a doctor's appointment.

Many people said:

- it is hard to get through on the phone
- it is hardest for people who work shifts, carers, and deaf people
- the care is good once you get an appointment

Some people did not know they can see a chemist or a physio without seeing a doctor first.`},
		{Title: "Other people who can help at your practice",
			Versions: []string{`# Roles at the practice besides the GP

Most practices in Northshire now have:

- **Clinical pharmacists**, who review medicines and treat minor illness.
- **First contact physiotherapists**, for back, joint and muscle problems, without a GP referral.
- **Mental health practitioners**, for people with anxiety, low mood or more serious problems.
- **Social prescribing link workers**, who connect people to local groups and services.

These roles are paid for by the NHS through primary care networks (groups of practices working together).`},
			EasyRead: `# Other people at your surgery

You do not always need to see a doctor.

At most surgeries you can also see:

- a chemist, about your medicines
- a physio, if your back or joints hurt
- a mental health worker, if you feel low or worried
- a link worker, who can help you find local groups`},
	},
		Witnesses: []EvidenceWitness{
			{Name: "Dr Helen Cartwright", Organisation: "Riverside Surgery", Topic: "How a busy practice manages demand and why it changed its booking system.",
				Interests: "GP partner at Riverside Surgery; member of the Northshire Local Medical Committee.", NominatedBy: "u01", Approved: true, View: "NHS provider",
				Reason: "The assembly asked to hear how practices decide on booking from someone who runs one."},
			{Name: "Marcus Ohene", Organisation: "Northshire Deaf Association", Topic: "What phone-only booking means for deaf people.",
				Interests: "Paid development worker at Northshire Deaf Association, which receives a grant from the Board.", NominatedBy: "u11", Approved: true, View: "patient group",
				Reason: "Speaks for people the evidence shows are shut out by the 8am rush; the grant is declared."},
			{Name: "James Hollis", Organisation: "BookWell Ltd", Topic: "An online booking product used by practices in other areas.",
				Interests: "Sales director at BookWell Ltd, which sells booking software to GP practices.", NominatedBy: "u12", Approved: false,
				Reason: "The committee does not invite witnesses to present a product they sell. The independent evaluation of online booking is in the pack instead."},
		}},
	{Theme: themeCrisis, Documents: []EvidenceDocument{
		{Title: "Mental health crisis care in Northshire today",
			Versions: []string{`# Where people go in a crisis

A mental health crisis is when someone needs help urgently because of their mental health, for example because they are thinking of harming themselves.

In Northshire, people can:

- call **NHS 111 and choose the mental health option**, open 24 hours a day;
- go to the **crisis café** in Leeds Road, open 6pm to midnight, Thursday to Sunday;
- go to **A&E**, where the liaison psychiatry team sees people.

# Waiting times

Last year people in crisis waited on average 9 hours in A&E for a mental health bed or assessment. 1 in 8 waited more than 24 hours.`},
			EasyRead: `# Help in a mental health crisis

A crisis is when you need help with your mental health straight away.

You can:

- phone 111 and choose the mental health option, day or night
- go to the crisis café on Leeds Road in the evening
- go to A&E at the hospital

Some people wait a long time in A&E. On average they wait 9 hours.`},
		{Title: "Waiting times explained",
			Versions: []string{`# What the waiting times measure

NHS waiting times count from when someone arrives to when they leave A&E or are admitted. For mental health, people may be assessed quickly but then wait for a bed, which is counted in the same figure.

# Why people wait

- There are 86 adult mental health beds in Northshire; on most days all are full.
- When no local bed is free, people are sent to hospitals outside Northshire.
- Assessments at night rely on one on-call team for the whole county.`},
			EasyRead: `# Why people wait

The hospital counts the time from when you arrive to when you leave.

People wait because:

- the mental health wards are often full
- some people have to go to a hospital far away
- at night there is only one team for the whole county`},
	},
		Witnesses: []EvidenceWitness{
			{Name: "Sgt Paula Reid", Organisation: "Northshire Police", Topic: "How often officers take people in crisis to A&E or hold them under the Mental Health Act.",
				Interests: "Serving police officer; leads the force's mental health liaison team.", NominatedBy: "u01", Approved: true, View: "public service",
				Reason: "The police see the crises that happen at night, when services are closed."},
			{Name: "Leah Morgan", Organisation: "Open Minds", Topic: "Her own experience of crisis care and what helped.",
				Interests: "Volunteer with Open Minds, a mental health charity; no payment.", NominatedBy: "u09", Approved: true, View: "lived experience",
				Reason: "Members asked to hear from someone who has used the services."},
		}},
	{Theme: themeHome, Documents: []EvidenceDocument{
		{Title: "Getting home from hospital: how discharge works",
			Versions: []string{`# From ward to home

When someone is well enough to leave hospital, the ward team plans their discharge. If they need care at home, the council's social care team arranges it.

# Delays

On an average day last winter, 112 people in Northshire's hospitals were well enough to leave but were still waiting. The main reasons were:

1. waiting for a package of care at home (52%);
2. waiting for a care home place (21%);
3. waiting for equipment or changes to their home (11%).

Older people lose muscle strength quickly in bed: ten days in hospital can mean ten years of muscle ageing for people over 80.`},
			EasyRead: `# Going home from hospital

When you are well, the hospital plans for you to go home.

Some people need help at home. The council sets this up.

Some people wait in hospital because the help is not ready.

Staying in bed too long makes older people weaker.`},
		{Title: "Patient experience of leaving hospital",
			Versions: []string{`# What families told us

Healthwatch Northshire spoke to 64 patients and families in the last year.

- Many were told on the day that they could go home, with no time to prepare.
- Several waited in the discharge lounge for medicines for more than four hours.
- Carers were often not asked whether they could cope.`},
			EasyRead: `# What families said

We spoke to 64 patients and families.

They said:

- they were told on the day they could go home
- they waited a long time for their medicines
- carers were not asked if they could cope`},
	},
		Witnesses: []EvidenceWitness{
			{Name: "Ravi Desai", Organisation: "Northshire County Council", Topic: "How care at home is arranged and why it is hard to find carers.",
				Interests: "Head of adult social care at Northshire County Council.", NominatedBy: "u02", Approved: true, View: "local authority",
				Reason: "Discharge depends on social care; the council must be heard alongside the hospital."},
			{Name: "Dr Sarah Lindqvist", Organisation: "University of Northshire", Topic: "Research on what speeds up discharge for older people.",
				Interests: "Academic researcher; her research is funded by the National Institute for Health and Care Research.", NominatedBy: "u01", Approved: true, View: "independent researcher",
				Reason: "Brings evidence from other areas that the assembly can compare."},
		}},
}

var pastRequests = []EvidenceRequest{
	{Theme: themeGP, Kind: "source", Text: "How many practices already let people book online before the phone lines open?",
		Answer: "Nine practices do, since April. We have updated the briefing \"How GP appointments are booked today\" (version 2) with the figures."},
}

var pastSubmissions = []EvidenceSubmission{
	{Theme: themeGP, By: "u06", Organisation: "Healthwatch Northshire", Interests: "Healthwatch Northshire is funded by Northshire County Council under a statutory contract.",
		Body: "Over the last year we heard from 1,240 people about their GP practice. The most common problem was getting through on the phone at 8am. People who work early shifts told us they have given up trying. We recommend that every practice offers some appointments that can be booked online or later in the day, and that practices publish how they book."},
	{Theme: themeHome, By: "u08", Organisation: "Carers Together", Interests: "Carers Together is a charity; 20% of its income is a grant from the Board.",
		Body: "Unpaid carers are often the people who make discharge work, yet they are rarely asked whether they can cope. We ask the assembly to recommend that no one is discharged to the care of a family member without a conversation with that carer, and a named contact for the first week at home."},
}
