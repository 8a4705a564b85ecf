"""What each gap-mapping area's Local Offer holds (:func:`draw_catalogue`): special schools, resourced provisions,
alternative and post-16 provision, the teams every area has, early years settings, short breaks and private services;
and the commissioned services that are not in the Local Offer (:data:`REGISTER_ONLY`)."""
from __future__ import annotations

from .builder import Builder, Service
from .gap_areas import ALL_NEEDS

__all__ = ["draw_catalogue", "REGISTER_ONLY"]

_RESOURCE_WORDS = {"asd": "Autism", "slcn": "Speech and Language", "semh": "Nurture (SEMH)", "mld": "Learning Support",
                   "hi": "Hearing Impairment", "vi": "Vision Impairment", "pd": "Physical Disability"}


def _special_schools(b: Builder, schools: list) -> None:
    """Special schools, their places sized from the area's EHC plans: for each need, ``special_rates[need]`` places
    per 100 plans with that primary need, shared between the schools naming it (by their weights)."""
    rates = b.area.special_rates
    weight_of = {}
    for entry in schools:
        for need in entry[1]:
            weight_of[need] = weight_of.get(need, 0.0) + entry[4]
    for entry in schools:
        name, needs, ages, site, weight = entry[:5]
        notes = entry[5] if len(entry) > 5 else ""
        org = entry[6] if len(entry) > 6 else name
        places = sum(b.plans.get(n, 0) * rates.get(n, 0) / 100.0 * weight / weight_of[n] for n in needs)
        places = float(max(10, 5 * round(places / 5)))
        partners = ("la_education",) if not site.startswith("out:") or "residential" not in notes else (
            "la_education", "la_social_care", "icb")
        route = "single" if len(partners) == 1 else "joint"
        b.add(Service("special_school", name, b.org(org), tuple(needs), ages, (site,), partners, route, places,
                      "places", notes))


def _resourced_provisions(b: Builder) -> None:
    """One resourced provision per need of ``area.resourced``, in mainstream schools named from ``area.stems``."""
    stems = list(b.area.stems)
    order = b.rng.permutation(len(stems))
    for k, need in enumerate(b.area.resourced):
        stem = stems[int(order[k % len(stems)])]
        secondary = k % 3 == 2
        school = f"{stem} {'Academy' if secondary else 'Primary School'}"
        if k >= len(stems):
            school = f"{stem} {'High School' if secondary else 'Infant and Junior School'}"
        ages = (11, 16) if secondary else (4, 11)
        place = b.pick_place((need,))
        if b.area.code == "E08000005" and need == "asd":
            places = 6.0  # Rochdale: two small autism bases (planted)
        else:
            places = float(b.rng.choice([8, 10, 12, 14, 16, 20]))
        name = f"{school}: {_RESOURCE_WORDS[need]} Resourced Provision"
        b.add(Service("resourced_provision", name, b.org(school), (need,), ages, (f"@{place}",),
                      ("la_education", "schools"), "joint", places, "places",
                      "Top-up funding from the high needs block; base funding from the school's budget"))


_SHORT_BREAK_KINDS = (
    # (name pattern, organisation, needs, ages, commissioned share)
    ("{stem} Saturday Club", "charity", (ALL_NEEDS,), (5, 18), 0.8),
    ("{stem} Holiday Playscheme", "la", (ALL_NEEDS,), (5, 12), 1.0),
    ("Inclusive swimming at {place} Leisure Centre", "charity", ("pd", "asd", "sld", "mld"), (5, 18), 0.6),
    ("{stem} Youth Club for Disabled Young People", "charity", (ALL_NEEDS,), (11, 25), 0.8),
    ("Family-based overnight short breaks ({charity})", "charity", (ALL_NEEDS,), (0, 18), 1.0),
    ("{stem} Adventure Playground inclusive sessions", "charity", (ALL_NEEDS,), (5, 16), 0.7),
    ("Inclusive football with {charity}", "charity", ("asd", "mld", "semh", "slcn"), (7, 18), 0.5),
    ("Sensory play sessions at {place} Library", "charity", ("pmld", "sld", "msi", "vi", "hi"), (0, 8), 0.7),
    ("Drama and film club for autistic young people ({charity})", "charity", ("asd",), (8, 18), 0.6),
    ("{stem} Outdoor Activity Weekends", "charity", ("asd", "semh", "mld", "slcn"), (11, 19), 0.7),
    ("After-school club for disabled children at {place} Community Centre", "charity", (ALL_NEEDS,), (5, 11), 0.9),
    ("Wheelchair sports club ({charity})", "charity", ("pd",), (8, 25), 0.5),
)


