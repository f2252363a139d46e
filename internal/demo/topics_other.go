package demo

// Other issues people raise in a Gather: real concerns, fewer supporters.
// Three of them are confirmed into themes; the rest are left for organisers
// to group, so the suggestions page has work to show.
var otherTopics = []topic{
	{
		key: "gp-access", theme: "Getting a GP appointment",
		themeDescription: "Ringing at 8am, online booking that does not work, and seeing the same GP.",
		tags:             []string{"GP", "access"}, org: "riverside-ppg", supports: [2]int{2, 14},
		titles: []string{
			"Can't get a GP appointment without ringing at 8am",
			"Online booking for GP appointments that actually works",
			"Seeing the same GP for people with long-term conditions",
			"Longer GP appointments for people with several conditions",
			"GP telephone triage does not work for deaf patients",
			"GP receptionists ask for medical details in a busy waiting room",
		},
		openers: []string{
			"I rang my GP surgery 47 times one morning before I got through.",
			"I have three long-term conditions and see a different doctor every time.",
			"Our patient participation group surveyed 300 patients about appointments.",
		},
		problems: []string{
			"By the time you get through to the GP practice all the appointments have gone.",
			"Ten minutes with a GP is not enough when you have several conditions.",
			"Online GP booking shows no appointments, so everyone phones anyway.",
		},
		asks: []string{
			"Let people book GP appointments days ahead, by phone, online or in person.",
			"People with long-term conditions should be able to see the same GP.",
			"Fund more GP appointments in the evenings and at weekends.",
		},
	},
	{
		key: "urgent-care", tags: []string{"urgent care", "emergency care"}, supports: [2]int{1, 12},
		titles: []string{
			"Twelve-hour A&E waits for elderly patients",
			"Too many people go to A&E because they have nowhere else to go",
			"Ambulance response times in rural areas",
			"NHS 111 sends everyone to A&E anyway",
			"Keep our local minor injuries unit open",
		},
		openers: []string{
			"My 89-year-old mother spent fourteen hours on a trolley in A&E.",
			"We live 25 miles from the nearest A&E.",
			"I called NHS 111 about my son's rash and was told to go to A&E.",
		},
		problems: []string{
			"A&E is overwhelmed because there is nowhere else to go in the evening.",
			"Ambulances wait outside A&E for hours instead of answering calls.",
			"Urgent care options are confusing and change all the time.",
		},
		asks: []string{
			"Keep local urgent treatment centres open so A&E can cope.",
			"Publish A&E and ambulance waiting times for every hospital each week.",
			"NHS 111 should be able to book people straight into a GP or urgent care appointment.",
		},
	},
	{
		key: "dentistry", theme: "NHS dentistry",
		themeDescription: "Finding an NHS dentist, children's check-ups and dental charges.",
		tags:             []string{"dentistry"}, supports: [2]int{2, 14},
		titles: []string{
			"No NHS dentist taking on patients in our town",
			"Children unable to get NHS dental check-ups",
			"NHS dental charges are too high for people on low incomes",
			"Emergency dental care is impossible to find",
			"Dental care for care home residents",
		},
		openers: []string{
			"I have phoned every dental practice within twenty miles.",
			"My daughter is seven and has never seen an NHS dentist.",
			"I work in a care home where residents have not seen a dentist for years.",
		},
		problems: []string{
			"No NHS dentist is taking on new patients, so people go without or pay privately.",
			"Dental pain means people end up in A&E, which cannot treat teeth.",
			"NHS dental charges put people on low incomes off going at all.",
		},
		asks: []string{
			"Everyone should be able to register with an NHS dentist near where they live.",
			"Every child should have a free NHS dental check-up each year.",
			"Reform the NHS dental contract so practices can afford to take NHS patients.",
		},
	},
	{
		key: "maternity", tags: []string{"maternity"}, supports: [2]int{1, 10},
		titles: []string{
			"Continuity of midwife care through pregnancy",
			"Partners should be able to stay overnight on maternity wards",
			"Listen to women when they say something is wrong in labour",
			"Breastfeeding support in the first weeks",
			"Bereavement suites for parents who lose a baby",
		},
		openers: []string{
			"I saw nine different midwives during my pregnancy.",
			"When our baby was stillborn we were on a ward with crying newborns.",
			"I told the midwife three times that something was wrong.",
		},
		problems: []string{
			"Maternity care feels rushed and nobody knows your history.",
			"Women are not listened to when they raise concerns in labour.",
			"Support for new parents stops the day you leave the maternity unit.",
		},
		asks: []string{
			"Every woman should have the same midwife or small team throughout pregnancy.",
			"Every maternity unit should have a bereavement suite.",
			"Fund breastfeeding and early parenting support at home.",
		},
	},
	{
		key: "cancer", tags: []string{"cancer"}, supports: [2]int{1, 12},
		titles: []string{
			"Faster referral when cancer is suspected",
			"Cancer screening invitations in other languages",
			"Support for people living with cancer after treatment ends",
			"Travel costs for cancer treatment far from home",
			"Cervical screening appointments in the evenings and at weekends",
		},
		openers: []string{
			"It took five GP visits before my bowel cancer was referred.",
			"I finished chemotherapy last year and felt abandoned afterwards.",
			"We drive 70 miles each way for my wife's radiotherapy.",
		},
		problems: []string{
			"Cancer is found late because referrals take too long.",
			"Screening invitations are in English only and people do not understand them.",
			"After cancer treatment ends, the support ends too.",
		},
		asks: []string{
			"Anyone with suspected cancer should be seen within two weeks, everywhere.",
			"Send cancer screening invitations in people's own language and in easy read.",
			"Help with travel costs for people having cancer treatment far from home.",
		},
	},
	{
		key: "discharge", theme: "Leaving hospital and social care",
		themeDescription: "People stuck in hospital waiting for care, or sent home without it.",
		tags:             []string{"social care", "hospital discharge"}, org: "carers-together", supports: [2]int{2, 12},
		titles: []string{
			"Patients stuck in hospital waiting for social care",
			"Hospital discharge without a care package in place",
			"Health and social care should share one record",
			"Fifteen-minute home care visits are not enough",
			"Care home fees and NHS continuing healthcare assessments",
		},
		openers: []string{
			"My father was medically fit to leave hospital but stayed six weeks waiting for care.",
			"My aunt was sent home from hospital at 11pm with no care in place.",
			"I am a home care worker and we have fifteen minutes per visit.",
		},
		problems: []string{
			"Hospital discharge is delayed because social care is not ready.",
			"People are discharged from hospital without anyone checking they can cope at home.",
			"Health and social care are run separately and families fall between them.",
		},
		asks: []string{
			"Nobody should leave hospital until their care at home is arranged.",
			"Fund social care properly so hospital beds are not blocked.",
			"One shared care record for hospital, GP and social care.",
		},
	},
	{
		key: "carers", tags: []string{"carers"}, org: "carers-together", supports: [2]int{1, 12},
		titles: []string{
			"Recognise unpaid carers at GP practices",
			"Breaks and replacement care for unpaid carers",
			"Young carers missing school to look after parents",
			"Tell carers what is happening when the person they care for leaves hospital",
			"Flexible appointments for carers who work",
		},
		openers: []string{
			"I have cared for my wife for eleven years without a single night off.",
			"I was a young carer for my mum from the age of nine.",
			"Our carers' charity supports over 2,000 unpaid carers.",
		},
		problems: []string{
			"Unpaid carers save the NHS billions but are invisible to services.",
			"Carers are not told about discharge or medication changes.",
			"Carers cannot get appointments that fit around caring and work.",
		},
		asks: []string{
			"Every GP practice should keep a carers register and offer carers health checks.",
			"Carers should have a right to regular breaks with replacement care.",
			"Include carers in discussions about the person they care for.",
		},
	},
	{
		key: "records", tags: []string{"records", "data"}, supports: [2]int{0, 10},
		titles: []string{
			"Let me see my own health records online",
			"Hospitals and GPs cannot see each other's records",
			"Be honest about who my health data is shared with",
			"Opting out of data sharing should be simple",
			"Stop asking me to repeat my history at every appointment",
		},
		openers: []string{
			"I have had to tell my medical history to eleven different people this year.",
			"I tried to opt out of data sharing and it took three letters.",
			"The hospital could not see that my GP had changed my medication.",
		},
		problems: []string{
			"Records do not follow patients, so mistakes happen and time is wasted.",
			"People do not know who sees their health data or why.",
			"Patients cannot see their own test results and letters.",
		},
		asks: []string{
			"Give everyone online access to their full health record.",
			"Publish a plain-English register of who health data is shared with.",
			"Let staff in hospitals and GP practices see the same record, with the patient's consent.",
		},
	},
	{
		key: "pharmacy", tags: []string{"prescriptions", "pharmacy"}, supports: [2]int{0, 10},
		titles: []string{
			"Scrap prescription charges for long-term conditions",
			"Medicine shortages at local pharmacies",
			"Repeat prescriptions should be easier to order",
			"Let pharmacists treat minor illnesses",
			"Wasted medicines in care homes",
		},
		openers: []string{
			"I have asthma and pay for three prescriptions every month.",
			"My pharmacy could not get my HRT for six weeks.",
			"I am a community pharmacist.",
		},
		problems: []string{
			"Prescription charges mean people ration their medicines.",
			"Medicine shortages send people from pharmacy to pharmacy.",
			"Pharmacists could do much more if they were allowed to.",
		},
		asks: []string{
			"Make prescriptions free for people with long-term conditions.",
			"Let pharmacists prescribe for common minor illnesses.",
			"Fix repeat prescription ordering so it works first time.",
		},
	},
	{
		key: "transport", tags: []string{"transport", "parking"}, supports: [2]int{1, 12},
		titles: []string{
			"Hospital car parking charges for patients and visitors",
			"Free parking for parents of sick children in hospital",
			"Patient transport for people without a car in rural areas",
			"Buses to the new hospital do not run in the evening",
			"Blue badge spaces at the hospital are always full",
		},
		openers: []string{
			"We paid over £200 in parking while our baby was in neonatal care.",
			"I do not drive and the hospital is two buses away.",
			"My husband uses a wheelchair and we circle the car park for half an hour.",
		},
		problems: []string{
			"Hospital parking charges are a tax on being ill.",
			"Without a car, getting to hospital appointments is almost impossible.",
			"People miss appointments because transport does not exist.",
		},
		asks: []string{
			"Free hospital parking for patients, carers and parents of sick children.",
			"Patient transport for everyone who cannot get to hospital another way.",
			"Plan bus routes with hospitals when services move.",
		},
	},
	{
		key: "accessible", tags: []string{"learning disabilities", "accessibility"}, supports: [2]int{1, 12},
		titles: []string{
			"Easy read letters for people with learning disabilities",
			"British Sign Language interpreters for hospital appointments",
			"Hospital passports for autistic people",
			"Reasonable adjustments for autistic patients in A&E",
			"Accessible information in appointment letters",
		},
		openers: []string{
			"I have a learning disability and cannot read my hospital letters.",
			"I am Deaf and my BSL interpreter did not turn up again.",
			"My son is autistic and A&E is overwhelming for him.",
		},
		problems: []string{
			"Letters and information are not accessible, so people miss appointments.",
			"Reasonable adjustments are a legal duty but are rarely made.",
			"Interpreters are booked late or not at all.",
		},
		asks: []string{
			"Follow the Accessible Information Standard in every NHS service.",
			"Offer easy read versions of every letter and leaflet.",
			"Book BSL interpreters automatically for Deaf patients.",
		},
	},
	{
		key: "gender-identity", tags: []string{"gender identity"}, supports: [2]int{0, 10},
		titles: []string{
			"Waiting times for gender identity clinics",
			"Trans people treated with respect at GP practices",
			"Gender identity services closer to home",
			"Bridging prescriptions while waiting for a gender clinic",
			"Training for NHS staff on caring for trans patients",
		},
		openers: []string{
			"I have been on the gender identity clinic waiting list for four years.",
			"My GP refused to use my name and pronouns.",
			"The nearest gender clinic is 200 miles away.",
		},
		problems: []string{
			"Waiting lists for gender identity clinics are measured in years.",
			"Trans patients face disrespect in ordinary NHS services.",
			"There are very few gender identity services in the country.",
		},
		asks: []string{
			"Cut waiting times for gender identity clinics to the 18-week standard.",
			"Train NHS staff to treat trans patients with dignity.",
			"Open more gender identity services around the country.",
		},
	},
	{
		key: "young-people", tags: []string{"children and young people"}, supports: [2]int{0, 10},
		titles: []string{
			"Health services that young people actually use",
			"Sexual health clinics are closing",
			"Confidential GP appointments for teenagers",
			"Moving from children's to adult services",
			"Eating disorder support for young people",
		},
		openers: []string{
			"I am 17 and did not know I could see a GP on my own.",
			"Our youth council asked 500 young people about health services.",
			"My daughter was discharged from children's services at 18 with nothing in place.",
		},
		problems: []string{
			"Health services are designed for adults and put young people off.",
			"The move from children's to adult services is abrupt and frightening.",
			"Young people wait too long for eating disorder treatment.",
		},
		asks: []string{
			"Design health services with young people, not for them.",
			"Plan the move to adult services from age 14, with one named worker.",
			"Keep young people's sexual health services open and easy to reach.",
		},
	},
	{
		key: "self-care", tags: []string{"self-care", "long-term conditions"}, supports: [2]int{0, 10},
		titles: []string{
			"Personal health budgets for people with long-term conditions",
			"Help to manage diabetes at home",
			"Self-referral to physiotherapy",
			"Apps and online tools the NHS recommends",
			"Education courses for people with long-term conditions",
		},
		openers: []string{
			"I have type 2 diabetes and manage it mostly on my own.",
			"I hurt my back and waited nine weeks to see a physiotherapist.",
			"My personal health budget lets me choose my own carers.",
		},
		problems: []string{
			"People want to manage their own conditions but are not given the tools.",
			"Having to see a GP to be referred wastes everyone's time.",
			"There is too much health information online and nobody says what to trust.",
		},
		asks: []string{
			"Let people refer themselves to physiotherapy and other services.",
			"Offer everyone with a long-term condition a self-management course.",
			"Extend personal health budgets to more people.",
		},
	},
	{
		key: "end-of-life", tags: []string{"end of life care"}, supports: [2]int{0, 10},
		titles: []string{
			"Dying at home if that is what people want",
			"Palliative care at night and at weekends",
			"Talking about end of life wishes early",
			"Hospice funding should not depend on charity shops",
			"Support for bereaved families",
		},
		openers: []string{
			"My mother wanted to die at home but there was no night nursing.",
			"I volunteer at our local hospice shop.",
			"When my husband died nobody from the NHS contacted me afterwards.",
		},
		problems: []string{
			"Most people want to die at home but most die in hospital.",
			"Palliative care stops at five o'clock and at weekends.",
			"Hospices are funded mainly by charity.",
		},
		asks: []string{
			"Provide 24-hour palliative care in the community.",
			"Fund hospices properly from the NHS.",
			"Offer bereavement support to every family.",
		},
	},
	{
		key: "staff", tags: []string{"NHS staff"}, supports: [2]int{0, 10},
		titles: []string{
			"Look after NHS staff wellbeing",
			"Stop relying on agency staff",
			"Nurses are leaving because of burnout",
			"Let staff raise concerns without fear",
			"Training places for GPs in rural areas",
		},
		openers: []string{
			"I have been a nurse for 22 years and have never seen morale so low.",
			"I am a junior doctor.",
			"I raised a safety concern and was moved to another ward.",
		},
		problems: []string{
			"Staff are exhausted, and patients feel the effects.",
			"Agency staff cost a fortune and do not know the wards.",
			"Staff who speak up about safety are punished.",
		},
		asks: []string{
			"Invest in staff wellbeing and safe staffing levels.",
			"Protect whistleblowers and act on their concerns.",
			"Train and keep more staff where they are needed most.",
		},
	},
	{
		key: "senses", tags: []string{"hearing", "eye care"}, supports: [2]int{0, 8},
		titles: []string{
			"Free NHS hearing aids for older people",
			"Waiting times for cataract operations",
			"Eye tests for people with learning disabilities",
			"Audiology waiting lists",
		},
		openers: []string{
			"My father has waited a year for a cataract operation.",
			"I waited seven months for a hearing test.",
			"My sister has a learning disability and has never had an eye test.",
		},
		problems: []string{
			"Hearing and sight loss make people isolated and more likely to fall.",
			"Waiting lists for audiology and cataracts are very long.",
			"Eye tests are not adapted for people with learning disabilities.",
		},
		asks: []string{
			"Cut waiting times for cataract operations and hearing tests.",
			"Offer adapted eye tests for people with learning disabilities.",
			"Keep hearing aids free on the NHS.",
		},
	},
	{
		key: "public-health", tags: []string{"public health"}, supports: [2]int{0, 10},
		titles: []string{
			"Healthy food in hospitals",
			"Weight management services for adults",
			"Exercise on prescription",
			"Less sugar in children's diets",
			"Stop-smoking services have been cut",
		},
		openers: []string{
			"Our hospital sells crisps and fizzy drinks next to the diabetes clinic.",
			"My GP told me to lose weight but there is no service to refer me to.",
			"I gave up smoking with help from a service that has now closed.",
		},
		problems: []string{
			"Public health services are being cut when they save money.",
			"The NHS gives mixed messages about healthy living.",
			"There is nothing between advice and surgery for people who are overweight.",
		},
		asks: []string{
			"Restore funding for stop-smoking and weight management services.",
			"Make hospital food healthy for patients, staff and visitors.",
			"Let GPs prescribe exercise classes.",
		},
	},
	{
		key: "inclusion", tags: []string{"inclusion", "inequality"}, supports: [2]int{0, 10},
		titles: []string{
			"Interpreters for patients who do not speak English",
			"Homeless people refused GP registration",
			"Gypsy and Traveller families registering with a GP",
			"Health care for asylum seekers",
			"Digital exclusion: not everyone can book online",
		},
		openers: []string{
			"I support homeless people at a day centre.",
			"My mother speaks only Bengali and I have to interpret at her appointments.",
			"I do not have a smartphone or the internet.",
		},
		problems: []string{
			"People are turned away from GP practices for having no address or ID.",
			"Family members, even children, are used as interpreters.",
			"Moving everything online shuts out people who are not online.",
		},
		asks: []string{
			"Nobody should be refused GP registration for lack of an address.",
			"Provide professional interpreters for every appointment that needs one.",
			"Always keep a phone and face-to-face way to use NHS services.",
		},
	},
	{
		key: "involvement", tags: []string{"involvement", "accountability"}, org: "healthwatch", supports: [2]int{1, 12},
		titles: []string{
			"How will NHS Citizen link with Healthwatch and patient participation groups?",
			"Patient participation groups should be listened to",
			"Pay expenses so everyone can take part in NHS engagement",
			"Tell us what changed after we took part",
			"Patient representatives need training and support",
		},
		openers: []string{
			"I have been to many NHS engagement events over the years.",
			"I chair a patient participation group.",
			"I could not afford to travel to the last national event.",
		},
		problems: []string{
			"If anyone asks now, I have no idea what might have changed as a result of taking part.",
			"The same few people are always involved and others stand little chance of being heard.",
			"It is unclear how national engagement links with Healthwatch, PPGs and CCGs.",
		},
		asks: []string{
			"Report back on every issue raised: what was done and who was responsible.",
			"Pay travel and care costs so anyone can take part.",
			"Work with local Healthwatch and PPGs instead of starting from scratch.",
		},
	},
	{
		key: "waiting-lists", tags: []string{"waiting times", "hospitals"}, supports: [2]int{1, 12},
		titles: []string{
			"Waiting over a year for a hip replacement",
			"Tell patients where they are on the waiting list",
			"Operations cancelled on the day",
			"Support while waiting for surgery",
			"Let patients choose a hospital with a shorter wait",
		},
		openers: []string{
			"My mum has waited 14 months for her hip replacement and can barely walk.",
			"My operation was cancelled twice on the day.",
			"I have no idea how long I will wait for my knee operation.",
		},
		problems: []string{
			"Waiting lists for planned operations keep growing.",
			"Patients are not told how long they will wait.",
			"People's health gets worse while they wait for surgery.",
		},
		asks: []string{
			"Tell every patient their expected wait and keep them updated.",
			"Offer physiotherapy and pain support while people wait.",
			"Let patients move to a hospital with a shorter wait.",
		},
	},
	{
		key: "complaints", tags: []string{"complaints", "patient safety"}, supports: [2]int{0, 10},
		titles: []string{
			"Make NHS complaints simple",
			"Learn from complaints instead of defending them",
			"Independent advocacy for people making complaints",
			"Apologise when things go wrong",
			"Publish what hospitals change after complaints",
		},
		openers: []string{
			"My complaint to the hospital took eighteen months to resolve.",
			"I am an independent complaints advocate.",
			"When my father died after a mistake, nobody said sorry.",
		},
		problems: []string{
			"The complaints process is slow, defensive and confusing.",
			"Complaints are treated as threats rather than as learning.",
			"People do not know where to complain or who can help.",
		},
		asks: []string{
			"One simple complaints route for all NHS services.",
			"Publish what changed as a result of complaints every year.",
			"Fund independent advocacy for everyone who complains.",
		},
	},
	{
		key: "mens-health", tags: []string{"men", "prevention"}, supports: [2]int{0, 8},
		titles: []string{
			"Men do not go to the doctor until it is too late",
			"Health checks at work for men",
			"Prostate cancer awareness",
			"Men's sheds and community health",
		},
		openers: []string{
			"I run a men's shed in our town.",
			"My husband only went to the GP when he collapsed.",
			"I work on a building site and nobody talks about health.",
		},
		problems: []string{
			"Men are much less likely to see a GP or take up health checks.",
			"Services are open when most working men cannot go.",
			"Men's health gets little attention compared with its cost.",
		},
		asks: []string{
			"Take health checks to workplaces and community groups men already use.",
			"Open GP practices early and late for working people.",
			"Run campaigns on men's health in plain language.",
		},
	},
}
