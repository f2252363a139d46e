package demo

// PastResponse is the Board's response to the past round's
// recommendations and the follow-up of its commitments. Days count from
// the round's move into its Response phase (day 203 of the round; the
// move into Follow-up is day 63 of the response, and the current round
// opens about 105 days after it, so everything here comes before). The
// timeline's note says eleven recommendations were answered: eight
// accepted, two accepted in part, one not accepted; the members' ranked
// question (what to fund first at night) is answered too. The text, the
// owners and the links are invented.
type PastResponse struct {
	DeadlineDay int // the deadline passes at the end of this day
	Answers     []PastAnswer
	Stocktake   PastStocktake
}

// PastAnswer is the Board's answer to one recommendation.
type PastAnswer struct {
	Rec         int // its index in FirstRoundRecommendations().Items
	Decision    string
	Reasons     string
	ReasonsCy   string
	Day         int
	Commitments []PastCommitment
}

// PastCommitment is a commitment, made the day after its answer.
type PastCommitment struct {
	Title, Owner, Measure string
	DueDay                int
	Status                string
	Progress              int
	Updates               []PastUpdate
}

// PastUpdate is a progress update.
type PastUpdate struct {
	Day      int
	Status   string
	Progress int
	Text     string
	Links    []string
}

// PastStocktake is the review and stocktake meeting.
type PastStocktake struct {
	Day          int
	Place, Notes string
}

const nhsE = "https://www.england.nhs.uk"