def _short_breaks(b: Builder) -> None:
    """The area's many short breaks providers: clubs, playschemes and family-based breaks, each at a venue."""
    stems, charities = list(b.area.stems), list(b.area.charities)
    made = 0
    for k in range(1000):
        if made == b.area.counts["short_breaks"]:
            return
        pattern, who, needs, ages, share = _SHORT_BREAK_KINDS[k % len(_SHORT_BREAK_KINDS)]
        charity = charities[int(b.rng.integers(len(charities)))]
        place = b.pick_place(needs)
        name = pattern.format(stem=stems[int(b.rng.integers(len(stems)))], place=place, charity=charity)
        commissioned = bool(b.rng.random() < share)
        hours = b.capacity(float(b.rng.choice([800, 1200, 2000, 3000, 4000])), step=100)
        if name in b.used_names:
            continue
        b.add(Service("short_breaks", name, b.org(charity) if who == "charity" else "la", needs, ages,
                      (f"venue:{place}",), ("la_social_care",) if commissioned else (),
                      "single" if commissioned else "", hours if commissioned else None,
                      "hours" if commissioned else "",
                      "Commissioned through the short breaks framework" if commissioned else ""))
        made += 1
    raise ValueError(f"{b.area.name}: could not name {b.area.counts['short_breaks']} short breaks")


def _early_years_settings(b: Builder) -> None:
    """Specialist nurseries (commissioned places) and children's centre sessions (not commissioned)."""
    stems = list(b.area.stems)
    for k in range(b.area.counts["early_years"]):
        stem = stems[(k * 7 + 3) % len(stems)]
        place = b.pick_place((ALL_NEEDS,))
        if k % 2 == 0:
            name = f"{stem} Specialist Nursery"
            b.add(Service("early_years_send", name, b.org(name), (ALL_NEEDS,), (2, 4), (f"@{place}",),
                          ("la_education",), "single", float(b.rng.choice([8, 10, 12, 16])), "places"))
        else:
            centre = f"{stem} Children's Centre"
            b.add(Service("early_years_send", f"{centre}: SEND Stay and Play", b.org(centre), (ALL_NEEDS,), (0, 4),
                          (f"@{place}",)))


_PRIVATE_KINDS = (
    ("speech_and_language_therapy", "{stem} Speech Therapy (independent practice)", ("slcn", "asd"), (2, 18)),
    ("occupational_therapy", "Sensory Steps Occupational Therapy ({place})", ("asd", "pd", "spld"), (3, 18)),
    ("information_advice", "{charity} parent support group", (ALL_NEEDS,), (0, 25)),
    ("short_breaks", "{stem} Riding for the Disabled group", ("pd", "sld", "asd"), (5, 25)),
    ("sen_support_service", "{stem} Dyslexia Tuition", ("spld",), (6, 18)),
    ("neurodevelopmental_assessment", "{place} Private Autism and ADHD Clinic", ("asd", "oth"), (4, 25)),
)


def _private_services(b: Builder) -> None:
    """Local Offer entries no partner commissions: independent practices and voluntary groups."""
    stems = list(b.area.stems)
    for k in range(b.area.counts["private"]):
        kind, pattern, needs, ages = _PRIVATE_KINDS[k % len(_PRIVATE_KINDS)]
        for attempt in range(50):
            place = b.pick_place(needs)
            charity = b.area.charities[(k * 3 + 1 + attempt) % len(b.area.charities)]
            name = pattern.format(stem=stems[(k * 11 + 2 + attempt) % len(stems)], place=place, charity=charity)
            if name not in b.used_names:
                break
        org = b.org(charity) if "{charity}" in pattern else b.org(name.split(" (")[0])
        b.add(Service(kind, name, org, needs, ages, (f"venue:{place}",)))


