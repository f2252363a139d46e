package demo

// PastQualityEntry is the organisers' assessment of one principle. Links
// may hold "{round}", the past round's id.
type PastQualityEntry struct {
	Principle   string
	Rating      string // met | partly_met | not_met
	Narrative   string
	NarrativeCy string
	Links       []string
}

// PastQuality is the past round's quality self-assessment: the
// organisers' entries, the assessor's first review (returned with
// comments), the entry rewritten after it, and the sign-off.
type PastQuality struct {
	Entries         []PastQualityEntry
	AssessorEmail   string
	AssessorName    string
	Returned        string           // the assessor's comments on the first review
	Revised         PastQualityEntry // the entry rewritten after the comments
	Statement       string           // the sign-off statement
	DaysAfterFollow []float64        // entries, first review, revision, sign-off: days after the move into Follow-up
}

// FirstRoundQuality is the past round's self-assessment against the OECD's
// Good Practice Principles, signed off by an academic from a university's
// democracy centre (invented).
func FirstRoundQuality() PastQuality {
	return PastQuality{
		Entries: []PastQualityEntry{
			{"purpose", "met", "The round had one public question, agreed with the Board before it opened: what should change first in how people in our area reach GP appointments, mental health crisis care and support to get home from hospital? The three themes came from the 2,300 issues the public raised and were chosen by the citizens' jury, not by us or the Board.",
				"Roedd gan y cylch un cwestiwn cyhoeddus, a gytunwyd gyda'r Bwrdd cyn iddo agor. Daeth y tair thema o'r materion a gododd y cyhoedd, a'r rheithgor dinasyddion a'u dewisodd.", []string{"/cycles/{round}/agenda"}},
			{"accountability", "met", "The Board committed in public, before the assembly met, to answer every recommendation that passed within nine weeks of the vote, with reasons. It answered all eleven in public: eight accepted, two accepted in part and one not accepted. Progress on each commitment is reported on the platform and a stocktake meeting is planned.",
				"Ymrwymodd y Bwrdd yn gyhoeddus i ateb pob argymhelliad a basiwyd o fewn naw wythnos, gyda rhesymau. Atebodd bob un o'r un ar ddeg yn gyhoeddus.", []string{"/cycles/{round}/recommendations"}},
			{"transparency", "met", "Every step was announced on the round's timeline before it happened. The jury's ballots and count, the selection's pool, quotas and lottery, the evidence packs and every recommendation's tally and ballots are published as open data. The only things not published are the names of the jury and the members, as they were promised.",
				"", []string{"/cycles/{round}/agenda", "/cycles/{round}/selection", "/cycles/{round}/recommendations"}},
			{"representativeness", "met", "Invitations went to 8,000 households drawn at random from 12,000 addresses; 640 people registered and the 60 members were drawn from them by a published lottery with quotas for age, sex, ethnicity, disability and area, set from the census. Two people who declined were replaced from the reserve list, keeping every quota.",
				"Aeth gwahoddiadau i 8,000 o aelwydydd a ddewiswyd ar hap; cofrestrodd 640 o bobl a dewiswyd y 60 aelod drwy loteri gyhoeddedig gyda chwotâu o'r cyfrifiad.", []string{"/cycles/{round}/selection"}},
			{"inclusiveness", "partly_met", "Members were paid for their time and their travel and care costs, and the Leeds venue was step-free with a hearing loop. Every page and the evidence were in Welsh and easy read, and people could join the second meeting online and send questions into the room. We fell short on interpreters: two members who asked for British Sign Language had one only on the second day.",
				"", []string{"/cycles/{round}/meetings", "/cycles/{round}/evidence"}},
			{"information", "met", "Each theme had an evidence pack written with the advisory committee, every document with an easy-read version. Witnesses were approved by the committee with their interests declared and a balance of views, members asked for further sources and had them answered in public, and the open call brought written submissions, published after moderation.",
				"", []string{"/cycles/{round}/evidence"}},
			{"group_deliberation", "met", "Members met in six discussion groups, two per theme, balanced by the lottery's answers and each run by an independent facilitator with a Board member listening. Each group's key points were published after every session, and recommendations were drafted in the groups and amended by the whole assembly before the vote.",
				"", []string{"/cycles/{round}/meetings", "/cycles/{round}/recommendations"}},
			{"time", "partly_met", "Eight weeks passed between the evidence packs going out and the vote. Members met for one full day in person and one online evening session, with the evidence to read between them: less than the four full days the OECD suggests. Members told us they wanted a second day together.",
				"", []string{"/cycles/{round}"}},
			{"integrity", "met", "The round was run by the programme's independent engagement team, not by the Board. The jury's and the members' votes were secret ballots whose results anyone can recount from the published ballots, and every change on the platform is in its audit log.",
				"", []string{"/cycles/{round}/recommendations"}},
			{"privacy", "partly_met", "Registrations were sealed (encrypted) and seen only by the organisers; the published files hold no names, and members' names were never published. The consent promised to erase everyone's details when the assembly ended; we have kept them, sealed, to invite members to the stocktake, and the platform's check below marks this. They will be erased after the stocktake.",
				"", []string{"/privacy"}},
			{"evaluation", "met", "This assessment is published with the round and was reviewed and signed off by an independent assessor. Members filled in a feedback form after each session; its summary and what we will change next time are linked here.",
				"", []string{"/cycles/{round}/quality"}},
		},
		AssessorEmail: "r.pryce@democracy-centre.example.ac.uk",
		AssessorName:  "Dr Rhiannon Pryce, Centre for Deliberative Democracy, University of Mid Wales",
		Returned:      "A careful account. Before I sign it off: under Time, say plainly how many days the members met and how that compares with the OECD's four full days, rather than the eight weeks alone.",
		Revised: PastQualityEntry{"time", "partly_met", "Eight weeks passed between the evidence packs going out and the vote (the platform measures 56 days from the start of Learning to the vote). But members met for only one full day in person and one online evening session: about a day and a half together, well short of the OECD's four full days. Members told us they wanted a second day together, and the next round plans three.",
			"Aeth wyth wythnos heibio rhwng y pecynnau tystiolaeth a'r bleidlais, ond dim ond tua diwrnod a hanner y cyfarfu'r aelodau, ymhell o bedwar diwrnod llawn yr OECD.", []string{"/cycles/{round}", "/cycles/{round}/meetings"}},
		Statement:       "I observed both meetings and reviewed the published records. This is a fair and candid account of the round. The selection, the secret ballots and the Board's public answers meet the OECD's principles well; the time members had together, interpretation and the late erasure of personal details fall short, and the assessment says so. I recommend the next round plans at least three full days and erases registrations when the assembly ends.",
		DaysAfterFollow: []float64{12, 20, 23, 30},
	}
}