// FirstRoundResponse returns the Board's response to the past round.
func FirstRoundResponse() PastResponse {
	return PastResponse{DeadlineDay: 62, Answers: []PastAnswer{
		{Rec: 0, Decision: "accepted", Day: 12,
			Reasons:   "The Board agrees that no single way of booking should take all of the day's urgent appointments. From the next contract year every practice will keep a share of same-day slots for phone, online and in-person booking, and report how they are used.",
			ReasonsCy: "Mae'r Bwrdd yn cytuno na ddylai un ffordd o drefnu gymryd holl apwyntiadau brys y dydd. O'r flwyddyn gontract nesaf bydd pob practis yn cadw cyfran o apwyntiadau'r un diwrnod ar gyfer ffôn, ar-lein a wyneb yn wyneb, ac yn adrodd sut y cânt eu defnyddio.",
			Commitments: []PastCommitment{
				{Title: "Keep a share of same-day appointments for each way of booking in every practice", Owner: "Director of Primary Care Commissioning", DueDay: 95,
					Measure: "Every practice keeps at least a quarter of its same-day appointments for each of phone, online and in-person booking, checked each month.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 30, Status: "in_progress", Progress: 40, Text: "The primary care contracts committee agreed the rule. Practices have until the end of the quarter to change their booking systems.",
							Links: []string{nhsE + "/gp/gpfv/redesign/improving-access/"}},
						{Day: 70, Status: "in_progress", Progress: 75, Text: "36 of 48 practices now keep same-day slots for each way of booking. The rest are changing their phone systems."},
						{Day: 94, Status: "done", Progress: 100, Text: "All 48 practices keep same-day slots for each way of booking. The monthly figures are published on the Board's website.",
							Links: []string{nhsE + "/statistics/statistical-work-areas/appointments-in-general-practice/"}},
					}},
				{Title: "Publish each practice's same-day booking figures every month", Owner: "Head of Primary Care Performance", DueDay: 90,
					Measure: "A monthly table of same-day appointments by practice and way of booking, published within 15 working days of the month's end.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 58, Status: "done", Progress: 100, Text: "The first monthly table was published, and will be every month from now on.",
							Links: []string{nhsE + "/statistics/statistical-work-areas/appointments-in-general-practice/"}},
					}},
			}},
		{Rec: 1, Decision: "accepted", Day: 12,
			Reasons: "Shift workers and carers told the assembly they cannot plan around same-day booking. Practices will open routine appointments four weeks ahead, alongside the same-day slots.",
			Commitments: []PastCommitment{
				{Title: "Open routine bookings four weeks ahead in every practice", Owner: "Director of Primary Care Commissioning", DueDay: 150,
					Measure: "Every practice's online and phone booking offers routine appointments at least four weeks ahead.", Status: "in_progress", Progress: 30,
					Updates: []PastUpdate{
						{Day: 45, Status: "in_progress", Progress: 50, Text: "24 of 48 practices open bookings four weeks ahead."},
						{Day: 92, Status: "in_progress", Progress: 75, Text: "36 of 48 practices open bookings four weeks ahead. Two small practices need a new booking system first."},
					}},
			}},
		{Rec: 2, Decision: "partly_accepted", Day: 19,
			Reasons: "The Board accepts that people with several long-term conditions need one person who knows their history. Small practices cannot each provide one, so the named contact will be a care coordinator shared across each primary care network, as a minority view proposed.",
			Commitments: []PastCommitment{
				{Title: "A named care coordinator in every primary care network for people with three or more long-term conditions", Owner: "Clinical Director, Primary Care Networks", DueDay: 240,
					Measure: "Every person with three or more long-term conditions has been offered a named coordinator, and can reach them by phone within two working days.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 80, Status: "in_progress", Progress: 30, Text: "Four of the seven networks have recruited their coordinators; the other three are interviewing.",
							Links: []string{nhsE + "/primary-care/primary-care-networks/"}},
					}},
			}},
		{Rec: 3, Decision: "accepted", Day: 19,
			Reasons: "Call-backs stop people waiting in a phone queue. Practices will offer them on every line, funded from the digital primary care budget.",
			Commitments: []PastCommitment{
				{Title: "A call-back option on every practice phone line", Owner: "Digital Primary Care Lead", DueDay: 100,
					Measure: "Every practice's phone line offers a call-back instead of waiting in a queue.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 40, Status: "in_progress", Progress: 50, Text: "The new cloud telephony contract includes call-backs; practices are moving to it in three groups.",
							Links: []string{nhsE + "/long-read/cloud-based-telephony/"}},
						{Day: 91, Status: "done", Progress: 100, Text: "Every practice now offers a call-back. Callers are told the time of their call-back."},
					}},
			}},
		{Rec: 5, Decision: "accepted", Day: 26,
			Reasons: "The Board agrees that a person in crisis must reach someone trained, at any hour, and that deaf people and those who cannot speak must be able to use the line too.",
			Commitments: []PastCommitment{
				{Title: "One mental health crisis line answered by trained staff 24 hours a day", Owner: "Director of Mental Health Commissioning", DueDay: 180,
					Measure: "Nine in ten calls answered by a trained person within five minutes, at every hour of the week.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 55, Status: "in_progress", Progress: 40, Text: "The three local lines have been merged into one number, staffed by mental health practitioners from 8am to midnight.",
							Links: []string{nhsE + "/mental-health/adults/crisis-and-acute-care/"}},
						{Day: 98, Status: "in_progress", Progress: 55, Text: "Night staff are being recruited; the line is answered around the clock three nights a week."},
					}},
				{Title: "Text and British Sign Language access to the crisis line", Owner: "Mental Health Programme Manager", DueDay: 200,
					Measure: "People can reach the crisis line by text message and by BSL video relay at every hour the line is open.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 50, Status: "in_progress", Progress: 30, Text: "Text messaging works during the day. A BSL video relay service has been chosen."},
						{Day: 96, Status: "delayed", Progress: 30, Text: "The BSL video relay contract has to be tendered again after the chosen supplier withdrew. Text messaging continues during the day."},
					}},
			}},
		{Rec: 6, Decision: "accepted", Day: 26,
			Reasons: "Nobody in a mental health crisis should be held in a police cell. The Board, the police and the mental health trust have agreed to end it and to add a second place of safety.",
			Commitments: []PastCommitment{
				{Title: "No one held in a police cell as a place of safety", Owner: "Mental Health Crisis Care Partnership Board", DueDay: 120,
					Measure: "No detention in a police cell under section 136 of the Mental Health Act, reported every quarter.", Status: "in_progress", Progress: 50,
					Updates: []PastUpdate{
						{Day: 88, Status: "done", Progress: 100, Text: "For a full quarter nobody was held in a police cell. The partnership will keep reporting every quarter.",
							Links: []string{"https://www.gov.uk/government/collections/police-powers-and-procedures-england-and-wales"}},
					}},
				{Title: "Open a second health-based place of safety", Owner: "Director of Mental Health Commissioning", DueDay: 330,
					Measure: "A second place of safety open every day of the year, within 30 minutes of every town.", Status: "not_started", Progress: 0},
			}},
		{Rec: 7, Decision: "partly_accepted", Day: 33,
			Reasons: "Both A&E departments will have a quiet room. A mental health worker on site every night is not possible at both hospitals this year; the liaison service will cover the larger A&E overnight and the smaller one by phone and video.",
			Commitments: []PastCommitment{
				{Title: "A quiet room for people in mental health crisis in both A&E departments", Owner: "Urgent and Emergency Care Director", DueDay: 120,
					Measure: "A quiet room in use in both A&E departments, with feedback from the people who use it.", Status: "in_progress", Progress: 50,
					Updates: []PastUpdate{
						{Day: 85, Status: "done", Progress: 100, Text: "Both quiet rooms are open. The first feedback from patients and families is being collected."},
					}},
				{Title: "A mental health liaison nurse on site overnight at Northshire General's A&E", Owner: "Mental Health Liaison Service Manager", DueDay: 200,
					Measure: "A liaison nurse on site from 8pm to 8am every night, and people seen within an hour of referral.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 75, Status: "in_progress", Progress: 50, Text: "Four of the seven nights are covered; recruitment for the rest continues."},
					}},
			}},
		{Rec: 8, Decision: "accepted", Day: 33,
			Reasons: "The members chose a crisis café open every night in each town as the first thing to fund. The Board will fund it from next year's mental health investment.",
			Commitments: []PastCommitment{
				{Title: "A crisis café open every night in each of the three towns", Owner: "Director of Mental Health Commissioning", DueDay: 270,
					Measure: "A crisis café open from 6pm to midnight every night in each town, run with a local charity.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 70, Status: "in_progress", Progress: 35, Text: "Charities have been chosen to run the cafés and premises found in two towns."},
						{Day: 99, Status: "in_progress", Progress: 45, Text: "The first café opened in the town centre library building."},
					}},
			}},
		{Rec: 9, Decision: "accepted", Day: 40,
			Reasons: "Planning care at home from the day of admission shortens waits to go home. Wards will begin it on admission, while taking care not to ask families too early about care they cannot yet judge.",
			Commitments: []PastCommitment{
				{Title: "Start discharge planning on the day of admission on every adult ward", Owner: "Chief Nursing Officer, Northshire Hospitals", DueDay: 180,
					Measure: "Nine in ten adult patients have an expected discharge date and a discharge plan within 24 hours of admission.", Status: "in_progress", Progress: 30,
					Updates: []PastUpdate{
						{Day: 90, Status: "in_progress", Progress: 65, Text: "Two thirds of adult wards set an expected discharge date within a day of admission.",
							Links: []string{nhsE + "/urgent-emergency-care/reducing-length-of-stay/"}},
					}},
			}},
		{Rec: 10, Decision: "not_accepted", Day: 40,
			Reasons: "The Board shares the aim but cannot promise it: whether care at home is ready depends on care providers the NHS does not run. Instead it will publish every week how many people are waiting to go home and for how long, and the commitments on planning discharge and a written plan aim at the same result."},
		{Rec: 11, Decision: "accepted", Day: 47,
			Reasons: "Families and carers must be asked before a discharge date is set, not told on the morning. Wards will agree the date with them.",
			Commitments: []PastCommitment{
				{Title: "Agree the planned discharge date with families and carers", Owner: "Head of Patient Flow", DueDay: 120,
					Measure: "In the monthly patient survey, nine in ten families say they were asked before the discharge date was set.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 60, Status: "in_progress", Progress: 60, Text: "Ward staff have a new checklist; the first survey shows seven in ten families were asked."},
						{Day: 97, Status: "done", Progress: 100, Text: "Nine in ten families said they were asked, for two months running."},
					}},
			}},
		{Rec: 13, Decision: "accepted", Day: 47,
			Reasons: "Every patient going home will get a written plan in plain English, with one number to call when care does not arrive.",
			Commitments: []PastCommitment{
				{Title: "A plain-English going-home plan for every patient", Owner: "Chief Nursing Officer, Northshire Hospitals", DueDay: 100,
					Measure: "Every patient discharged home leaves with a written plan, checked by a monthly audit of notes.", Status: "in_progress", Progress: 40,
					Updates: []PastUpdate{
						{Day: 89, Status: "done", Progress: 100, Text: "The plan, written with the assembly's members, is given to every patient going home. Easy-read and Welsh versions are available."},
					}},
				{Title: "One phone number to call when care does not arrive", Owner: "Director of Adult Social Care", DueDay: 150,
					Measure: "A single number answered from 7am to 10pm, and care arranged the same day for people whose care did not arrive.", Status: "planned", Progress: 10,
					Updates: []PastUpdate{
						{Day: 99, Status: "in_progress", Progress: 70, Text: "The number is open from 8am to 8pm; evening cover starts next month."},
					}},
			}},
	},
		Stocktake: PastStocktake{Day: 100, Place: "Civic Hall, Leeds",
			Notes: "The Board met twelve of the assembly's members, Healthwatch Northshire and the owners of each commitment to review where every commitment stands.\n\nSeven commitments are done, among them call-backs on every practice line, quiet rooms in both A&E departments and a written plan for every patient going home. Text and British Sign Language access to the crisis line is delayed while the video relay contract is tendered again. The second place of safety has not started: its funding is in next year's plan.\n\nMembers asked for the crisis line's answering times to be published every month, and the Board agreed. The next review will be in six months."},
	}
}