def _core_services(b: Builder) -> None:
    """The teams every area has: advisory teaching, psychology, sensory support, therapies, CAMHS, assessment,
    paediatrics, nursing, equipment, social care, preparing for adulthood, information and advice."""
    a = b.area
    la, community, mh = "la", "community", "mh"
    code = a.code
    sensory_to = 19 if code == "E08000005" else 25  # Rochdale: sensory support stops at 19 (planted)
    therapy_route = "pooled" if code == "E09000019" else "joint"
    salt_partners, salt_route = (("icb",), "single") if code == "E10000003" else (("icb", "la_education"),
                                                                                  therapy_route)
    salt_note = ("Block contract held by the ICB; the council funds no therapy (planted gap)" if code == "E10000003"
                 else "Section 75 pooled budget for children's therapies" if therapy_route == "pooled"
                 else "Jointly funded: ICB block contract and council high needs top-up")
    s = b.add
    # education support services
    s(Service("early_years_send", "Portage Home Visiting Service", la, (ALL_NEEDS,), (0, 4), (),
              ("la_education",), "single", b.capacity(60), "caseload", "Visits families at home; no base"))
    s(Service("early_years_send", "Early Years SEND Inclusion Team", la, (ALL_NEEDS,), (0, 4), b.hubs((ALL_NEEDS,), 1),
              ("la_education",), "single", b.capacity(250), "caseload"))
    s(Service("sen_support_service", "Autism Advisory Teaching Service", la, ("asd",), (4, 16), b.hubs(("asd",), 1),
              ("la_education", "schools"), "joint", b.capacity(3500, 100), "hours", "Traded with schools"))
    s(Service("sen_support_service", "Specialist Teaching Service: Learning and Cognition", la, ("mld", "spld"),
              (5, 16), b.hubs(("mld",), 1), ("la_education", "schools"), "joint", b.capacity(2500, 100), "hours"))
    s(Service("sen_support_service", "SEMH Outreach Service", la, ("semh",), (5, 16), b.hubs(("semh",), 1),
              ("la_education", "schools"), "joint", b.capacity(2000, 100), "hours"))
    s(Service("educational_psychology", f"{a.name} Educational Psychology Service", la, (ALL_NEEDS,), (0, 25),
              b.hubs((ALL_NEEDS,), 1), ("la_education",), "single", b.capacity(9000, 100), "hours"))
    s(Service("sensory_support", "Sensory Support Service: Hearing", la, ("hi",), (0, sensory_to),
              b.hubs(("hi",), 1), ("la_education",), "single", b.capacity(180), "caseload"))
    s(Service("sensory_support", "Sensory Support Service: Vision and Multi-sensory", la, ("vi", "msi"),
              (0, sensory_to), b.hubs(("vi",), 1), ("la_education",), "single", b.capacity(110), "caseload"))
    # health
    s(Service("speech_and_language_therapy", "Children's Speech and Language Therapy", community, ("slcn", "asd"),
              (0, 18), b.hubs(("slcn", "asd")), salt_partners, salt_route, b.capacity(1400), "caseload",
              salt_note))
    s(Service("speech_and_language_therapy", "Early Years Speech and Language Therapy", community, ("slcn",),
              (0, 4), b.hubs(("slcn",)), salt_partners, salt_route, b.capacity(600), "caseload", salt_note))
    s(Service("speech_and_language_therapy", "Speech and Language Therapy in Special Schools", community,
              ("slcn", "asd", "sld", "pmld"), (2, 19), b.hubs(("slcn", "asd"), 1), salt_partners, salt_route,
              b.capacity(500), "caseload", salt_note))
    s(Service("occupational_therapy", "Children's Occupational Therapy", community, ("pd", "asd", "spld", "pmld"),
              (0, 18), b.hubs(("pd", "asd"), 2), ("icb", "la_education"), therapy_route, b.capacity(700),
              "caseload"))
    s(Service("physiotherapy", "Children's Physiotherapy", community, ("pd", "pmld"), (0, 18), b.hubs(("pd",)),
              ("icb", "la_education"), therapy_route, b.capacity(650), "caseload"))
    s(Service("camhs", f"{a.name} CAMHS", mh, ("semh", "asd", "oth"), (0, 18), b.hubs(("semh", "asd"), 2),
              ("icb", "la_public_health"), "joint", b.capacity(1800), "caseload"))
    s(Service("camhs", "CAMHS Learning Disability Team", mh, ("sld", "mld", "pmld", "asd"), (5, 18),
              b.hubs(("sld", "asd"), 1), ("icb", "la_social_care"), "joint", b.capacity(160), "caseload"))
    s(Service("camhs", "Mental Health Support Teams in Schools", mh, ("semh",), (5, 18), b.hubs(("semh",), 1),
              ("icb", "la_education"), "joint", b.capacity(900), "caseload"))
    s(Service("neurodevelopmental_assessment", "Child Development Team: Autism Assessment (under 5s)", community,
              ("asd",), (0, 4), b.hubs(("asd",), 1), ("icb", "la_education"), "joint", b.capacity(220),
              "caseload"))
    s(Service("neurodevelopmental_assessment", "Autism and ADHD Assessment Service", community, ("asd", "oth"),
              (5, 18), b.hubs(("asd",), 2), ("icb", "la_education"), "joint", b.capacity(700), "caseload",
              "Waiting list over 18 months"))
    s(Service("community_paediatrics", "Community Paediatrics", community, (ALL_NEEDS,), (0, 18),
              b.hubs((ALL_NEEDS,), 2), ("icb",), "single", b.capacity(2500), "caseload"))
    s(Service("specialist_nursing", "Children's Community Nursing Team", community, ("oth", "pmld", "pd"), (0, 18),
              b.hubs(("oth",), 1), ("icb", "la_social_care"), "joint", b.capacity(220), "caseload"))
    s(Service("specialist_nursing", "Special School Nursing Team", community, ("oth", "pd", "sld", "pmld"), (2, 19),
              b.hubs(("oth",), 1), ("icb", "la_education"), "joint", b.capacity(300), "caseload"))
    s(Service("equipment_and_wheelchairs", "Integrated Community Equipment Service", la, ("pd", "pmld", "oth"),
              (0, 25), b.hubs(("pd",), 1), ("icb", "la_social_care"), "pooled", b.capacity(900), "caseload",
              "Section 75 pooled budget with adult social care"))
    s(Service("equipment_and_wheelchairs", "Specialist Wheelchair Service", community, ("pd", "pmld"), (0, 25),
              b.hubs(("pd",), 1), ("nhs_england", "icb"), "joint", b.capacity(400), "caseload",
              "Complex wheelchairs through NHS England specialised commissioning"))
    # care
    s(Service("social_care_disability", "Disabled Children's Team", la, (ALL_NEEDS,), (0, 18), b.hubs((ALL_NEEDS,), 1),
              ("la_social_care",), "single", b.capacity(450), "caseload"))
    s(Service("social_care_disability", "Transitions Social Work Team", la, (ALL_NEEDS,), (14, 25),
              b.hubs((ALL_NEEDS,), 1), ("la_social_care",), "single", b.capacity(160), "caseload"))
    s(Service("preparing_for_adulthood", "Preparing for Adulthood Team", la, (ALL_NEEDS,), (14, 25),
              b.hubs((ALL_NEEDS,), 1), ("la_education", "la_social_care", "icb"), "joint", b.capacity(400),
              "caseload"))
    s(Service("preparing_for_adulthood", "Independent Travel Training", la, ("mld", "asd", "slcn", "sld"),
              (14, 25), b.hubs(("mld", "asd"), 1), ("la_education", "la_social_care"), "joint", b.capacity(90),
              "caseload"))
    s(Service("short_breaks", f"Overnight short breaks at {a.stems[4]} House", la, (ALL_NEEDS,), (5, 18),
              b.hubs((ALL_NEEDS,), 1), ("la_social_care", "icb"), "pooled", b.capacity(9000, 100), "hours",
              "Section 75 pooled budget: overnight breaks for children with complex health needs"))
    s(Service("information_advice", f"{a.name} SENDIASS", la, (ALL_NEEDS,), (0, 25), b.hubs((ALL_NEEDS,), 1),
              ("la_education", "la_social_care", "icb"), "joint", b.capacity(3000, 100), "hours",
              "Impartial service funded by the council and the ICB (SEND Code of Practice 2.19)"))
    s(Service("information_advice", f"{a.name} Parent Carer Forum", b.org(f"{a.name} Parent Carer Forum"), (ALL_NEEDS,),
              (0, 25), b.hubs((ALL_NEEDS,), 1)))
    s(Service("information_advice", "Local Offer Information Line", la, (ALL_NEEDS,), (0, 25), b.hubs((ALL_NEEDS,), 1),
              ("la_education",), "single", b.capacity(1500, 100), "hours"))


