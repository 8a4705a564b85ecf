"""The three gap-mapping sample areas (:data:`PROVISION_AREAS`: Islington, Rochdale and Cambridgeshire): their places,
bodies and invented names (:data:`GAP_AREAS`), and the gaps planted in their provision (:data:`PLANTED_GAPS`, kept by
the rules :data:`NO_NEED_FROM_AGE` and :data:`NO_NEED_NORTH`)."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.vocabulary import ALL_NEEDS, NEEDS

__all__ = ["PROVISION_AREAS", "PLANTED_GAPS", "GAP_AREAS", "Place", "GapArea", "ALL_NEEDS", "ALL_NEED_CODES",
           "NO_NEED_FROM_AGE", "NO_NEED_NORTH"]

#: The sample areas of gap mapping: Islington (London borough), Rochdale (metropolitan district), Cambridgeshire
#: (county).
PROVISION_AREAS = ("E09000019", "E08000005", "E10000003")

#: A service open to every need; and the needs a service can name (the register's vocabulary, one definition).
ALL_NEED_CODES = NEEDS


@dataclass(frozen=True)
class Place:
    """A settlement (or London neighbourhood): where localities cluster and services stand."""

    name: str
    lon: float
    lat: float
    weight: float  # relative number of residents
    spread_km: float  # sd of the localities around the centre
    postcodes: tuple  # postcode districts
    district: str  # lower-tier LA: MSOAs are named after it
    north: bool = False  # Cambridgeshire's north (Fenland, Ely and the fen edge): no autism provision planted there


@dataclass(frozen=True)
class GapArea:
    """One gap-mapping sample area: its bodies (the council, the ICB and the NHS trusts, real names), its places and
    how many localities it has, the invented names its Local Offer draws from, and how its provision is sized."""

    code: str
    name: str
    council: str
    icb: str
    community_trust: str
    mental_health_trust: str
    post_town: str | None  # one post town for every place (London), else the place's name
    msoas: int
    spacing_m: float  # least distance between two localities
    places: tuple
    hubs: tuple  # (name, place) of the community health and children's centres
    outside: dict  # key -> (name, lon, lat, town, postcode district) of places in the next areas
    stems: tuple  # invented school-name stems
    streets: tuple  # invented street names
    charities: tuple  # invented voluntary organisations
    need_terms: dict  # need code (or "all") -> the esdNeeds term this Local Offer uses
    special_rates: dict  # need -> special school places per 100 EHC plans of that need
    resourced: tuple  # needs of the resourced provisions, one per provision
    counts: dict  # how many of the generated kinds: short breaks, early years settings, private practices


def _p(name, lon, lat, weight, spread, postcodes, district=None, north=False) -> Place:
    return Place(name, lon, lat, weight, spread, tuple(postcodes.split()), district or "", north)


_ISLINGTON = GapArea(
    code="E09000019", name="Islington", council="Islington Council",
    icb="NHS North Central London Integrated Care Board", community_trust="Whittington Health NHS Trust",
    mental_health_trust="Whittington Health NHS Trust", post_town="London", msoas=23, spacing_m=380.0,
    places=tuple(_p(*row, district="Islington") for row in (
        ("Archway", -0.1347, 51.5653, 1.0, 0.35, "N19"), ("Upper Holloway", -0.1300, 51.5680, 0.8, 0.3, "N19"),
        ("Tufnell Park", -0.1330, 51.5590, 0.6, 0.25, "N19 N7"), ("Finsbury Park", -0.1060, 51.5640, 0.9, 0.3, "N4"),
        ("Holloway", -0.1168, 51.5550, 1.2, 0.35, "N7"), ("Highbury", -0.0985, 51.5520, 1.0, 0.3, "N5"),
        ("Mildmay", -0.0850, 51.5500, 0.6, 0.25, "N1 N16"), ("Canonbury", -0.0950, 51.5440, 0.8, 0.3, "N1"),
        ("Barnsbury", -0.1140, 51.5400, 0.8, 0.3, "N1 N7"), ("Caledonian Road", -0.1180, 51.5450, 0.8, 0.3, "N7 N1"),
        ("Angel", -0.1060, 51.5322, 0.9, 0.3, "N1 EC1V"), ("Clerkenwell", -0.1040, 51.5240, 0.6, 0.25, "EC1R"),
        ("Finsbury", -0.1090, 51.5270, 0.5, 0.25, "EC1R WC1X"), ("St Luke's", -0.0950, 51.5260, 0.6, 0.25, "EC1V"),
    )),
    hubs=(("Northern Health Centre", "Holloway"), ("Finsbury Health Centre", "Finsbury"),
          ("Archway Child Development Centre", "Archway"), ("Highbury Children's Centre", "Highbury")),
    outside={"herts": ("Brook Meadow College", -0.0280, 51.8110, "Ware", "SG12"),
             "barnet": ("St Aldric's School for Deaf Children", -0.2000, 51.6300, "London", "N12"),
             "kent": ("Oakhurst House School", 0.2700, 51.2000, "Tonbridge", "TN11")},
    stems=("Elmore", "Penton", "Calshot", "Amwell", "Cloudesley", "Lofting", "Ringcroft", "Cornwallis", "Wedmore",
           "Sotheby", "Culford", "Mercers", "Tolpuddle", "Hemingford", "Matilda", "Bride Street", "Sutterton",
           "Mackenzie", "Ockendon", "Halliford", "Furlong", "Liverpool Road", "Parkhurst", "Rydon"),
    streets=("Elmore Street", "Penton Rise", "Calshot Street", "Amwell Street", "Cloudesley Road", "Lofting Road",
             "Ringcroft Street", "Cornwallis Road", "Wedmore Street", "Sotheby Road", "Culford Road",
             "Mercers Road", "Tolpuddle Street", "Hemingford Road", "Matilda Street", "Sutterton Street"),
    charities=("Rainbow Play Islington", "Kinetic Youth", "Open Doors Play Project", "Cally Arts Trust",
               "Brightside Family Link", "New River Sports Trust", "Sunbeam SEND Club", "Hilltop Adventures"),
    need_terms={"asd": "Autism", "slcn": "Speech, language and communication needs",
                "semh": "Social, emotional and mental health", "mld": "Moderate learning difficulties",
                "sld": "Severe learning difficulties", "pmld": "Profound and multiple learning difficulties",
                "spld": "Specific learning difficulties", "pd": "Physical disabilities", "hi": "Hearing impairment",
                "vi": "Visual impairment", "msi": "Multi-sensory impairment", "oth": "Complex health needs",
                "all": "All SEND"},
    special_rates={"asd": 30, "semh": 0, "mld": 32, "sld": 75, "pmld": 75, "pd": 22, "slcn": 6, "hi": 30},
    resourced=("asd", "asd", "slcn", "asd", "hi", "pd", "slcn", "asd", "mld", "asd", "slcn", "vi", "asd", "pd",
               "slcn", "asd"),
    counts={"short_breaks": 20, "early_years": 5, "private": 4},
)

_ROCHDALE = GapArea(
    code="E08000005", name="Rochdale", council="Rochdale Borough Council",
    icb="NHS Greater Manchester Integrated Care", community_trust="Northern Care Alliance NHS Foundation Trust",
    mental_health_trust="Pennine Care NHS Foundation Trust", post_town=None, msoas=34, spacing_m=650.0,
    places=tuple(_p(*row, district="Rochdale") for row in (
        ("Rochdale", -2.1561, 53.6097, 9.0, 1.6, "OL11 OL12 OL16"), ("Heywood", -2.2190, 53.5920, 4.0, 1.1, "OL10"),
        ("Middleton", -2.2000, 53.5520, 4.5, 1.2, "M24"), ("Littleborough", -2.0960, 53.6440, 1.6, 0.8, "OL15"),
        ("Milnrow", -2.1110, 53.6090, 1.4, 0.6, "OL16"), ("Wardle", -2.1330, 53.6440, 0.7, 0.5, "OL12"),
        ("Castleton", -2.1780, 53.5870, 1.2, 0.6, "OL11"), ("Norden", -2.2000, 53.6300, 0.8, 0.5, "OL11 OL12"),
        ("Newhey", -2.0980, 53.6000, 0.6, 0.4, "OL16"), ("Smithy Bridge", -2.1140, 53.6330, 0.5, 0.4, "OL15"),
        ("Alkrington", -2.2090, 53.5400, 1.1, 0.5, "M24"), ("Langley", -2.2240, 53.5700, 1.1, 0.5, "M24"),
        ("Kirkholt", -2.1670, 53.5940, 1.0, 0.5, "OL11"), ("Spotland", -2.1750, 53.6200, 1.1, 0.5, "OL12"),
    )),
    hubs=(("Rochdale Child Development Centre", "Rochdale"), ("Heywood Health Centre", "Heywood"),
          ("Middleton Health Centre", "Middleton"), ("Littleborough Clinic", "Littleborough")),
    outside={"bury": ("Irwell Valley School for Deaf Children", -2.2970, 53.5930, "Bury", "BL9"),
             "lancs": ("Ribble Vale College", -2.3900, 53.8700, "Clitheroe", "BB7"),
             "oldham": ("Chadderton Brook School", -2.1400, 53.5460, "Oldham", "OL9")},
    stems=("Syke", "Belfield", "Deeplish", "Meanwood", "Hamer", "Firgrove", "Passmonds", "Bamford", "Hopwood",
           "Darnhill", "Boarshaw", "Calderbrook", "Shore", "Stansfield", "Healey", "Marland", "Thornham",
           "Balderstone", "Cutgate", "Sudden", "Whitehall", "Hollingworth", "Rakewood", "Lowerfold"),
    streets=("Yorkshire Street", "Drake Street", "Whitworth Road", "Oldham Road", "Manchester Road", "Bury Road",
             "Edenfield Road", "Halifax Road", "Milnrow Road", "Rochdale Road", "Hollin Lane", "Market Place",
             "Church Street", "Hind Hill Street", "Long Street", "Todmorden Road"),
    charities=("Roch Valley Play", "Pennine Youth Project", "Spotland Inclusive Sports", "Heywood Family Link",
               "Middleton Kids Club", "Cheesden Adventures", "Hollingworth Lake Outdoors", "Milnrow Arts Collective"),
    need_terms={"asd": "Autistic spectrum disorder", "slcn": "Speech, language and communication needs",
                "semh": "Mental health", "mld": "Learning disabilities", "sld": "Severe learning disabilities",
                "pmld": "Profound and multiple learning disabilities", "spld": "Dyslexia",
                "pd": "Physical disabilities", "hi": "Deaf", "vi": "Visual impairment", "msi": "Deafblind",
                "oth": "Attention deficit hyperactivity disorder", "all": "Special educational needs and disabilities"},
    special_rates={"asd": 7, "semh": 28, "mld": 45, "sld": 75, "pmld": 75, "pd": 25, "slcn": 5, "hi": 25},
    resourced=("slcn", "semh", "mld", "asd", "slcn", "hi", "semh", "mld", "slcn", "pd", "semh", "asd", "mld",
               "slcn", "vi", "hi"),
    counts={"short_breaks": 34, "early_years": 6, "private": 6},
)

_CAMBRIDGESHIRE = GapArea(
    code="E10000003", name="Cambridgeshire", council="Cambridgeshire County Council",
    icb="NHS Cambridgeshire and Peterborough Integrated Care Board",
    community_trust="Cambridgeshire Community Services NHS Trust",
    mental_health_trust="Cambridgeshire and Peterborough NHS Foundation Trust", post_town=None, msoas=84,
    spacing_m=1000.0,
    places=tuple(_p(*row) for row in (
        ("Cambridge", 0.1218, 52.2053, 22.0, 2.2, "CB1 CB2 CB3 CB4 CB5", "Cambridge"),
        ("Huntingdon", -0.1830, 52.3310, 4.5, 1.1, "PE29", "Huntingdonshire"),
        ("St Neots", -0.2660, 52.2280, 5.5, 1.3, "PE19", "Huntingdonshire"),
        ("St Ives", -0.0760, 52.3330, 3.2, 0.9, "PE27", "Huntingdonshire"),
        ("Ely", 0.2620, 52.3990, 3.0, 0.9, "CB6 CB7", "East Cambridgeshire", True),
        ("Wisbech", 0.1600, 52.6660, 4.0, 1.1, "PE13 PE14", "Fenland", True),
        ("March", 0.0880, 52.5510, 3.5, 1.0, "PE15", "Fenland", True),
        ("Chatteris", 0.0530, 52.4560, 1.5, 0.6, "PE16", "Fenland", True),
        ("Whittlesey", -0.1300, 52.5580, 2.0, 0.7, "PE7", "Fenland", True),
        ("Soham", 0.3370, 52.3340, 1.6, 0.5, "CB7", "East Cambridgeshire"),
        ("Ramsey", -0.1100, 52.4500, 1.2, 0.5, "PE26", "Huntingdonshire", True),
        ("Cambourne", -0.0650, 52.2200, 2.2, 0.6, "CB23", "South Cambridgeshire"),
        ("Sawston", 0.1700, 52.1240, 1.2, 0.4, "CB22", "South Cambridgeshire"),
        ("Histon", 0.1050, 52.2520, 1.5, 0.5, "CB24", "South Cambridgeshire"),
        ("Littleport", 0.3030, 52.4590, 1.3, 0.5, "CB6", "East Cambridgeshire", True),
        ("Godmanchester", -0.1750, 52.3200, 1.0, 0.4, "PE29", "Huntingdonshire"),
        ("Yaxley", -0.2600, 52.5150, 1.4, 0.5, "PE7", "Huntingdonshire", True),
        ("Sawtry", -0.2840, 52.4400, 1.0, 0.4, "PE28", "Huntingdonshire", True),
        ("Linton", 0.2790, 52.0970, 0.8, 0.4, "CB21", "South Cambridgeshire"),
        ("Melbourn", 0.0160, 52.0850, 0.8, 0.4, "SG8", "South Cambridgeshire"),
        ("Cottenham", 0.1260, 52.2870, 1.0, 0.4, "CB24", "South Cambridgeshire"),
        ("Bottisham", 0.2600, 52.2220, 0.5, 0.3, "CB25", "East Cambridgeshire"),
        ("Burwell", 0.3270, 52.2710, 1.0, 0.4, "CB25", "East Cambridgeshire"),
        ("Comberton", -0.0110, 52.1870, 0.5, 0.3, "CB23", "South Cambridgeshire"),
        ("Papworth Everard", -0.1200, 52.2480, 0.6, 0.3, "CB23", "South Cambridgeshire"),
        ("Kimbolton", -0.3920, 52.2970, 0.3, 0.3, "PE28", "Huntingdonshire"),
        ("Somersham", 0.0000, 52.3800, 0.7, 0.3, "PE28", "Huntingdonshire", True),
        ("Waterbeach", 0.1920, 52.2670, 1.0, 0.4, "CB25", "South Cambridgeshire"),
        ("Fulbourn", 0.2210, 52.1800, 0.7, 0.3, "CB21", "South Cambridgeshire"),
        ("Bassingbourn", -0.0570, 52.0770, 0.6, 0.3, "SG8", "South Cambridgeshire"),
        ("Willingham", 0.0590, 52.3140, 0.8, 0.3, "CB24", "South Cambridgeshire"),
        ("Swavesey", -0.0020, 52.3020, 0.5, 0.3, "CB24", "South Cambridgeshire"),
        ("Doddington", 0.0600, 52.4960, 0.4, 0.3, "PE15", "Fenland", True),
        ("Manea", 0.1770, 52.4980, 0.4, 0.3, "PE15", "Fenland", True),
        ("Gamlingay", -0.1920, 52.1560, 0.6, 0.3, "SG19", "South Cambridgeshire"),
        ("Buckden", -0.2480, 52.2940, 0.6, 0.3, "PE19", "Huntingdonshire"),
        ("Great Shelford", 0.1370, 52.1490, 0.8, 0.3, "CB22", "South Cambridgeshire"),
        ("Girton", 0.0850, 52.2430, 0.8, 0.3, "CB3", "South Cambridgeshire"),
        ("Wimblington", 0.0830, 52.5100, 0.4, 0.3, "PE15", "Fenland", True),
        ("Sutton", 0.1150, 52.3870, 0.6, 0.3, "CB6", "East Cambridgeshire", True),
        ("Haddenham", 0.1470, 52.3580, 0.6, 0.3, "CB6", "East Cambridgeshire", True),
        ("Brampton", -0.2180, 52.3190, 1.0, 0.4, "PE28", "Huntingdonshire"),
        ("Fenstanton", -0.0690, 52.2990, 0.5, 0.3, "PE28", "Huntingdonshire"),
    )),
    hubs=(("Brookside Child Development Centre", "Cambridge"), ("Hinchingbrooke Child Health Centre", "Huntingdon"),
          ("St Neots Health Centre", "St Neots"), ("Ely Child Health Clinic", "Ely"),
          ("Wisbech Child Health Centre", "Wisbech"), ("March Community Clinic", "March")),
    outside={"peterborough": ("Nene Valley School", -0.2420, 52.5730, "Peterborough", "PE3"),
             "suffolk": ("Gatehouse College", 0.7110, 52.2460, "Bury St Edmunds", "IP33"),
             "bedford": ("Ouse Bridge School for the Deaf", -0.4670, 52.1360, "Bedford", "MK40")},
    stems=("Histon Road", "Mill Road", "Chesterton", "Cherry Hinton", "Arbury", "Trumpington", "Hinchingbrooke",
           "Eynesbury", "Priory Park", "Burgess Hill", "Oxmoor", "Hemingford Grey", "Westfield", "Orchard Park",
           "Thorndown", "Great Paxton", "Kingsmead", "Pemberton", "Larkfield", "Ashcroft", "Hollybrook",
           "Willowbank", "Foxley", "Brambleside", "Kestrel Way", "Oakington Road", "Harebell", "Bellbird",
           "Hauxton", "Harston"),
    streets=("Mill Road", "Hills Road", "High Street", "Station Road", "Church Lane", "Huntingdon Road",
             "Ermine Street", "Market Street", "Newmarket Road", "The Broadway", "Great North Road", "Nene Parade",
             "Causeway", "London Road", "School Lane", "Ramsey Road"),
    charities=("Fens Family Link", "Cam Valley Play", "Ouse Adventures", "Isle of Ely SEND Club",
               "Huntingdon Inclusive Sports", "Wicken Fen Outdoors", "Gog Magog Arts Trust", "St Neots Play Network",
               "Shelford Youth Project", "Fenland Friends Club"),
    need_terms={"asd": "Autism", "slcn": "Speech, language and communication needs",
                "semh": "Social, emotional and mental health", "mld": "Learning difficulties",
                "sld": "Severe learning difficulties", "pmld": "Profound and multiple learning disabilities",
                "spld": "Specific learning difficulties", "pd": "Physical disabilities",
                "hi": "Hearing impairment", "vi": "Visual impairment", "msi": "Multi-sensory impairment",
                "oth": "Complex medical needs", "all": "All SEND"},
    special_rates={"asd": 28, "semh": 20, "mld": 40, "sld": 80, "pmld": 80, "pd": 30, "slcn": 6, "hi": 25},
    resourced=("asd", "slcn", "asd", "hi", "mld", "asd", "semh", "slcn", "asd", "pd", "slcn", "asd", "mld",
               "semh", "asd", "slcn", "hi", "vi", "asd", "pd", "slcn", "mld", "semh", "asd", "hi", "slcn"),
    counts={"short_breaks": 50, "early_years": 12, "private": 8},
)

#: The gap-mapping sample areas, by GSS code.
GAP_AREAS = {a.code: a for a in (_ISLINGTON, _ROCHDALE, _CAMBRIDGESHIRE)}

#: The gaps planted in each sample area, as the README states them.
PLANTED_GAPS = {
    "E09000019": (
        "no specialist SEMH places: no special school or resourced provision names social, emotional and mental "
        "health (SEMH) among its needs (SEMH appears only in alternative provision, outreach, CAMHS and services "
        "open to all needs)",
        "no provision for PMLD from 16: no service for profound and multiple learning difficulties (PMLD) serves "
        "ages 16-25; every service reaching 16 or older names its needs and leaves PMLD out",
    ),
    "E08000005": (
        "too few autism places: special school places for autism are about 7 per 100 EHC plans with autism as the "
        "primary need (Islington and Cambridgeshire about 30), and only two small resourced provisions name autism",
        "no sensory support for 20-25: no service naming hearing, vision or multi-sensory impairment serves ages "
        "20-25 (the sensory support service stops at 19); every service reaching 20 or older leaves them out",
    ),
    "E10000003": (
        "speech and language therapy commissioned by the ICB alone (partners icb, funding route single) where the "
        "SEND Code of Practice expects joint commissioning",
        "long distances to autism provision in the north: no service naming autism (or all needs) stands in Fenland "
        "(Wisbech, March, Chatteris, Whittlesey and villages), Ely, Littleport or the fen-edge villages (Ramsey, "
        "Somersham, Yaxley, Sawtry, Sutton, Haddenham); the Fenland localities are 15-40 km from the nearest "
        "(Wisbech and March 25-40 km), most others under 5 km",
    ),
}

#: Needs an area's services must not name, by age: (need codes, services whose oldest age is at least this).
NO_NEED_FROM_AGE = {"E09000019": ({"pmld"}, 16), "E08000005": ({"hi", "vi", "msi"}, 20)}
#: Needs that no service may name in the area's "north" places (nor "all").
NO_NEED_NORTH = {"E10000003": {"asd"}}
