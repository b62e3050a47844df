"""The place side of the demo borough: localities, hubs, spokes, venues, the virtual offer and
the outreach bus, and which postcode sectors each locality serves.

Every site sits at a real Tower Hamlets postcode, checked against the Postcode table when
loading, so that distance searches in the demo behave as they would in production. Addresses are
plausible streets in those postcode areas, not the buildings' real addresses.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify

from familyhub.accounts.models import Organisation
from familyhub.directory.demo.ids import demo_id
from familyhub.directory.models import Location
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode
from familyhub.places.rules import grid_distance, postcode_sector

Kind = Location.Kind


class DemoDataError(RuntimeError):
    """The demo data does not fit the database (e.g. a postcode missing from the ONSPD)."""


LOCALITIES = {
    "north-west": ("North West", "Bethnal Green, Spitalfields and Weavers."),
    "north-east": ("North East", "Bow, Bromley-by-Bow and Old Ford."),
    "south-east": ("South East", "Poplar, Limehouse and the Isle of Dogs."),
    "south-west": ("South West", "Whitechapel, Stepney, Shadwell and Wapping."),
}

# What a site has; anything not named is False.
STEP_FREE = "step_free"
CHANGING_PLACES = "changing_places"
ACCESSIBLE_TOILET = "accessible_toilet"
QUIET_SPACE = "quiet_space"
PAPER_TOWELS = "paper_towels"
HEARING_LOOP = "hearing_loop"
BABY_CHANGING = "baby_changing"
PARKING = "parking"
ACCESS_FEATURES = [
    STEP_FREE,
    CHANGING_PLACES,
    ACCESSIBLE_TOILET,
    QUIET_SPACE,
    PAPER_TOWELS,
    HEARING_LOOP,
    BABY_CHANGING,
    PARKING,
]
FAMILY_SITE = {STEP_FREE, ACCESSIBLE_TOILET, BABY_CHANGING}


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    kind: str
    # "hub", "cfc", "library", "health", "school" or "venue": how services pick their places.
    category: str
    postcode: str
    address_1: str
    organisation: str | None
    features: frozenset[str] = field(default_factory=frozenset)
    nearest_transport: str = ""
    description: str = ""
    # Only main hubs name their locality; everything else is placed by its postcode sector.
    locality: str | None = None


def _site(
    key,
    name,
    kind,
    category,
    postcode,
    address,
    org,
    features,
    transport,
    description="",
    locality=None,
) -> Site:
    return Site(
        key,
        name,
        kind,
        category,
        postcode,
        address,
        org,
        frozenset(features),
        transport,
        description,
        locality,
    )


MAIN_HUBS = [
    _site(
        "hub-nw",
        "Bethnal Green Family Hub",
        Kind.MAIN_HUB,
        "hub",
        "E2 6HG",
        "40 Derbyshire Street",
        "family-hubs",
        FAMILY_SITE | {QUIET_SPACE, PAPER_TOWELS, HEARING_LOOP},
        "Bus 8 and 388 on Bethnal Green Road, 4 minutes; Bethnal Green Underground 9 minutes",
        "The main Family Hub for the North West: drop in for advice, groups and appointments.",
        locality="north-west",
    ),
    _site(
        "hub-ne",
        "Bow Family Hub",
        Kind.MAIN_HUB,
        "hub",
        "E3 2AE",
        "12 Fairfield Road",
        "family-hubs",
        FAMILY_SITE | {QUIET_SPACE, HEARING_LOOP, PARKING},
        "Bus 25 and 205 at Bow Church, 3 minutes; Bow Church DLR 4 minutes",
        "The main Family Hub for the North East, next to the Bow Idea Store.",
        locality="north-east",
    ),
    _site(
        "hub-se",
        "Poplar Family Hub",
        Kind.MAIN_HUB,
        "hub",
        "E14 0BJ",
        "210 East India Dock Road",
        "family-hubs",
        FAMILY_SITE | {CHANGING_PLACES, QUIET_SPACE, PAPER_TOWELS, PARKING},
        "Bus 15 and 115 at Poplar, 2 minutes; All Saints DLR 5 minutes",
        "The main Family Hub for the South East, serving Poplar and the Isle of Dogs.",
        locality="south-east",
    ),
    _site(
        "hub-sw",
        "Stepney Family Hub",
        Kind.MAIN_HUB,
        "hub",
        "E1 3HA",
        "62 Stepney Way",
        "family-hubs",
        FAMILY_SITE | {QUIET_SPACE, PAPER_TOWELS, HEARING_LOOP},
        "Bus 25 at Whitechapel Station, 6 minutes; Stepney Green Underground 7 minutes",
        "The main Family Hub for the South West, a short walk from Whitechapel.",
        locality="south-west",
    ),
]

CHILDREN_AND_FAMILY_CENTRES = [
    # North West
    _site(
        "cfc-overland",
        "Overland Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E2 9PG",
        "5 Approach Road",
        "cfc",
        FAMILY_SITE | {PAPER_TOWELS},
        "Bus 8 at Roman Road, 3 minutes; Bethnal Green Underground 10 minutes",
    ),
    _site(
        "cfc-collingwood",
        "Collingwood Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E2 0QN",
        "18 Globe Road",
        "cfc",
        FAMILY_SITE | {QUIET_SPACE},
        "Bus 106 and 254 on Cambridge Heath Road, 5 minutes",
    ),
    _site(
        "cfc-columbia",
        "Columbia Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E2 7DJ",
        "3 Columbia Road",
        "cfc",
        {BABY_CHANGING, ACCESSIBLE_TOILET},
        "Bus 26 and 55 on Hackney Road, 4 minutes; Hoxton Overground 8 minutes",
    ),
    # North East
    _site(
        "cfc-old-ford",
        "Old Ford Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E3 5JL",
        "150 Roman Road",
        "cfc",
        FAMILY_SITE | {PAPER_TOWELS, PARKING},
        "Bus 8 and 339 on Roman Road, 2 minutes",
    ),
    _site(
        "cfc-marner",
        "Marner Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E3 3AT",
        "24 Devons Road",
        "cfc",
        FAMILY_SITE | {QUIET_SPACE, PAPER_TOWELS},
        "Bus 108 and D8 on Devons Road, 3 minutes; Devons Road DLR 4 minutes",
    ),
    _site(
        "cfc-malmesbury",
        "Malmesbury Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E3 2SJ",
        "9 Malmesbury Road",
        "cfc",
        {STEP_FREE, BABY_CHANGING},
        "Bus 276 and 488 on Tredegar Road, 5 minutes; Bow Road Underground 9 minutes",
    ),
    # South East
    _site(
        "cfc-chrisp-street",
        "Chrisp Street Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E14 6EJ",
        "31 Chrisp Street",
        "cfc",
        FAMILY_SITE | {QUIET_SPACE, PAPER_TOWELS, HEARING_LOOP},
        "Bus D6 and 309 at Chrisp Street Market, 2 minutes; Langdon Park DLR 6 minutes",
    ),
    _site(
        "cfc-barkantine",
        "Barkantine Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E14 8JH",
        "121 Westferry Road",
        "cfc",
        FAMILY_SITE | {PARKING},
        "Bus D7 and 135 on Westferry Road, 1 minute; Heron Quays DLR 8 minutes",
    ),
    _site(
        "cfc-island-gardens",
        "Island Gardens Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E14 3DX",
        "7 Manchester Road",
        "cfc",
        FAMILY_SITE | {QUIET_SPACE},
        "Bus D3 and D7 on Manchester Road, 2 minutes; Island Gardens DLR 5 minutes",
    ),
    # South West
    _site(
        "cfc-john-smith",
        "John Smith Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E1 0AE",
        "90 Cable Street",
        "cfc",
        FAMILY_SITE | {PAPER_TOWELS, HEARING_LOOP},
        "Bus 135 and D3 on Cable Street, 2 minutes; Shadwell DLR 6 minutes",
    ),
    _site(
        "cfc-ocean",
        "Ocean Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E1 4TT",
        "45 Ben Jonson Road",
        "cfc",
        FAMILY_SITE | {QUIET_SPACE},
        "Bus 309 and D7 on Ben Jonson Road, 2 minutes; Stepney Green Underground 10 minutes",
    ),
    _site(
        "cfc-christian-street",
        "Christian Street Children and Family Centre",
        Kind.SPOKE,
        "cfc",
        "E1 2BW",
        "21 Christian Street",
        "cfc",
        {BABY_CHANGING, ACCESSIBLE_TOILET},
        "Bus 15 and 115 on Commercial Road, 3 minutes; Shadwell DLR 8 minutes",
    ),
]

OTHER_SPOKES = [
    # Libraries
    _site(
        "idea-store-whitechapel",
        "Idea Store Whitechapel",
        Kind.SPOKE,
        "library",
        "E1 1BU",
        "321 Whitechapel Road",
        "idea-stores",
        FAMILY_SITE | {HEARING_LOOP, QUIET_SPACE},
        "Bus 25 at Whitechapel Station, 2 minutes; Shadwell DLR 8 minutes",
    ),
    _site(
        "idea-store-bow",
        "Idea Store Bow",
        Kind.SPOKE,
        "library",
        "E3 5ES",
        "1 Gladstone Place, Roman Road",
        "idea-stores",
        FAMILY_SITE | {HEARING_LOOP},
        "Bus 8 and 339 on Roman Road, 1 minute",
    ),
    _site(
        "idea-store-chrisp-street",
        "Idea Store Chrisp Street",
        Kind.SPOKE,
        "library",
        "E14 6BT",
        "1 Vesey Path",
        "idea-stores",
        FAMILY_SITE | {HEARING_LOOP, PAPER_TOWELS},
        "Bus D6 at Chrisp Street Market, 2 minutes; All Saints DLR 5 minutes",
    ),
    _site(
        "idea-store-canary-wharf",
        "Idea Store Canary Wharf",
        Kind.SPOKE,
        "library",
        "E14 5RB",
        "Churchill Place",
        "idea-stores",
        FAMILY_SITE | {HEARING_LOOP},
        "Canary Wharf DLR 4 minutes; Canary Wharf Underground 5 minutes",
    ),
    _site(
        "idea-store-watney-market",
        "Idea Store Watney Market",
        Kind.SPOKE,
        "library",
        "E1 2FB",
        "260 Commercial Road",
        "idea-stores",
        FAMILY_SITE,
        "Bus 15 and 115 on Commercial Road, 1 minute; Shadwell DLR 5 minutes",
    ),
    _site(
        "bethnal-green-library",
        "Bethnal Green Library",
        Kind.SPOKE,
        "library",
        "E2 0JH",
        "Cambridge Heath Road",
        "idea-stores",
        {STEP_FREE, HEARING_LOOP},
        "Bus 106 and 254 on Cambridge Heath Road, 1 minute; Bethnal Green Underground 5 minutes",
    ),
    # Health centres
    _site(
        "bethnal-green-health",
        "Bethnal Green Health Centre",
        Kind.SPOKE,
        "health",
        "E2 6LL",
        "60 Florida Street",
        "gp-federation",
        FAMILY_SITE | {HEARING_LOOP, PAPER_TOWELS},
        "Bus 8 and 388 on Bethnal Green Road, 3 minutes",
    ),
    _site(
        "bromley-by-bow-health",
        "Bromley-by-Bow Health Centre",
        Kind.SPOKE,
        "health",
        "E3 3JJ",
        "St Leonard's Street",
        "gp-federation",
        FAMILY_SITE | {CHANGING_PLACES, HEARING_LOOP, PARKING},
        "Bus 108 and 488 at Bromley-by-Bow Station, 4 minutes",
    ),
    _site(
        "chrisp-street-health",
        "Chrisp Street Health Centre",
        Kind.SPOKE,
        "health",
        "E14 6PG",
        "100 Chrisp Street",
        "gp-federation",
        FAMILY_SITE | {HEARING_LOOP},
        "Bus D6 and 309 at Chrisp Street Market, 1 minute; Langdon Park DLR 5 minutes",
    ),
    _site(
        "stepney-green-health",
        "Stepney Green Health Centre",
        Kind.SPOKE,
        "health",
        "E1 4DG",
        "Bancroft Road",
        "gp-federation",
        FAMILY_SITE | {HEARING_LOOP, QUIET_SPACE, PARKING},
        "Bus 25 and 205 on Mile End Road, 4 minutes; Stepney Green Underground 6 minutes",
    ),
    # Schools
    _site(
        "marner-primary",
        "Marner Primary School",
        Kind.SPOKE,
        "school",
        "E3 3AT",
        "Devas Street",
        "marner-primary",
        {STEP_FREE, ACCESSIBLE_TOILET},
        "Bus 108 and D8 on Devons Road, 4 minutes; Devons Road DLR 5 minutes",
    ),
    _site(
        "globe-town-primary",
        "Globe Town Primary School",
        Kind.SPOKE,
        "school",
        "E2 0PX",
        "Roman Road",
        "globe-town-primary",
        {STEP_FREE},
        "Bus 8 and D6 on Roman Road, 2 minutes; Bethnal Green Underground 8 minutes",
    ),
    _site(
        "wapping-riverside-primary",
        "Wapping Riverside Primary School",
        Kind.SPOKE,
        "school",
        "E1W 2QP",
        "Prusom Street",
        "wapping-riverside-primary",
        {ACCESSIBLE_TOILET},
        "Bus 100 and D3 on Wapping Lane, 3 minutes; Wapping Overground 4 minutes",
    ),
    _site(
        "limehouse-wharf-secondary",
        "Limehouse Wharf Secondary School",
        Kind.SPOKE,
        "school",
        "E14 7LE",
        "Salmon Lane",
        "limehouse-wharf-secondary",
        {STEP_FREE, ACCESSIBLE_TOILET, HEARING_LOOP},
        "Bus 15 and 115 on Commercial Road, 5 minutes; Limehouse DLR 7 minutes",
    ),
    _site(
        "stepney-park-special",
        "Stepney Park Special School",
        Kind.SPOKE,
        "school",
        "E1 3DG",
        "Harford Street",
        "stepney-park-special",
        FAMILY_SITE | {CHANGING_PLACES, QUIET_SPACE, PAPER_TOWELS, HEARING_LOOP, PARKING},
        "Bus 309 and D7 on Ben Jonson Road, 4 minutes; Stepney Green Underground 8 minutes",
    ),
]

VENUES = [
    _site(
        "york-hall",
        "York Hall Leisure Centre",
        Kind.VENUE,
        "venue",
        "E2 9LJ",
        "5 Old Ford Road",
        None,
        FAMILY_SITE | {PARKING},
        "Bus 106, 254 and 388 on Cambridge Heath Road, 3 minutes; Bethnal Green Underground 4 "
        "minutes",
    ),
    _site(
        "st-margarets-house",
        "St Margaret's House",
        Kind.VENUE,
        "venue",
        "E2 9PL",
        "21 Old Ford Road",
        None,
        {STEP_FREE, QUIET_SPACE},
        "Bus 8 at Roman Road, 5 minutes; Bethnal Green Underground 6 minutes",
    ),
    _site(
        "half-moon-theatre",
        "Half Moon Theatre",
        Kind.VENUE,
        "venue",
        "E1 0ND",
        "43 White Horse Road",
        None,
        {STEP_FREE, ACCESSIBLE_TOILET, HEARING_LOOP},
        "Bus 15 and 115 on Commercial Road, 3 minutes; Limehouse DLR 7 minutes",
    ),
    _site(
        "spitalfields-community-hall",
        "Spitalfields Community Hall",
        Kind.VENUE,
        "venue",
        "E1 5HA",
        "Hanbury Street",
        None,
        {STEP_FREE, BABY_CHANGING},
        "Bus 67 on Commercial Street, 3 minutes; Aldgate East Underground 8 minutes",
    ),
    _site(
        "bromley-by-bow-centre",
        "Bromley by Bow Community Centre",
        Kind.VENUE,
        "venue",
        "E3 3BT",
        "St Leonard's Street",
        None,
        FAMILY_SITE | {QUIET_SPACE, PAPER_TOWELS},
        "Bus 108 at Bromley-by-Bow Station, 5 minutes",
    ),
    _site(
        "mudchute-hall",
        "Mudchute Community Hall",
        Kind.VENUE,
        "venue",
        "E14 3HP",
        "Pier Street",
        None,
        {STEP_FREE, PARKING},
        "Bus D7 on Manchester Road, 4 minutes; Mudchute DLR 3 minutes",
    ),
    _site(
        "shadwell-community-centre",
        "Shadwell Community Centre",
        Kind.VENUE,
        "venue",
        "E1W 3DT",
        "Glamis Road",
        None,
        {STEP_FREE, ACCESSIBLE_TOILET, BABY_CHANGING},
        "Bus 100 and D3 on The Highway, 3 minutes; Shadwell DLR 6 minutes",
    ),
    _site(
        "poplar-methodist-hall",
        "Poplar Methodist Church Hall",
        Kind.VENUE,
        "venue",
        "E14 0EA",
        "East India Dock Road",
        "poplar-methodist",
        {STEP_FREE, BABY_CHANGING},
        "Bus 15 and 115 on East India Dock Road, 1 minute; All Saints DLR 4 minutes",
    ),
    _site(
        "whitechapel-masjid-centre",
        "Whitechapel Masjid Community Centre",
        Kind.VENUE,
        "venue",
        "E1 1JQ",
        "Whitechapel Road",
        "whitechapel-masjid-trust",
        {STEP_FREE, ACCESSIBLE_TOILET},
        "Bus 25 and 205 on Whitechapel Road, 1 minute; Whitechapel Station 4 minutes",
    ),
]

SITES = MAIN_HUBS + CHILDREN_AND_FAMILY_CENTRES + OTHER_SPOKES + VENUES

VIRTUAL = _site(
    "online",
    "Family Hub online",
    Kind.VIRTUAL,
    "virtual",
    "",
    "",
    "family-hubs",
    set(),
    "",
    "Online sessions, video appointments and the Family Hub phone line: for families "
    "who cannot get to a building, or prefer not to.",
)

BUS_SERVICE_KEY = "outreach-bus"

# The outreach bus parks at estates; its stops are places in their own right.
BUS_STOPS = [
    _site(
        "bus-ocean-estate",
        "Outreach bus: Ocean Estate",
        Kind.BUS_STOP,
        "bus",
        "E1 4NS",
        "Car park by Ben Jonson Road shops",
        "family-hubs",
        {STEP_FREE},
        "Bus 309 and D7 on Ben Jonson Road, 1 minute",
    ),
    _site(
        "bus-boundary-estate",
        "Outreach bus: Boundary Estate",
        Kind.BUS_STOP,
        "bus",
        "E2 7DU",
        "Arnold Circus",
        "family-hubs",
        {STEP_FREE},
        "Shoreditch High Street Overground 4 minutes",
    ),
    _site(
        "bus-lincoln-estate",
        "Outreach bus: Lincoln Estate",
        Kind.BUS_STOP,
        "bus",
        "E3 4AY",
        "Bow Common Lane",
        "family-hubs",
        {STEP_FREE, PARKING},
        "Bus 323 on Bow Common Lane, 2 minutes; Devons Road DLR 6 minutes",
    ),
    _site(
        "bus-aberfeldy-estate",
        "Outreach bus: Aberfeldy Estate",
        Kind.BUS_STOP,
        "bus",
        "E14 0NZ",
        "Aberfeldy Street",
        "family-hubs",
        {STEP_FREE},
        "Bus 309 and D6 on Abbott Road, 2 minutes; East India DLR 8 minutes",
    ),
    _site(
        "bus-berner-estate",
        "Outreach bus: Berner Estate",
        Kind.BUS_STOP,
        "bus",
        "E1 2NT",
        "Backchurch Lane",
        "family-hubs",
        {STEP_FREE},
        "Bus 15 on Commercial Road, 3 minutes; Shadwell DLR 6 minutes",
    ),
    _site(
        "bus-chicksand-estate",
        "Outreach bus: Chicksand Estate",
        Kind.BUS_STOP,
        "bus",
        "E1 5LX",
        "Chicksand Street",
        "family-hubs",
        {STEP_FREE},
        "Bus 25 and 205 on Whitechapel Road, 4 minutes; Aldgate East Underground 6 minutes",
    ),
    _site(
        "bus-samuda-estate",
        "Outreach bus: Samuda Estate",
        Kind.BUS_STOP,
        "bus",
        "E14 3JZ",
        "Manchester Road",
        "family-hubs",
        {STEP_FREE},
        "Bus D3 and D7 on Manchester Road, 1 minute; Crossharbour DLR 7 minutes",
    ),
    _site(
        "bus-lefevre-estate",
        "Outreach bus: Lefevre Walk Estate",
        Kind.BUS_STOP,
        "bus",
        "E3 2QW",
        "Parnell Road",
        "family-hubs",
        {STEP_FREE},
        "Bus 8 and 276 on Wick Lane, 3 minutes; Pudding Mill Lane DLR 9 minutes",
    ),
]

# (stop key, weekday 0=Monday, opens, closes): a Monday-to-Saturday weekly timetable.
BUS_TIMETABLE = [
    ("bus-ocean-estate", 0, "10:00", "13:00"),
    ("bus-boundary-estate", 0, "14:00", "16:00"),
    ("bus-lincoln-estate", 1, "10:00", "13:00"),
    ("bus-aberfeldy-estate", 1, "14:00", "16:00"),
    ("bus-berner-estate", 2, "10:00", "13:00"),
    ("bus-chicksand-estate", 2, "14:00", "16:00"),
    ("bus-samuda-estate", 3, "10:00", "13:00"),
    ("bus-lefevre-estate", 3, "14:00", "16:00"),
    ("bus-ocean-estate", 4, "10:00", "13:00"),
    ("bus-aberfeldy-estate", 4, "14:00", "16:00"),
    ("bus-boundary-estate", 5, "10:00", "13:00"),
    ("bus-samuda-estate", 5, "13:30", "15:30"),
]


@dataclass
class Network:
    localities: dict[str, Locality]
    hubs: dict[str, Location]  # main hub per locality key
    sites: dict[str, Location]  # every located site and bus stop, by key
    online: Location
    sectors: int


def _postcodes(wanted: set[str]) -> dict[str, Postcode]:
    found = Postcode.objects.in_bulk(sorted(wanted))
    missing = sorted(wanted - found.keys())
    if missing:
        # A demo site at a postcode the directory cannot place would break distance search.
        raise DemoDataError(
            f"Demo postcodes missing from the Postcode table: {', '.join(missing)}. "
            "Import the ONSPD for E09000030 first (manage.py import_postcodes)."
        )
    return found


def _save_location(
    la: LocalAuthority,
    site: Site,
    postcode: Postcode | None,
    orgs: dict[str, Organisation],
    locality: Locality | None,
    hub: Location | None,
) -> Location:
    place = {
        "postcode": postcode.postcode if postcode else "",
        "easting": postcode.easting if postcode else None,
        "northing": postcode.northing if postcode else None,
        "latitude": postcode.latitude if postcode else None,
        "longitude": postcode.longitude if postcode else None,
    }
    location, _ = Location.objects.update_or_create(
        id=demo_id("location", site.key),
        defaults={
            "local_authority": la,
            "organisation": orgs[site.organisation] if site.organisation else None,
            "locality": locality,
            "hub": hub,
            "kind": site.kind,
            "name": site.name,
            "slug": slugify(site.name),
            "description": site.description,
            "address_1": site.address_1,
            "address_2": "",
            "city": "London" if postcode else "",
            "nearest_transport": site.nearest_transport,
            **place,
            **{feature: feature in site.features for feature in ACCESS_FEATURES},
        },
    )
    return location


def _assign_sectors(
    la: LocalAuthority, localities: dict[str, Locality], hubs: dict[str, Location]
) -> dict[str, Locality]:
    """Give every postcode sector of the borough to the locality with the nearest main hub.

    Measured from the sector's mean grid reference, so that any address in the borough finds a
    locality even where the real boundaries (ward-based) are not loaded.
    """
    points: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = Postcode.objects.filter(local_authority_code=la.code).values_list(
        "postcode", "easting", "northing"
    )
    for code, easting, northing in rows:
        points[postcode_sector(code)].append((easting, northing))
    by_sector = {}
    for sector, grid in points.items():
        east = statistics.fmean(e for e, _ in grid)
        north = statistics.fmean(n for _, n in grid)
        nearest = min(
            hubs, key=lambda key: grid_distance(east, north, hubs[key].easting, hubs[key].northing)
        )
        by_sector[sector] = localities[nearest]
    existing = {s.sector: s for s in LocalitySector.objects.filter(local_authority=la)}
    changed, added = [], []
    for sector, locality in by_sector.items():
        row = existing.get(sector)
        if row is None:
            added.append(LocalitySector(local_authority=la, sector=sector, locality=locality))
        elif row.locality_id != locality.pk:
            row.locality = locality
            changed.append(row)
    LocalitySector.objects.bulk_create(added)
    LocalitySector.objects.bulk_update(changed, ["locality"])
    return by_sector


def load_network(la: LocalAuthority, orgs: dict[str, Organisation]) -> Network:
    """Create or refresh the localities, sites and sector map of the demo borough."""
    postcodes = _postcodes({site.postcode for site in SITES + BUS_STOPS})
    localities = {}
    for key, (name, description) in LOCALITIES.items():
        localities[key], _ = Locality.objects.update_or_create(
            local_authority=la, slug=key, defaults={"name": name, "description": description}
        )
    hubs = {
        site.locality: _save_location(
            la, site, postcodes[site.postcode], orgs, localities[site.locality], None
        )
        for site in MAIN_HUBS
    }
    by_sector = _assign_sectors(la, localities, hubs)
    sites = {site.key: hubs[site.locality] for site in MAIN_HUBS}
    for site in CHILDREN_AND_FAMILY_CENTRES + OTHER_SPOKES + VENUES + BUS_STOPS:
        postcode = postcodes[site.postcode]
        locality = by_sector[postcode_sector(postcode.postcode)]
        # Only spokes hang off a hub; venues and bus stops are in a locality but not part of it.
        hub = hubs[locality.slug] if site.kind == Kind.SPOKE else None
        sites[site.key] = _save_location(la, site, postcode, orgs, locality, hub)
    online = _save_location(la, VIRTUAL, None, orgs, None, None)
    return Network(localities, hubs, sites, online, len(by_sector))