def _islington(b: Builder) -> None:
    _special_schools(b, [
        ("Bridgeview School", ("asd",), (4, 11), "@Holloway", 1.0),
        ("Highbury Vale School", ("asd",), (11, 19), "@Highbury", 1.2),
        ("Windmill Lane School", ("sld", "pmld"), (2, 15), "@Barnsbury", 1.0),
        ("Windmill Lane School: Sixth Form", ("sld",), (16, 19), "org:Windmill Lane School", 0.4, "",
         "Windmill Lane School"),
        ("Thornhill Fields School", ("mld", "slcn"), (5, 16), "@Caledonian Road", 1.0),
        ("Canonbury Park School", ("pd",), (3, 16), "@Canonbury", 1.0),
        ("Oakhurst House School", ("asd",), (8, 19), "out:kent", 0.1,
         "Independent residential special school in Kent; spot-purchased residential places"),
        ("St Aldric's School for Deaf Children", ("hi",), (3, 19), "out:barnet", 1.0, "Non-maintained special school"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(Service("alternative_provision", "New River Learning Centre", b.org("New River Learning Centre"), ("semh",),
              (11, 16), ("@Holloway",), ("la_education", "schools"), "joint", b.capacity(70), "places"))
    s(Service("alternative_provision", "Hospital and Home Tuition Service", la, ("oth", "semh"), (5, 16),
              ("hub:Finsbury Health Centre",), ("la_education",), "single", b.capacity(35), "places"))
    s(Service("post16_specialist", "Angel Central College: Foundation Learning",
              b.org("Angel Central College"), ("asd", "mld", "sld", "slcn"), (16, 25), ("@Angel",),
              ("la_education",), "single", b.capacity(110), "places"))
    s(Service("post16_specialist", "Brook Meadow College (independent specialist college)",
              b.org("Brook Meadow College"), ("asd", "sld", "mld"), (19, 25), ("out:herts",),
              ("la_education", "la_social_care"), "joint", 12.0, "places", "Residential; out of area"))
    s(Service("post16_specialist", "Project Horizon Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
              ("hub:Finsbury Health Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(Service("physiotherapy", "Complex Needs Therapy Team (Windmill Lane)", "community", ("pmld", "pd", "sld"),
              (0, 15), ("org:Windmill Lane School",), ("icb", "la_education"), "pooled", b.capacity(90),
              "caseload", "Physiotherapy and occupational therapy for children with complex needs, to age 15"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


def _rochdale(b: Builder) -> None:
    _special_schools(b, [
        ("Redwood Brook School", ("asd",), (4, 19), "@Rochdale", 1.0),
        ("Brimrod Hill School", ("semh",), (7, 16), "@Rochdale", 1.0),
        ("Hollin Park School", ("semh",), (11, 16), "@Middleton", 1.0),
        ("Springhill Bank School", ("sld", "pmld"), (2, 19), "@Heywood", 1.0),
        ("Newlands Green School", ("mld", "slcn"), (4, 16), "@Spotland", 1.0),
        ("Alderbrook School", ("mld",), (11, 19), "@Middleton", 1.0),
        ("Pennine View School", ("pd", "pmld"), (2, 19), "@Littleborough", 0.5),
        ("Irwell Valley School for Deaf Children", ("hi",), (3, 19), "out:bury", 1.0,
         "Non-maintained special school in Bury"),
        ("Chadderton Brook School", ("sld",), (11, 19), "out:oldham", 0.3, "Oldham special school; places bought"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(Service("alternative_provision", "Rochdale Pupil Referral Service", la, ("semh",), (11, 16), ("@Rochdale",),
              ("la_education", "schools"), "joint", b.capacity(90), "places"))
    s(Service("alternative_provision", "Heywood Learning Centre", b.org("Heywood Learning Centre"), ("semh",),
              (5, 11), ("@Heywood",), ("la_education",), "single", b.capacity(30), "places"))
    s(Service("post16_specialist", "Kingsway College: Supported Learning", b.org("Kingsway College"),
              ("asd", "mld", "sld", "slcn"), (16, 25), ("@Rochdale",), ("la_education",), "single",
              b.capacity(120), "places"))
    s(Service("post16_specialist", "Ribble Vale College (independent specialist college)",
              b.org("Ribble Vale College"), ("asd", "mld", "sld"), (19, 25), ("out:lancs",),
              ("la_education", "la_social_care"), "joint", 6.0, "places", "Residential; out of area"))
    s(Service("post16_specialist", "Rochdale Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
              ("hub:Rochdale Child Development Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(Service("post16_specialist", "Middleton Pathways to Work", b.org("Middleton Pathways"), ("mld", "sld"),
              (16, 25), ("@Middleton",), ("la_education", "la_social_care"), "joint", b.capacity(25), "places"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


def _cambridgeshire(b: Builder) -> None:
    _special_schools(b, [
        ("Riverside Meadows School", ("asd",), (4, 11), "@Cambridge", 1.0),
        ("Castle Hill Academy", ("asd",), (11, 19), "@Cambridge", 1.0),
        ("Samphire School", ("asd",), (4, 19), "@Huntingdon", 1.0),
        ("Ouse Valley School", ("asd", "slcn"), (5, 16), "@St Neots", 0.8),
        ("Fenland Green School", ("mld", "sld"), (4, 19), "@Wisbech", 1.0),
        ("Marshland School", ("semh",), (7, 16), "@March", 1.0),
        ("Cromwell House School", ("semh",), (11, 16), "@Huntingdon", 1.0),
        ("Granary Lane School", ("sld", "pmld"), (2, 19), "@Cambridge", 1.0),
        ("Spinney Wood School", ("pmld", "pd"), (2, 19), "@Ely", 1.0),
        ("Hereward School", ("mld",), (5, 16), "@Ramsey", 1.0),
        ("Windrush Park School", ("sld", "mld"), (11, 19), "@St Ives", 1.0),
        ("Nene Valley School", ("sld", "pd"), (2, 19), "out:peterborough", 0.3,
         "Peterborough City Council special school; places bought by Cambridgeshire"),
        ("Ouse Bridge School for the Deaf", ("hi",), (5, 19), "out:bedford", 1.0,
         "Non-maintained special school in Bedford"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(Service("alternative_provision", "Cambridge Tuition Centre", la, ("semh",), (11, 16), ("@Cambridge",),
              ("la_education", "schools"), "joint", b.capacity(60), "places"))
    s(Service("alternative_provision", "Fenland Learning Centre", b.org("Fenland Learning Centre"), ("semh",),
              (11, 16), ("@March",), ("la_education", "schools"), "joint", b.capacity(45), "places"))
    s(Service("alternative_provision", "Huntingdon Pupil Referral Unit", b.org("Huntingdon Pupil Referral Unit"),
              ("semh",), (5, 16), ("@Huntingdon",), ("la_education",), "single", b.capacity(40), "places"))
    s(Service("alternative_provision", "Hospital Education Service", la, ("oth",), (5, 16),
              ("hub:Brookside Child Development Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(Service("post16_specialist", "Cam Valley College: Supported Learning", b.org("Cam Valley College"),
              ("asd", "mld", "sld", "slcn"), (16, 25), ("@Cambridge",), ("la_education",), "single",
              b.capacity(120), "places"))
    s(Service("post16_specialist", "North Fens College: Foundation Studies", b.org("North Fens College"),
              ("mld", "sld", "pd"), (16, 25), ("@Wisbech",), ("la_education",), "single", b.capacity(60), "places"))
    s(Service("post16_specialist", "Huntingdon College: Pathways", b.org("Huntingdon College"), ("asd", "mld"),
              (16, 25), ("@Huntingdon",), ("la_education",), "single", b.capacity(60), "places"))
    s(Service("post16_specialist", "Gatehouse College (independent specialist college)", b.org("Gatehouse College"),
              ("asd", "mld"), (19, 25), ("out:suffolk",), ("la_education", "la_social_care"), "joint", 14.0,
              "places", "Residential; out of area"))
    s(Service("post16_specialist", "Cambridgeshire Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
              ("hub:Hinchingbrooke Child Health Centre",), ("la_education",), "single", b.capacity(40), "places"))
    s(Service("sensory_support", "Multi-sensory Impairment Outreach", la, ("msi",), (0, 25),
              ("hub:Brookside Child Development Centre",), ("la_education",), "single", 15.0, "caseload"))
    s(Service("educational_psychology", "Educational Psychology Service: Fenland and East Cambridgeshire", la,
              ("semh", "mld", "slcn", "spld", "sld", "pd", "hi", "vi"), (0, 25), ("hub:March Community Clinic",),
              ("la_education",), "single", b.capacity(3000, 100), "hours"))
    s(Service("physiotherapy", "Fenland Children's Physiotherapy Clinic", "community", ("pd",), (0, 18),
              ("hub:Wisbech Child Health Centre",), ("icb", "la_education"), "joint", b.capacity(120), "caseload"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


#: Commissioned services that are not in the Local Offer (the register gives no service_id): per area.
REGISTER_ONLY = {
    "E09000019": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 45,
         "places", ("asd", "sld"), (5, 19), "Individual placements outside the borough"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 35,
         "caseload", ("oth", "pmld"), (0, 15), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 15000, "hours",
         ("asd", "slcn", "semh", "mld", "sld", "spld", "pd", "hi", "vi", "msi", "oth"), (0, 18), ""),
    ),
    "E08000005": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 70,
         "places", ("semh", "sld"), (5, 19), "Individual placements outside the borough"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 40,
         "caseload", ("oth", "pmld"), (0, 18), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 22000, "hours", ("all",),
         (0, 18), ""),
        ("preparing_for_adulthood", "Shared Lives transition placements", ("la_social_care",), "single", 12,
         "places", ("mld", "sld", "asd"), (18, 25), "Adult social care"),
    ),
    "E10000003": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 110,
         "places", ("asd", "semh"), (5, 19), "Individual placements; many out of county"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 60,
         "caseload", ("oth", "pmld"), (0, 18), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 30000, "hours", ("all",),
         (0, 18), ""),
        ("camhs", "Eating disorders service for young people", ("icb", "la_public_health"), "joint", 80, "caseload",
         ("semh",), (8, 18), "Cambridgeshire and Peterborough wide"),
    ),
}


def draw_catalogue(b: Builder) -> None:
    """Draw the services of one area's Local Offer into its builder, in the area's own order.

    Parameters
    ----------
    b : Builder
        The builder of the area, one of :data:`jsnakit.samples.gap_areas.PROVISION_AREAS`; its services, sites and
        organisations are added to it.
    """
    {"E09000019": _islington, "E08000005": _rochdale, "E10000003": _cambridgeshire}[b.area.code](b)
