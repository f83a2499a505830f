# ruff: noqa: E501  (prose: long lines of text read better unwrapped)
"""Demo content for `manage.py seed_demo`: the news of Marrowgate, an invented town.

Everything here is original and fictional: Marrowgate (about 86,000 people on the
River Wend), its council, its football club and its people do not exist.

Article bodies are lists of blocks: a plain string is a paragraph, `h2(...)` a
subhead and `quote(...)` a pull quote. `render_body()` turns them into the HTML
the sanitiser allows. Dates are local (settings.TIME_ZONE) "YYYY-MM-DD HH:MM";
a scheduled article gives `publish_in_days` instead, counted from the day the
command runs, so it stays in the future.
"""

from html import escape

IMAGE_CREDIT = "Illustration: Newsroom demo"


def h2(text):
    return ("h2", text)


def quote(text):
    return ("quote", text)


def render_body(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{escape(block, quote=False)}</p>")
        elif block[0] == "h2":
            parts.append(f"<h2>{escape(block[1], quote=False)}</h2>")
        elif block[0] == "quote":
            parts.append(
                f'<blockquote class="pullquote"><p>{escape(block[1], quote=False)}</p></blockquote>'
            )
        else:  # pragma: no cover - a typo in the data below
            raise ValueError(f"Unknown block {block!r}")
    return "\n".join(parts)


SECTIONS = [
    {
        "name": "News",
        "slug": "news",
        "description": "What is happening in Marrowgate and the Wend valley today: courts, schools, health, transport and the stories our readers send us.",
    },
    {
        "name": "Politics",
        "slug": "politics",
        "description": "Marrowgate Borough Council, elections and the decisions that shape the town, reported without fear or favour.",
    },
    {
        "name": "Business",
        "slug": "business",
        "description": "Jobs, shops, start-ups and the factories that built the town, from the Tannery Market to the Old Mill.",
    },
    {
        "name": "Culture",
        "slug": "culture",
        "description": "Theatre, books, music, festivals and the town's long memory: what to see and who is making it.",
    },
    {
        "name": "Sport",
        "slug": "sport",
        "description": "Marrowgate Athletic, the Harriers and every club in between, home and away.",
    },
    {
        "name": "Science & Environment",
        "slug": "science",
        "description": "The river, the weather, the wildlife and the research happening on our doorstep, explained.",
    },
]

TAGS = [
    ("Flooding", "flooding"),
    ("River Wend", "river-wend"),
    ("Housing", "housing"),
    ("Transport", "transport"),
    ("Schools", "schools"),
    ("Health", "health"),
    ("Council budget", "council-budget"),
    ("Elections", "elections"),
    ("High street", "high-street"),
    ("Jobs", "jobs"),
    ("Arts", "arts"),
    ("Heritage", "heritage"),
    ("Marrowgate Athletic", "marrowgate-athletic"),
    ("Cycling", "cycling"),
    ("Climate", "climate"),
    ("Wildlife", "wildlife"),
]

# `user` names one of the demo accounts created by the command; None means the
# author has no login (the guest contributor, and staff whose accounts are not
# part of the demo).
AUTHORS = [
    {
        "name": "Hannah Okafor",
        "slug": "hannah-okafor",
        "user": "journalist",
        "job_title": "Chief reporter",
        "bio": "<p>Hannah has covered Marrowgate's courts, schools and council estates for nine years. She grew up in Northfield and still lives within earshot of Quayside Park.</p>",
        "website": "https://hannah-okafor.example",
        "email": "hannah.okafor@newsroom.example",
    },
    {
        "name": "Ruth Callander",
        "slug": "ruth-callander",
        "user": "editor",
        "job_title": "Editor",
        "bio": "<p>Ruth edits the paper. Before that she spent a decade on regional newsdesks and two years as a <em>very</em> slow sub-editor. Corrections go to her desk first.</p>",
        "website": "https://ruth-callander.example",
        "email": "ruth.callander@newsroom.example",
    },
    {
        "name": "Tom Aldred",
        "slug": "tom-aldred",
        "user": None,
        "job_title": "Political correspondent",
        "bio": "<p>Tom has sat through more council meetings than he cares to count. He reports on the town hall, planning and elections, and reads every appendix so you do not have to.</p>",
        "website": "https://tom-aldred.example",
        "email": "tom.aldred@newsroom.example",
    },
    {
        "name": "Priya Nair",
        "slug": "priya-nair",
        "user": None,
        "job_title": "Business reporter",
        "bio": "<p>Priya writes about work, money and the high street. She previously worked in the finance office of a Wend valley manufacturer, which is why she always asks for the accounts.</p>",
        "website": "https://priya-nair.example",
        "email": "priya.nair@newsroom.example",
    },
    {
        "name": "Gethin Morris",
        "slug": "gethin-morris",
        "user": None,
        "job_title": "Sports editor",
        "bio": "<p>Gethin has followed Marrowgate Athletic home and away since the days of the old wooden stand. He also covers athletics, cycling and grassroots sport.</p>",
        "website": "https://gethin-morris.example",
        "email": "gethin.morris@newsroom.example",
    },
    {
        "name": "Lena Szabo",
        "slug": "lena-szabo",
        "user": None,
        "job_title": "Arts and culture writer",
        "bio": "<p>Lena reviews theatre, books and exhibitions, and writes about the town's history. She ran a second-hand bookshop on Castle Street for six years.</p>",
        "website": "https://lena-szabo.example",
        "email": "lena.szabo@newsroom.example",
    },
    {
        "name": "Jamal Reid",
        "slug": "jamal-reid",
        "user": None,
        "job_title": "Science and environment reporter",
        "bio": "<p>Jamal covers the river, the climate and the research at Wend Valley University. He trained as an ecologist and still counts birds at weekends.</p>",
        "website": "https://jamal-reid.example",
        "email": "jamal.reid@newsroom.example",
    },
    {
        "name": "Dr Imogen Pryce",
        "slug": "imogen-pryce",
        "user": None,
        "job_title": "Guest contributor; hydrologist, Wend Valley University",
        "bio": "<p>Imogen is a hydrologist who has measured the River Wend for fifteen years. She writes for us as a guest contributor; her views are her own.</p>",
        "website": "https://imogen-pryce.example",
        "email": "",
    },
]

# Keys: slug, title, standfirst, section, tags, authors, additional (extra
# reporting), date | publish_in_days, status (default "published"), pick
# (editor's pick), image (caption; the picture itself is generated), updated
# (hours after publishing that a correction or update was made), body.
ARTICLES = [
    # ----------------------------------------------------------------- 2024
    {
        "slug": "storm-ingrid-floods-old-quay",
        "title": "Storm Ingrid floods the Old Quay for the second time in a decade",
        "standfirst": "Thirty homes and a dozen businesses were under water by dawn after the River Wend rose faster than forecast.",
        "section": "news",
        "tags": ["flooding", "river-wend"],
        "authors": ["hannah-okafor"],
        "additional": ["jamal-reid"],
        "date": "2024-01-17 07:40",
        "must_read": True,
        "image": "The Old Quay, where the river topped the wall shortly after 3am.",
        "body": [
            "The River Wend burst over the Old Quay wall in the early hours of Wednesday, flooding thirty homes and a dozen businesses and forcing the evacuation of a care home on Ferry Lane.",
            "Residents said the water rose by almost a metre in less than two hours. The Environment Agency had issued a flood alert on Tuesday afternoon but did not upgrade it to a warning until shortly before midnight.",
            h2("A night on the stairs"),
            'Margaret Hollis, 74, spent the night on the landing of her cottage as the river filled the ground floor. "I have lived here since 1981 and I have never seen it come up so quickly," she said. "By the time the siren went, the sofa was floating."',
            quote("By the time the siren went, the sofa was floating."),
            "Firefighters used boats to reach eleven people on Ferry Lane and Quay Street. Nobody was seriously hurt, but two residents were treated for the cold at St Aldhelm's Hospital.",
            h2("Questions for the council"),
            "It is the second major flood on the Quay since 2014, when a smaller surge damaged the same streets. A promised flood barrier has been on the council's capital list for six years without a funding bid being submitted.",
            'The council leader, Cllr Alan Whitcombe, said a rest centre at the Corn Exchange would stay open for as long as it was needed and that the barrier would be "at the top of the agenda" at next week\'s cabinet meeting.',
        ],
    },
    {
        "slug": "council-agrees-tax-rise-budget-gap",
        "title": "Council agrees 4.9% tax rise as budget gap widens",
        "standfirst": "Marrowgate Borough Council will also close two public toilets and cut the grant to the town's museum to balance its books.",
        "section": "politics",
        "tags": ["council-budget"],
        "authors": ["tom-aldred"],
        "date": "2024-02-08 19:15",
        "body": [
            'Council tax in Marrowgate will rise by 4.9% from April, the most allowed without a local referendum, after councillors voted through a budget they admitted was "the least bad option".',
            "A band D household will pay about £94 more a year. The increase closes most of a £3.2m gap caused by rising social care costs and the expense of temporary housing.",
            'The finance portfolio holder, Cllr Farah Begum, told the meeting that the council had already saved £11m over five years. "There is no fat left to trim," she said. "Every line in this budget is something somebody relies on."',
            quote(
                "There is no fat left to trim. Every line in this budget is something somebody relies on."
            ),
            "The public toilets at Bridge Road and Northfield Parade will close in the summer, and the museum's grant falls by a fifth. Opposition councillors from the Marrowgate Independents proposed keeping the toilets open by charging for car parking on Sundays; the amendment was defeated by six votes.",
            "The budget passed by 28 votes to 19, with two abstentions.",
        ],
    },
    {
        "slug": "halden-biscuits-night-shift-jobs",
        "title": "Halden Biscuits to add a night shift and 60 jobs",
        "standfirst": "The century-old Station Road factory says a new supermarket contract means it will run around the clock for the first time since the 1990s.",
        "section": "business",
        "tags": ["jobs"],
        "authors": ["priya-nair"],
        "date": "2024-03-05 10:05",
        "body": [
            "Halden Biscuits, which has baked on Station Road since 1921, is to recruit sixty people for a new night shift after winning a contract to make own-label biscuits for a national supermarket chain.",
            "The company will run its two main ovens around the clock from June. It last worked nights in 1996, before a slump in orders led to a round of redundancies that many in the town still remember.",
            'Managing director Claire Halden, the founder\'s great-granddaughter, said most of the new roles would be permanent and paid above the real living wage. "We want people who will stay," she said. "Half of our bakers have been here for more than fifteen years."',
            "The factory will hold an open day for applicants on 23 March. Marrowgate College has agreed to run a short food-safety course for new starters.",
        ],
    },
    {
        "slug": "lantern-theatre-reopens",
        "title": "The Lantern Theatre reopens after a two-year restoration",
        "standfirst": "The Victorian playhouse on Castle Street has its painted ceiling back, a lift to the circle and, for the first time, seats you can sit in for three hours.",
        "section": "culture",
        "tags": ["arts", "heritage"],
        "authors": ["lena-szabo"],
        "date": "2024-04-19 18:30",
        "must_read": True,
        "image": "The Lantern's restored auditorium, in the colours of its 1889 ceiling.",
        "body": [
            "When the Lantern Theatre closed in the spring of 2022, its painted ceiling was held up by netting and its dressing rooms flooded whenever it rained. On Friday night it reopened with a sold-out gala and not a drip in sight.",
            h2("A ceiling rediscovered"),
            "The £6.8m restoration, paid for by a heritage grant, the council and more than two thousand individual donors, uncovered the original 1889 ceiling beneath three layers of magnolia paint. Conservators spent nine months cleaning its painted clouds and gilded stars.",
            quote(
                "We found the theatre that the town built for itself, hiding under a century of paint."
            ),
            '"We found the theatre that the town built for itself, hiding under a century of paint," said the Lantern\'s director, Oona Pilkington. The building now has a lift to the circle, a new foyer bar and air that moves.',
            h2("What's on"),
            "The opening season includes a new play about the 1926 tannery strike, a touring production of a Restoration comedy and the return of the Lantern's pantomime, which has run every winter since 1952 except during the closure.",
        ],
    },
    {
        "slug": "local-elections-no-overall-control",
        "title": "Local elections: no overall control as Independents gain four seats",
        "standfirst": "The Civic Alliance remains the largest group on Marrowgate Borough Council but has lost its majority for the first time in twelve years.",
        "section": "politics",
        "tags": ["elections"],
        "authors": ["tom-aldred", "hannah-okafor"],
        "additional": ["ruth-callander"],
        "date": "2024-05-03 04:20",
        "must_read": True,
        "body": [
            "Marrowgate Borough Council is in no overall control after the Marrowgate Independents gained four seats in an overnight count that finished shortly before four o'clock on Friday morning.",
            "The Civic Alliance, which has run the council since 2012, now holds 24 of the 49 seats. The Independents have 15, the Greens six and the Wend Valley Residents' group four.",
            h2("Flooding and the Quay"),
            "The biggest swings came in the riverside wards. In Quayside, where January's flood damaged dozens of homes, the Independents' candidate, retired firefighter Dennis Amadi, took the seat with a majority of more than 800.",
            quote(
                "People on the Quay were promised a barrier for six years. Tonight they sent the council a message."
            ),
            '"People on the Quay were promised a barrier for six years," Mr Amadi said after the declaration. "Tonight they sent the council a message."',
            "Turnout across the borough was 34%, up three points on the last election.",
            h2("What happens next"),
            'Cllr Alan Whitcombe said the Civic Alliance would try to form a minority administration and would talk to "anyone who wants to get the flood barrier built". The Independents\' leader, Cllr Nia Carraway, said her group would not enter a formal coalition but would judge each decision on its merits.',
        ],
    },
    {
        "slug": "athletic-clinch-promotion-stoppage-time",
        "title": "Athletic clinch promotion with a stoppage-time header at Quayside Park",
        "standfirst": "Centre-back Lewis Strand rose highest in the 94th minute to send Marrowgate up and start a pitch invasion that lasted half an hour.",
        "section": "sport",
        "tags": ["marrowgate-athletic"],
        "authors": ["gethin-morris"],
        "date": "2024-06-14 21:45",
        "image": "Quayside Park on promotion night, in Athletic's claret and sky blue.",
        "body": [
            "For ninety-three minutes it looked as though Marrowgate Athletic would have to do it the hard way, through the play-offs. Then Lewis Strand met a corner from Sol Whitby and the old ground shook.",
            "The 1-0 win over Hexley Rovers, in front of a record crowd of 4,812, confirms promotion as champions. It is the first time the club has gone up since 1998.",
            quote(
                "I just shut my eyes and headed it. When I opened them, everyone was on top of me."
            ),
            '"I just shut my eyes and headed it," said Strand, who joined from a non-league side two seasons ago and works part-time as an electrician. "When I opened them, everyone was on top of me."',
            'Manager Dave Kettering, in his third season, praised a squad he said had been "built on a shoestring and a lot of patience". The club now has to bring Quayside Park up to the standard required in the higher league, including a new covered stand.',
        ],
    },
    {
        "slug": "otters-back-upper-wend",
        "title": "Volunteer survey finds otters back on the upper Wend",
        "standfirst": "Paw prints and droppings at eleven sites suggest the river's otters have returned to stretches they abandoned forty years ago.",
        "section": "science",
        "tags": ["river-wend", "wildlife"],
        "authors": ["jamal-reid"],
        "date": "2024-07-22 09:00",
        "image": "The upper Wend above Hollins Weir, where otter signs were found.",
        "body": [
            "Otters are living along the upper River Wend for the first time in at least four decades, according to a survey carried out by more than a hundred volunteers this spring.",
            "Teams from the Wend Valley Wildlife Trust checked 60 sites between Marrowgate and the river's source on Kettle Moor. They found fresh droppings, known as spraints, or footprints at eleven of them, all above Hollins Weir.",
            h2("Cleaner water, quieter banks"),
            "The trust's conservation officer, Beth Ormerod, said the return was a sign that water quality had improved since the closure of the last tannery outfall in the 1980s. Fencing along the banks to keep cattle out has also helped the fish that otters eat.",
            quote(
                "Otters are fussy tenants. If they are moving back in, the river is doing something right."
            ),
            '"Otters are fussy tenants," she said. "If they are moving back in, the river is doing something right."',
            "The trust is asking walkers not to go looking for holts, and to keep dogs on leads on the stretch above the weir between March and September.",
        ],
    },
    {
        "slug": "northfield-library-saved",
        "title": "Northfield library saved after residents' campaign",
        "standfirst": "The council has reversed its plan to close the branch, which will instead share its building with a GP surgery's community team.",
        "section": "news",
        "tags": ["council-budget"],
        "authors": ["hannah-okafor"],
        "date": "2024-08-30 12:10",
        "body": [
            "Northfield library will stay open after a five-month campaign by residents who collected more than 4,000 signatures and held a read-in on the steps of the town hall.",
            "The council had proposed closing the branch to save £68,000 a year. Under the new plan, the building will be shared with the Northfield Health Centre's community team, which will pay rent and take over part of the ground floor.",
            'Campaigner Shauna Pike, a teaching assistant and mother of three, said the library was "the only warm, free, quiet room on the estate". Children from Northfield Primary wrote letters to every councillor; several were read out at the cabinet meeting.',
            quote("It is the only warm, free, quiet room on the estate."),
            "Opening hours will be cut from 40 to 32 a week, with the branch closed on Mondays. The council said the arrangement would be reviewed after two years.",
        ],
    },
    {
        "slug": "castle-street-empty-shops-lowest",
        "title": "Empty shops on Castle Street fall to lowest level since 2019",
        "standfirst": "Independent traders have filled gaps left by national chains, but landlords warn that business rates still deter newcomers.",
        "section": "business",
        "tags": ["high-street"],
        "authors": ["priya-nair"],
        "date": "2024-09-11 08:15",
        "body": [
            "One in nine shops on Castle Street is empty, down from almost one in five two years ago, according to a count by the Marrowgate Business Improvement District.",
            "Most of the new arrivals are small and local: a bicycle repair workshop, two cafés, a zero-waste grocer and a shop that sells nothing but board games. Three units vacated by national chains have been split into smaller spaces.",
            h2("Rates still bite"),
            'The district\'s manager, Owen Tranter, said shorter leases and a council scheme offering six months\' rent-free had made the difference. "Five years ago a landlord wanted a ten-year lease or nothing," he said. "Now they will take a two-year tenant who brings people through the door."',
            "But traders say business rates remain a worry. Ama Boateng, who opened the board-game shop in March, said her rates bill was larger than her electricity and insurance combined.",
        ],
    },
    {
        "slug": "bus-timetable-cuts-eastern-villages",
        "title": "New bus timetable cuts evening services to the eastern villages",
        "standfirst": "The last bus from Marrowgate to Ashby Fold and Cleeve will leave at 7.10pm from October, leaving shift workers without a way home.",
        "section": "news",
        "tags": ["transport"],
        "authors": ["hannah-okafor"],
        "additional": ["tom-aldred"],
        "date": "2024-10-02 16:00",
        "body": [
            "Evening buses to the villages east of Marrowgate are to be cut from the end of the month, with the last departure from the bus station brought forward from 10.40pm to 7.10pm.",
            "Wendline, which runs the 14 and 15 routes, said evening journeys carried an average of six passengers and had been losing money since the county council reduced its subsidy in the spring.",
            quote("If I finish at ten, I either pay for a taxi or I sleep in the staff room."),
            'Workers at St Aldhelm\'s Hospital and the Halden Biscuits night shift say they will be hit hardest. Care assistant Joanne Fell, who lives in Cleeve, said: "If I finish at ten, I either pay for a taxi or I sleep in the staff room."',
            "The county council said it was looking at a demand-responsive minibus service that passengers could book by phone, but could not say when it would start.",
        ],
    },
    {
        "slug": "why-the-wend-floods",
        "title": "Why the Wend floods, and what a barrier can and cannot do",
        "standfirst": "A barrier on the Old Quay would protect the town centre, argues hydrologist Imogen Pryce, but only if we also slow the water down upstream.",
        "section": "science",
        "tags": ["flooding", "river-wend", "climate"],
        "authors": ["imogen-pryce"],
        "date": "2024-11-15 07:00",
        "must_read": True,
        "image": "The Wend's catchment, drawn as bands of rain and river.",
        "body": [
            "Every time the Wend floods the Old Quay, the same question follows: why has nobody built a barrier? It is a fair question, and the answer is that a barrier is necessary. It is just not sufficient.",
            h2("A fast river in a narrow valley"),
            "The Wend is a flashy river. Its catchment is steep, its upland soils are thin and much of Kettle Moor was drained for grazing in the last century. When heavy rain falls on the moor, it reaches Marrowgate in about nine hours. In January it took less than seven.",
            "At the Quay the valley narrows and the river bends, which is why the medieval town grew there and why it floods there. A barrier can hold back a surge for the hours that matter. It cannot make the surge smaller.",
            quote(
                "A wall decides where the water goes. It does not decide how much water there is."
            ),
            h2("Slowing the flow"),
            "Upstream work is unglamorous: blocking old drainage ditches on the moor, planting trees in the side valleys, letting a few farm fields flood on purpose so that the town does not. Trials on similar rivers have cut flood peaks by around a tenth, which can be the difference between a wet road and a wet living room.",
            "Marrowgate should build its barrier. It should also pay farmers upstream to hold water back, and it should stop approving homes on the flood plain at Furlong Farm. A wall decides where the water goes. It does not decide how much water there is.",
        ],
    },
    {
        "slug": "winter-lantern-parade-record-crowd",
        "title": "Winter lantern parade draws a record crowd",
        "standfirst": "An estimated 12,000 people lined the route from the Tannery Market to the Old Quay for the parade's twentieth year.",
        "section": "culture",
        "tags": ["arts"],
        "authors": ["lena-szabo"],
        "date": "2024-12-09 10:30",
        "image": "Lanterns over the Tannery Market at the start of the parade.",
        "body": [
            "Marrowgate's winter lantern parade celebrated its twentieth year on Saturday evening with the biggest crowd in its history.",
            "More than 600 lanterns, made from willow and tissue paper in workshops at schools, care homes and the Lantern Theatre, were carried from the Tannery Market along Castle Street and over the bridge to the Old Quay.",
            "This year's centrepiece was a four-metre otter made by pupils at Riverside Academy, a nod to the animals' return to the upper Wend. It took forty children three weeks to build.",
            quote(
                "The first year we had about fifty lanterns and it rained. Now people come from all over the county."
            ),
            'Founder Mags Doherty said: "The first year we had about fifty lanterns and it rained. Now people come from all over the county."',
        ],
    },
    # ----------------------------------------------------------------- 2025
    {
        "slug": "flood-barrier-wins-government-grant",
        "title": "Flood barrier plan wins £14m government grant",
        "standfirst": "Construction of flood gates on the Old Quay could begin in the summer and finish before next winter, the council says.",
        "section": "politics",
        "tags": ["flooding", "river-wend"],
        "authors": ["tom-aldred", "jamal-reid"],
        "date": "2025-01-20 11:00",
        "body": [
            "Marrowgate's long-delayed flood barrier has been awarded £14m by the government, a year after Storm Ingrid flooded the Old Quay.",
            "The scheme includes a raised wall along Ferry Lane, two sets of steel gates that swing shut across Quay Street and the slipway, and new pumps to stop water backing up through the drains.",
            h2("Upstream too"),
            "A further £1.2m will pay for work on Kettle Moor, where the Wend Valley Wildlife Trust will block drainage ditches and plant 40,000 trees. Hydrologists have argued that the barrier alone would not be enough.",
            quote("This is the day the Quay stops being forgotten."),
            'Cllr Dennis Amadi, who was elected for Quayside on a promise to get the barrier built, said: "This is the day the Quay stops being forgotten." The council\'s cabinet is expected to approve a contractor in March.',
        ],
    },
    {
        "slug": "primary-schools-merge-falling-rolls",
        "title": "Two primary schools to merge as pupil numbers fall",
        "standfirst": "St Oswin's and Mill Lane primaries will become one school on two sites from September, after births in the town dropped by a fifth in ten years.",
        "section": "news",
        "tags": ["schools"],
        "authors": ["hannah-okafor"],
        "date": "2025-02-12 14:20",
        "body": [
            "Two of Marrowgate's oldest primary schools are to merge from September because there are not enough children to fill them both.",
            "St Oswin's, which has 140 pupils in a building designed for 210, and Mill Lane, which has 160 pupils for 240 places, will share a headteacher and a governing body. Both buildings will stay open for now, with infants at Mill Lane and juniors at St Oswin's.",
            "The county council said the number of children starting school in the town had fallen by 19% in a decade, and that half-empty schools were losing money because funding follows pupils.",
            quote(
                "Nobody wants to lose their school. But we would rather choose how this happens than have it done to us."
            ),
            'Mill Lane\'s headteacher, Rachel Dunmore, who will lead the merged school, said: "Nobody wants to lose their school. But we would rather choose how this happens than have it done to us." Parents will be asked to help choose a new name.',
        ],
    },
    {
        "slug": "old-mill-startup-hub-full",
        "title": "Old Mill start-ups hub reaches capacity",
        "standfirst": "The converted spinning mill now houses 46 small firms and has a waiting list for the first time since it opened.",
        "section": "business",
        "tags": ["jobs"],
        "authors": ["priya-nair"],
        "date": "2025-03-03 09:30",
        "image": "The Old Mill's brick floors, now divided into workshops and studios.",
        "body": [
            "Every desk, workshop and studio at the Old Mill is now let, and the council-owned hub has started a waiting list for the first time since it opened four years ago.",
            "Its 46 tenants employ about 230 people between them. They include a firm that designs software for vets, a maker of acoustic panels from recycled textiles, a small brewery and three architects.",
            h2("Room to grow"),
            "The council is considering converting the mill's derelict north wing, which still has its original cast-iron columns, to create space for another thirty firms. A feasibility study is due in the autumn.",
            'Tenant Marcus Feeney, whose company makes sensors for greenhouses, moved from a spare bedroom to a single desk at the mill in 2021 and now rents half a floor. "We would have moved to a city by now if this place did not exist," he said.',
        ],
    },
    {
        "slug": "harriers-veteran-national-cross-country-title",
        "title": "Marrowgate Harriers veteran wins national cross-country title at 58",
        "standfirst": "Grandmother Pauline Eckersley, who took up running at 45, won the over-55s race by more than a minute.",
        "section": "sport",
        "tags": [],
        "authors": ["gethin-morris"],
        "date": "2025-03-28 17:10",
        "image": "A cross-country course in the Harriers' green and gold.",
        "body": [
            "Pauline Eckersley of Marrowgate Harriers is the national over-55s cross-country champion after winning a muddy race by one minute and eleven seconds.",
            'Eckersley, a retired postal worker, started running thirteen years ago after her daughter entered her for a charity fun run "as a joke". She now trains six days a week, often on the towpath along the Wend before dawn.',
            quote("I am not fast. I just do not stop."),
            '"I am not fast," she said. "I just do not stop. The mud suits me; I have been running through Marrowgate puddles for years."',
            "Her win helped the Harriers' women's team to a bronze medal, the club's best result at national level since it was founded in 1964.",
        ],
    },
    {
        "slug": "minor-injuries-unit-open-until-midnight",
        "title": "Minor injuries unit at St Aldhelm's to open until midnight",
        "standfirst": "The longer hours are meant to take pressure off the emergency department, where waits of more than twelve hours have become common.",
        "section": "news",
        "tags": ["health"],
        "authors": ["hannah-okafor"],
        "additional": ["priya-nair"],
        "date": "2025-04-15 13:00",
        "body": [
            "The minor injuries unit at St Aldhelm's Hospital will stay open until midnight, four hours later than now, from the beginning of May.",
            "The unit treats sprains, cuts, minor burns and suspected broken bones in arms and legs. The hospital trust says about a quarter of the people who arrive at the emergency department in the evening could be seen there instead.",
            h2("Long waits"),
            "Figures obtained by this newspaper show that one in seven patients at the emergency department in February waited more than twelve hours from arrival to admission or discharge.",
            quote(
                "Every sprained ankle we see is a cubicle freed up for somebody having a heart attack."
            ),
            'The unit\'s lead nurse practitioner, Dami Oyelaran, said: "Every sprained ankle we see is a cubicle freed up for somebody having a heart attack." The extra hours will be staffed by six new nurses and a part-time radiographer.',
        ],
    },
    {
        "slug": "festival-of-the-wend-programme",
        "title": "Festival of the Wend announces its most ambitious programme yet",
        "standfirst": "Ten days of music, theatre and talks will include a concert on a barge and an opera in the Tannery Market.",
        "section": "culture",
        "tags": ["arts", "river-wend"],
        "authors": ["lena-szabo"],
        "date": "2025-05-21 10:00",
        "image": "A barge stage on the Wend, as imagined for the festival.",
        "body": [
            "The Festival of the Wend will stage more than eighty events over ten days in July, including a chamber opera in the covered Tannery Market and a string quartet playing from a barge moored at the Old Quay.",
            'Artistic director Felix Armitage said the programme was built around the river. "The Wend made this town, flooded it and fed it," he said. "We wanted every event to have the sound of water somewhere nearby."',
            quote("The Wend made this town, flooded it and fed it."),
            "Highlights include a walking performance that follows the river's course through town, a night of folk songs about the tannery trade and a family day at Quayside Park.",
            "About half the events are free. Tickets for the rest go on sale on 1 June, with a quarter of seats held back for residents of the borough at half price.",
        ],
    },
    {
        "slug": "heat-map-shows-which-streets-swelter",
        "title": "Town's first heat map shows which streets swelter",
        "standfirst": "On a hot afternoon, parts of Northfield are up to 6C warmer than the leafy roads around Hollins Hill, students found.",
        "section": "science",
        "tags": ["climate", "housing"],
        "authors": ["jamal-reid"],
        "date": "2025-06-09 08:45",
        "body": [
            "Some streets in Marrowgate are up to six degrees hotter than others on a summer afternoon, according to the town's first heat map, drawn up by geography students at Wend Valley University.",
            "The students fixed thermometers to their bicycles and rode set routes through the town on the three hottest days of last summer. The warmest places were the retail park on Station Road, the bus station and the tightly packed terraces of Northfield, which have few trees and a lot of tarmac.",
            h2("Shade is unequal"),
            "The coolest readings came from Hollins Hill and the streets around the park, where mature trees cover more than a third of the ground. Northfield's tree cover is below 5%.",
            quote(
                "Heat is not shared out fairly. The people with the least shade are often the people with the least money to cool their homes."
            ),
            '"Heat is not shared out fairly," said project supervisor Dr Anjali Mehta. The council has asked to use the map to decide where to plant 1,500 street trees over the next five years.',
        ],
    },
    {
        "slug": "furlong-farm-homes-approved-on-appeal",
        "title": "Controversial plan for 1,200 homes at Furlong Farm approved on appeal",
        "standfirst": "A planning inspector has overruled the council, saying the town's housing shortage outweighs concerns about flooding and traffic.",
        "section": "politics",
        "tags": ["housing", "flooding"],
        "authors": ["tom-aldred", "hannah-okafor"],
        "date": "2025-07-04 15:30",
        "must_read": True,
        "image": "Furlong Farm's fields on the edge of the Wend flood plain.",
        "body": [
            "Plans for 1,200 homes on farmland at Furlong Farm, on the southern edge of Marrowgate, have been approved by a government planning inspector after the council turned them down last year.",
            'The inspector said the borough had failed to show it had land for five years of new housing, and that the "acute need" for homes, including 360 for social rent, outweighed the harm.',
            h2("Flood risk"),
            "About a fifth of the site lies in the flood plain of the Wend. The developer, Broadleaf Homes, says no houses will be built on that part, which will become a park designed to flood in winter.",
            quote(
                "They are building a town the size of a village on a field that was under water eighteen months ago."
            ),
            'Residents of nearby Furlong Lane are not convinced. "They are building a town the size of a village on a field that was under water eighteen months ago," said Graham Poole, who chairs the Furlong Action Group.',
            h2("Schools and roads"),
            'The developer must pay £9m towards a new primary school and improvements to the Bridge Road junction. Council leader Cllr Alan Whitcombe said he was "deeply disappointed" but would not challenge the decision in court.',
        ],
    },
    {
        "slug": "athletic-new-stand-takes-shape",
        "title": "Athletic's new stand takes shape as fans return for the season",
        "standfirst": "The 1,400-seat Riverside Stand should open in October, ending a summer of building work at Quayside Park.",
        "section": "sport",
        "tags": ["marrowgate-athletic"],
        "authors": ["gethin-morris"],
        "date": "2025-08-18 19:00",
        "image": "The frame of the new Riverside Stand against an evening sky.",
        "body": [
            "Marrowgate Athletic fans returned to Quayside Park for the first home game of the season to find the steel frame of the new Riverside Stand rising where the old terrace used to be.",
            "The £3.1m stand, paid for by a supporters' share issue, a loan from the council and the sale of the club's training ground, will have 1,400 seats, a bar and, for the first time, accessible viewing platforms at both ends.",
            'Chairman Vic Otley said the club had sold shares to more than 2,000 supporters. "This stand is owned by the people who will sit in it," he said.',
            quote("This stand is owned by the people who will sit in it."),
            "On the pitch, Athletic drew 1-1 with Farrow Town, with Sol Whitby scoring a late equaliser from the penalty spot.",
        ],
    },
    {
        "slug": "bridge-road-cycle-lane-permanent",
        "title": "Cycle lane on Bridge Road to be made permanent",
        "standfirst": "Cycling on the route has trebled since the trial began, while journey times for buses have barely changed, the council says.",
        "section": "news",
        "tags": ["cycling", "transport"],
        "authors": ["hannah-okafor"],
        "additional": ["jamal-reid"],
        "date": "2025-09-05 11:45",
        "body": [
            "The protected cycle lane on Bridge Road, installed as an eighteen-month trial, will stay, the council's cabinet has decided.",
            "Counters recorded an average of 1,150 cycle journeys a day in July, compared with 380 before the trial. Bus journey times along the road rose by an average of forty seconds at peak times.",
            "The lane will be rebuilt with kerbs in place of the plastic wands, and the junction with Castle Street redesigned after complaints from pedestrians about cyclists jumping red lights.",
            quote(
                "My daughter cycles to school now. Two years ago I would not have let her near that road."
            ),
            'Parent Lucy Fairbrother said: "My daughter cycles to school now. Two years ago I would not have let her near that road." Some traders on Bridge Road opposed the scheme, saying the loss of twelve parking spaces had cost them customers.',
        ],
    },
    {
        "slug": "tannery-market-traders-vote-sunday-opening",
        "title": "Tannery Market traders vote to open on Sundays",
        "standfirst": "The covered market will open seven days a week from November, with a food hall on Sunday afternoons.",
        "section": "business",
        "tags": ["high-street"],
        "authors": ["priya-nair"],
        "date": "2025-10-14 10:20",
        "body": [
            "Traders at the Tannery Market have voted by 31 to 12 to open on Sundays, ending a tradition that dates back to the market's opening in 1879.",
            "The market will open from 10am to 4pm on Sundays from 2 November. Stallholders who do not want to work on Sundays will not have to, and the council will let empty pitches to street-food traders that day.",
            quote(
                "The town is busy on a Sunday now. We were the only ones with the shutters down."
            ),
            'Butcher Stan Pollard, whose family has had a stall since 1934, voted in favour. "The town is busy on a Sunday now," he said. "We were the only ones with the shutters down."',
            "Not everyone agreed. Florist Maureen Tate said Sunday was the only day she saw her grandchildren, and that she would stay closed.",
        ],
    },
    {
        "slug": "marrowgate-novel-prize-shortlist",
        "title": "A Marrowgate novel makes the national prize shortlist",
        "standfirst": "Ruth Ashworth's debut, set on the Old Quay during the tannery strike of 1926, is one of six books in contention for a major fiction prize.",
        "section": "culture",
        "tags": ["arts", "heritage"],
        "authors": ["lena-szabo"],
        "date": "2025-11-03 12:00",
        "must_read": True,
        "image": "Pages and river light for a novel of the Old Quay.",
        "body": [
            "A novel set in Marrowgate during the tannery strike of 1926 has been shortlisted for one of the country's best-known fiction prizes.",
            "The Tanner's Daughter, the first novel by former English teacher Ruth Ashworth, follows a seventeen-year-old girl who keeps the strikers' accounts and falls in love with a foreman's son.",
            h2("Written on the bus"),
            "Ashworth, 61, wrote most of the book on the 14 bus between her home in Ashby Fold and the school where she taught for thirty years. She spent two years reading strike committee minutes in the town museum's archive.",
            quote(
                "The strikers' minutes are full of jokes. I wanted to write about people who were angry and hungry and still funny."
            ),
            '"The strikers\' minutes are full of jokes," she said. "I wanted to write about people who were angry and hungry and still funny." The winner will be announced in December. Castle Street\'s bookshop says it has sold more copies than of any book since it opened.',
        ],
    },
    {
        "slug": "council-budget-difficult-choices-consultation",
        "title": "Council warns of 'difficult choices' as it consults on budget",
        "standfirst": "Residents are being asked whether to cut library hours, raise parking charges or close a leisure centre to fill a £4.6m gap.",
        "section": "politics",
        "tags": ["council-budget"],
        "authors": ["tom-aldred"],
        "date": "2025-12-01 09:10",
        "body": [
            "Marrowgate Borough Council has asked residents to help it decide what to cut, as it faces a £4.6m shortfall in next year's budget.",
            "An online survey lists options including shorter library hours, higher parking charges, ending the garden waste collection in winter and closing Northfield Leisure Centre, whose swimming pool needs a new roof.",
            quote(
                "We are not asking people which service they love. We are asking which one they could live without."
            ),
            'Cllr Farah Begum said: "We are not asking people which service they love. We are asking which one they could live without." Opposition leader Cllr Nia Carraway called the survey "a list of bad options dressed up as a conversation".',
            "The consultation closes on 9 January. A draft budget will go to councillors in February.",
        ],
    },
    # ----------------------------------------------------------------- 2026
    {
        "slug": "wend-bursts-banks-flood-gates-hold",
        "title": "River Wend bursts its banks but the new flood gates hold",
        "standfirst": "The Old Quay stayed dry on Monday night as the river reached its highest level in two years, weeks after the barrier was finished.",
        "section": "news",
        "tags": ["flooding", "river-wend"],
        "authors": ["hannah-okafor", "jamal-reid"],
        "additional": ["ruth-callander"],
        "date": "2026-01-13 06:50",
        "must_read": True,
        "updated": 5,
        "image": "Flood gates closed across Quay Street, drawn in steel grey and river blue.",
        "body": [
            "The River Wend flooded fields and roads across the valley on Monday night, but the Old Quay stayed dry for the first time in a major flood, protected by steel gates that were finished only six weeks ago.",
            "The river at the Quay gauge peaked at 3.9 metres just after 2am, higher than during Storm Ingrid two years ago, when thirty homes were flooded.",
            h2("Gates shut at teatime"),
            "Council engineers closed the two gates across Quay Street and the slipway at 5pm. The pumps behind the wall ran all night to clear rainwater from the drains.",
            quote(
                "Last time I was on the stairs all night. This time I watched the water from my bedroom window and went to sleep."
            ),
            'Margaret Hollis, whose cottage on Ferry Lane flooded in 2024, said: "Last time I was on the stairs all night. This time I watched the water from my bedroom window and went to sleep."',
            h2("Not everywhere was spared"),
            "Outside the town, the A-road to Cleeve was closed for most of Tuesday and several farms at Ashby Fold were cut off. The Environment Agency said the upstream works on Kettle Moor were not yet mature enough to make a difference.",
            "Update: this article was updated on Tuesday afternoon to include the road closure at Cleeve.",
        ],
    },
    {
        "slug": "university-telescope-spots-comet",
        "title": "University telescope spots comet from a car park on the edge of town",
        "standfirst": "Astronomers at Wend Valley University's Hollins Hill observatory were among the first in the world to confirm the faint visitor.",
        "section": "science",
        "tags": [],
        "authors": ["jamal-reid"],
        "date": "2026-02-09 10:15",
        "image": "A comet's tail across a night sky over Hollins Hill.",
        "body": [
            "A small telescope next to a university car park on Hollins Hill has helped to confirm the discovery of a new comet, which will pass the Sun in the spring.",
            "The observatory, run by Wend Valley University's physics department, was asked to follow up an alert from a survey telescope abroad. Its images, taken through a gap in the clouds on a cold January night, were among the first to confirm that the object had a tail.",
            quote(
                "We are a tiny telescope with a car park next to it, and for one night we were part of something global."
            ),
            '"We are a tiny telescope with a car park next to it," said Dr Tomasz Wiśniewski, who runs the observatory. "For one night we were part of something global." He credited second-year student Ellie Hart, who was on duty and recognised the alert.',
            "The comet is unlikely to be visible without a telescope, but the observatory will hold public viewing evenings in March, weather permitting.",
        ],
    },
    {
        "slug": "halden-biscuits-sold-dutch-group",
        "title": "Halden Biscuits sold to Dutch food group, with jobs promised for five years",
        "standfirst": "The Halden family is selling the 105-year-old business after no member of the next generation wanted to run it.",
        "section": "business",
        "tags": ["jobs"],
        "authors": ["priya-nair"],
        "additional": ["tom-aldred"],
        "date": "2026-03-02 07:30",
        "body": [
            "Halden Biscuits, Marrowgate's biggest private employer, has been sold to a Dutch food group in a deal that guarantees its 410 jobs on Station Road for at least five years.",
            "The family did not disclose the price. Managing director Claire Halden, who will stay on for two years, said none of her children or cousins wanted to take over the business.",
            h2("The recipe stays"),
            "The buyer, which makes biscuits and crackers in four countries, has promised to keep the Halden name and to invest in a new packing line. It says the Marrowgate ginger nut, made to a recipe unchanged since the 1930s, will not be altered.",
            quote(
                "My great-grandfather sold biscuits from a handcart. I wanted to be sure the ovens would still be hot in twenty years."
            ),
            '"My great-grandfather sold biscuits from a handcart," Ms Halden said. "I wanted to be sure the ovens would still be hot in twenty years." The union representing the bakers said it would hold the new owners to their promises.',
        ],
    },
    {
        "slug": "athletic-academy-graduate-international-call-up",
        "title": "Athletic academy graduate earns first international call-up",
        "standfirst": "Nineteen-year-old Kofi Adjei, who joined the club's under-nines, has been named in his country's under-21 squad.",
        "section": "sport",
        "tags": ["marrowgate-athletic"],
        "authors": ["gethin-morris"],
        "date": "2026-03-26 18:40",
        "body": [
            "Marrowgate Athletic midfielder Kofi Adjei has been called up to his country's under-21 squad, the first player from the club's academy to be picked at that level.",
            "Adjei, who grew up in Northfield and joined the club at the age of eight, has started every league game this season. He has scored six goals, including a forty-yard free kick against Hexley Rovers that has been watched more than a million times online.",
            quote("He still cleans his own boots and asks the groundsman if he needs a hand."),
            'Manager Dave Kettering said: "He still cleans his own boots and asks the groundsman if he needs a hand. The day he stops doing that, I will worry."',
            "Several bigger clubs are said to be watching Adjei, whose contract runs until 2028.",
        ],
    },
    {
        "slug": "marrowgate-college-engineering-centre",
        "title": "Marrowgate College unveils its new engineering centre",
        "standfirst": "Local employers helped design courses at the £8m centre, which will train 300 students a year in electrical, mechanical and food engineering.",
        "section": "news",
        "tags": ["schools", "jobs"],
        "authors": ["hannah-okafor"],
        "date": "2026-04-22 12:30",
        "image": "Gears and circuit lines for the college's new engineering centre.",
        "body": [
            "Marrowgate College has opened an £8m engineering centre on its Station Road campus, with workshops for electrical, mechanical and food production engineering.",
            "The centre's courses were designed with local employers including Halden Biscuits, two firms from the Old Mill and the company building the Furlong Farm homes. Students will spend one day a week on placement.",
            h2("Filling the gap"),
            'Employers have complained for years that they cannot find qualified electricians and maintenance engineers. The college\'s principal, Dr Helen Marsh, said the centre was "an answer to a question we have been asked at every business breakfast for a decade".',
            quote(
                "It is an answer to a question we have been asked at every business breakfast for a decade."
            ),
            'First-year student Ravi Chauhan, 17, said he chose the course because it "ends with a job, not just a certificate".',
        ],
    },
    {
        "slug": "independents-take-control-of-council",
        "title": "Independents take control of the council for the first time",
        "standfirst": "The Marrowgate Independents won 26 of 49 seats, ending fourteen years of Civic Alliance rule. Nia Carraway will be the town's new leader.",
        "section": "politics",
        "tags": ["elections"],
        "authors": ["tom-aldred", "ruth-callander"],
        "additional": ["hannah-okafor"],
        "date": "2026-05-08 05:10",
        "must_read": True,
        "image": "Ballot-box colours for an election that changed the town hall.",
        "body": [
            "The Marrowgate Independents have won control of the borough council, taking 26 of the 49 seats in an election dominated by housing, flooding and the threatened closure of Northfield's swimming pool.",
            "The Civic Alliance, which has led the council since 2012, fell to fourteen seats. Its leader, Cllr Alan Whitcombe, held his own seat in Hollins by 61 votes.",
            h2("From protest to power"),
            "The Independents began as a protest group against the closure of the town's maternity unit in 2015 and won their first seats two years later. Many of their councillors are first-time politicians: a retired firefighter, a nurse, a market trader and two teachers.",
            quote(
                "We said we would do things differently. Now we have to prove it, starting on Monday."
            ),
            'The group\'s leader, Cllr Nia Carraway, said: "We said we would do things differently. Now we have to prove it, starting on Monday." She has promised to publish every cabinet paper in full and to hold budget meetings in the evening so working residents can attend.',
            "Turnout was 41%, the highest for a local election in Marrowgate this century.",
        ],
    },
    {
        "slug": "heritage-open-days-railway-tunnel",
        "title": "Heritage open days to include the disused railway tunnel",
        "standfirst": "For one weekend in September, visitors will be able to walk 200 metres into the Hollins Hill tunnel, closed since the last train ran in 1967.",
        "section": "culture",
        "tags": ["heritage"],
        "authors": ["lena-szabo"],
        "date": "2026-06-17 09:00",
        "image": "The mouth of the Hollins Hill tunnel, in soot black and brick red.",
        "body": [
            "The Hollins Hill railway tunnel, sealed since the branch line to Cleeve closed in 1967, will open to the public for the first time during this year's heritage open days.",
            "Visitors will be able to walk 200 metres into the 600-metre tunnel with a guide, past the brick niches where platelayers sheltered from passing trains. The far end has partly collapsed and will stay closed.",
            "The Marrowgate Railway Society has spent three years clearing the cutting, which had become a dumping ground. Its chairman, Derek Upton, 82, worked as a porter at Marrowgate station in the 1960s.",
            quote(
                "I carried the last mailbag onto the last train. I never thought I would walk in there again."
            ),
            '"I carried the last mailbag onto the last train," he said. "I never thought I would walk in there again." Places are free but must be booked, and the society warns that the tunnel is cold, wet and home to a colony of bats, which will not be disturbed.',
        ],
    },
    {
        "slug": "summer-drought-wend-lowest-level",
        "title": "Summer drought leaves the Wend at its lowest level in 40 years",
        "standfirst": "Fish have been rescued from shrinking pools and a hosepipe ban is in force across the valley after the driest July on record.",
        "section": "science",
        "tags": ["river-wend", "climate", "wildlife"],
        "authors": ["jamal-reid", "imogen-pryce"],
        "date": "2026-07-29 08:00",
        "image": "The Wend's low summer water, in ochre and pale blue.",
        "body": [
            "The River Wend is at its lowest summer level since records at the Quay gauge began in 1985, after the driest July the valley has recorded.",
            "In places above Hollins Weir the river has broken into a chain of pools. Volunteers and Environment Agency staff have moved more than 3,000 trout and minnows to deeper water in the past week.",
            h2("Too much, then too little"),
            "The same river flooded the valley in January. Hydrologists say swings between extremes are becoming more common, and that the work on Kettle Moor to slow winter floods should also help in summer, by letting the peat hold more water and release it slowly.",
            quote("A healthy catchment is a sponge. For a century we have been wringing it out."),
            '"A healthy catchment is a sponge," said Dr Imogen Pryce of Wend Valley University. "For a century we have been wringing it out."',
            "The water company has banned the use of hosepipes across the valley. It says the otters on the upper river appear to be coping, but the Wildlife Trust is monitoring them.",
        ],
    },
    {
        "slug": "furlong-farm-first-residents-school-row",
        "title": "First residents move in at Furlong Farm as school row rumbles on",
        "standfirst": "Forty families now live on the new estate, but the primary school the developer promised has not been started.",
        "section": "news",
        "tags": ["housing", "schools"],
        "authors": ["hannah-okafor"],
        "date": "2026-09-10 13:15",
        "body": [
            "The first forty households have moved into homes at Furlong Farm, the estate of 1,200 homes that the council tried and failed to block.",
            "New residents praised the houses, which are insulated to a high standard and heated by heat pumps. But many are driving their children across town to school, because the primary school the developer is paying for has not yet been started.",
            quote("The house is lovely. The school run is forty minutes each way."),
            '"The house is lovely," said Hayley Brennan, who moved from a flat in Northfield with her two sons. "The school run is forty minutes each way."',
            "The county council says the school will open in September 2028, and that in the meantime it is paying for a minibus to the merged St Oswin's and Mill Lane school. Broadleaf Homes said it had paid the first £3m of its contribution on time.",
        ],
    },
    {
        "slug": "marrowgate-hosts-county-cycling-road-race",
        "title": "Marrowgate hosts county cycling road race for the first time",
        "standfirst": "Thousands watched as riders climbed Hollins Hill four times, with local rider Amira Sayed taking third place.",
        "section": "sport",
        "tags": ["cycling"],
        "authors": ["gethin-morris"],
        "date": "2026-10-06 17:30",
        "image": "Riders' colours streaking up Hollins Hill.",
        "body": [
            "The county road race championships came to Marrowgate for the first time on Sunday, with riders tackling a 96-kilometre course that climbed Hollins Hill four times.",
            "Crowds of several thousand lined the climb, where the gradient reaches 14% beside the old railway cutting. The men's race was won in a sprint by a rider from Farrow; the women's race went to a breakaway of three.",
            quote(
                "On the last lap I could not hear my own breathing for the noise. I have never had that on a hill before."
            ),
            'Amira Sayed of Marrowgate Wheelers finished third in the women\'s race, on roads she trains on every week. "On the last lap I could not hear my own breathing for the noise," she said.',
            "Organisers said they hoped to bring the race back next year. Roads in the town centre reopened by 6pm.",
        ],
    },
    {
        "slug": "castle-street-new-department-store",
        "title": "Castle Street gets its first new department store in 30 years",
        "standfirst": "An employee-owned retailer is taking over the long-empty Brammall's building, bringing 120 jobs and a rooftop café.",
        "section": "business",
        "tags": ["high-street", "jobs"],
        "authors": ["priya-nair"],
        "date": "2026-11-20 08:30",
        "image": "The Brammall's building's arched windows, lit for its reopening.",
        "body": [
            "The Brammall's building on Castle Street, empty since the department store of that name closed in 2019, is to become a department store again.",
            "An employee-owned retailer with eleven shops in the north of the country will open on three floors in the spring, employing about 120 people. The top floor, once Brammall's tea room, will become a café with a terrace overlooking the Wend.",
            h2("Confidence returns"),
            "The Business Improvement District says the number of empty shops on Castle Street has fallen again, to one in twelve. The arrival of a large store, it says, will bring more people into the town centre on weekdays.",
            quote(
                "My mother bought my school uniform in that building. I would love to buy my granddaughter's there."
            ),
            'Shopper Patricia Lowe, 70, said: "My mother bought my school uniform in that building. I would love to buy my granddaughter\'s there."',
        ],
    },
    {
        "slug": "christmas-lights-switch-on-old-quay",
        "title": "Christmas lights switch-on moves to the Old Quay",
        "standfirst": "This year's lights will be switched on by the crew who closed the flood gates in January, with the lantern parade ending on the Quay.",
        "section": "news",
        "tags": ["river-wend"],
        "authors": ["hannah-okafor"],
        "date": "2026-11-26 15:00",
        "image": "Strings of lights reflected in the river at the Old Quay.",
        "body": [
            "Marrowgate's Christmas lights will be switched on at the Old Quay for the first time this year, rather than outside the town hall.",
            "The honour will go to the four council engineers who closed the new flood gates on the night of 12 January, when the river rose higher than during Storm Ingrid but the Quay stayed dry.",
            quote(
                "For years the Quay was where the town's bad news happened. We wanted it to be where the good news starts."
            ),
            '"For years the Quay was where the town\'s bad news happened," said council leader Cllr Nia Carraway. "We wanted it to be where the good news starts."',
            "The switch-on is on Saturday 5 December at 5pm and will follow the winter lantern parade. Quay Street will be closed to traffic from 3pm.",
        ],
    },
    # -------------------------------------------- scheduled, in review, drafts
    {
        "slug": "lantern-theatre-2027-season",
        "title": "Lantern Theatre announces its 2027 season, with a musical about the Quay",
        "standfirst": "The season opens in February with a new musical written by a Marrowgate nurse, and ends with the theatre's first opera.",
        "section": "culture",
        "tags": ["arts"],
        "authors": ["lena-szabo"],
        "publish_in_days": 6,
        "body": [
            "The Lantern Theatre's 2027 season will open with a new musical about the Old Quay floods, written by a nurse at St Aldhelm's Hospital who began writing songs during her night shifts.",
            "High Water, by Grace Nwosu, follows three households on Ferry Lane from the night of Storm Ingrid to the closing of the new gates. It will run for three weeks from 12 February.",
            quote("I wrote the first song on a break at 4am. I did not tell anyone for a year."),
            '"I wrote the first song on a break at 4am," Ms Nwosu said. "I did not tell anyone for a year." The season also includes two touring dramas, a comedy festival and, in June, the Lantern\'s first fully staged opera.',
        ],
    },
    {
        "slug": "northfield-pool-closure-what-next",
        "title": "Northfield pool closure: what happens next",
        "standfirst": "The leisure centre's pool has shut for a roof repair that could take a year. Here is where swimmers, clubs and schools will go.",
        "section": "news",
        "tags": ["health", "council-budget"],
        "authors": ["hannah-okafor"],
        "status": "in_review",
        "body": [
            "Northfield Leisure Centre's swimming pool has closed after engineers found that the roof above it was no longer safe. The gym and sports hall remain open.",
            "The council says repairs will cost about £2.4m and could take up to a year. It has promised the pool will reopen, reversing a proposal in last year's budget consultation to close it for good.",
            h2("Where to swim"),
            "Public swimming sessions will move to Marrowgate College's pool on weekday evenings and weekend mornings. Northfield Otters Swimming Club will train at a pool in Farrow, with the council paying for a coach.",
            quote(
                "Half of our members learned to swim in that pool. We will keep them swimming, whatever it takes."
            ),
            "Schools that used the pool for lessons will be offered places at the college, though some heads say the extra travel time will mean fewer lessons.",
        ],
    },
    {
        "slug": "station-car-park-charges-rise",
        "title": "Parking charges set to rise at the station car park",
        "standfirst": "Commuters face paying £7.50 a day, up from £5, under plans to be discussed by the council's cabinet.",
        "section": "politics",
        "tags": ["transport", "council-budget"],
        "authors": ["tom-aldred"],
        "status": "draft",
        "body": [
            "Daily parking at Marrowgate station's car park would rise from £5 to £7.50 under proposals in a report to the council's cabinet.",
            "The council says the money would pay for resurfacing, better lighting and twenty electric car charging points. Season tickets would rise by a smaller amount.",
            "Commuters say the rise would push more drivers onto residential streets near the station, where parking is free.",
        ],
    },
    {
        "slug": "who-were-the-tannery-workers",
        "title": "Who were the tannery workers of Marrowgate?",
        "standfirst": "Before the biscuits and the start-ups, the town made leather. An archive project is putting names to the people who did the work.",
        "section": "culture",
        "tags": ["heritage"],
        "authors": ["hannah-okafor"],
        "additional": ["lena-szabo"],
        "status": "draft",
        "body": [
            "For almost two centuries Marrowgate's biggest industry was leather. At its height, in the 1890s, eleven tanneries lined the Wend below the Quay, and the smell, older residents say, never quite left the town.",
            "A project at the town museum is matching wage books, census returns and photographs to put names to the workers, many of them women and children, who scraped and soaked hides along the river.",
            quote(
                "We have the names of the owners carved in stone. We wanted the names of the people who did the work."
            ),
            "Volunteers have so far identified more than 1,900 people. The museum hopes to publish the records online next year.",
        ],
    },
]


# Reader discussion under the newest stories, so the comment section, the
# moderation queue and the corrections page have something to show.
# Each thread: (name, email, body, status, replies[(name, email, body)]).
DEMO_DISCUSSION = [
    [
        (
            "Margaret Finch",
            "m.finch@example.org",
            "Forty years on Quay Street and this is the first December I am not watching the "
            "river instead of the lights. Well done to the engineers.",
            "approved",
            [
                (
                    "Dev Raman",
                    "dev.raman@example.net",
                    "Same here. The lantern parade finishing on the Quay is a lovely touch.",
                )
            ],
        ),
        (
            "Owen Pike",
            "owenpike@example.com",
            "Will the Quay Street closure affect the Saturday market stalls? The article "
            "doesn't say.",
            "pending",
            [],
        ),
    ],
    [
        (
            "Judith Amis",
            "judith.amis@example.org",
            "A department store in Brammall's old building is good news, but parking on "
            "Castle Street is already impossible on a Saturday.",
            "approved",
            [],
        ),
        (
            "cheap watches online",
            "promo@spam.example",
            "Best replica watches!!! Visit http://spam.example/watches http://spam.example/deals",
            "spam",
            [],
        ),
    ],
    [
        (
            "Tom Hale",
            "tom.hale@example.com",
            "Rode the Hollins Hill climb on Sunday: brutal, and the crowd at the top was "
            "brilliant.",
            "pending",
            [],
        ),
    ],
]

DEMO_CORRECTION = (
    "An earlier version of this article said the flood gates were closed on 14 January. "
    "They were closed on 12 January."
)
