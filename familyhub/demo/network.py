"""The place side of the demo borough: localities, hubs, spokes, venues, the virtual offer and
the outreach bus stops (data/localities.csv, data/sites.csv), and which postcode sectors each
locality serves.

Every site sits at a real Tower Hamlets postcode, checked against the Postcode table when
loading, so that distance searches in the demo behave as they would in production. Addresses are
plausible streets in those postcode areas, not the buildings' real addresses.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.utils.text import slugify

from familyhub.accounts.models import Organisation
from familyhub.demo.datafiles import DemoDataError, choice, read_csv
from familyhub.demo.ids import demo_id
from familyhub.directory.models import Location
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode
from familyhub.places.rules import grid_distance, postcode_sector

Kind = Location.Kind

# The Location fields a site's "features" column may name; anything not named is False.
ACCESS_FEATURES = (
    "step_free",
    "changing_places",
    "accessible_toilet",
    "quiet_space",
    "paper_towels",
    "hearing_loop",
    "baby_changing",
    "parking",
)
# How services pick their places (service_plan.py): "cfc" and "library" sites get one service
# each of some templates; borough-wide groups also run at "cfc", "library", "health" or "venue".
CATEGORIES = {"hub", "cfc", "library", "health", "school", "venue", "bus", "virtual"}


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    kind: str
    category: str
    # Only main hubs name their locality; everything else is placed by its postcode sector.
    locality: str | None
    organisation: str | None  # an organisation key, or None for a hall nobody in the demo runs
    postcode: str
    address_1: str
    features: frozenset[str]
    nearest_transport: str
    description: str


@cache
def demo_localities() -> dict[str, tuple[str, str]]:
    """Locality slug: (name, description)."""
    return {row["key"]: (row["name"], row["description"]) for row in read_csv("localities.csv")}


def _site(row: dict[str, str]) -> Site:
    where = f"site {row['key']}"
    features = frozenset(row["features"].split())
    unknown = features - set(ACCESS_FEATURES)
    if unknown:
        raise DemoDataError(f"{where}: unknown features {sorted(unknown)}")
    if row["category"] not in CATEGORIES:
        raise DemoDataError(f"{where}: unknown category {row['category']!r}")
    return Site(
        key=row["key"],
        name=row["name"],
        kind=choice(Kind, row["kind"], where),
        category=row["category"],
        locality=row["locality"] or None,
        organisation=row["organisation"] or None,
        postcode=row["postcode"],
        address_1=row["address_1"],
        features=features,
        nearest_transport=row["nearest_transport"],
        description=row["description"],
    )


@cache
def demo_sites() -> tuple[Site, ...]:
    """Every site in file order: main hubs (each naming its locality), the other placed sites,
    and one virtual place for the online offer."""
    sites = tuple(_site(row) for row in read_csv("sites.csv"))
    if [site.kind for site in sites].count(Kind.VIRTUAL) != 1:
        raise DemoDataError("sites.csv must hold exactly one virtual site (the online offer)")
    hub_localities = sorted(site.locality or "" for site in sites if site.kind == Kind.MAIN_HUB)
    if hub_localities != sorted(demo_localities()):
        raise DemoDataError("sites.csv must name one main hub for each locality")
    return sites


def sites_of_kind(*kinds: str) -> list[Site]:
    return [site for site in demo_sites() if site.kind in kinds]


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
    hub_points = {
        key: (hub.easting, hub.northing)
        for key, hub in hubs.items()
        if hub.easting is not None and hub.northing is not None
    }
    by_sector = {}
    for sector, grid in points.items():
        east = statistics.fmean(e for e, _ in grid)
        north = statistics.fmean(n for _, n in grid)
        nearest = min(hub_points, key=lambda key: grid_distance(east, north, *hub_points[key]))
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
    main_hubs = sites_of_kind(Kind.MAIN_HUB)
    others = sites_of_kind(Kind.SPOKE, Kind.VENUE, Kind.BUS_STOP)
    postcodes = _postcodes({site.postcode for site in main_hubs + others})
    localities = {}
    for key, (name, description) in demo_localities().items():
        localities[key], _ = Locality.objects.update_or_create(
            local_authority=la, slug=key, defaults={"name": name, "description": description}
        )
    hubs = {
        site.locality: _save_location(
            la, site, postcodes[site.postcode], orgs, localities[site.locality], None
        )
        for site in main_hubs
        if site.locality
    }
    by_sector = _assign_sectors(la, localities, hubs)
    sites = {site.key: hubs[site.locality] for site in main_hubs if site.locality}
    for site in others:
        postcode = postcodes[site.postcode]
        locality = by_sector[postcode_sector(postcode.postcode)]
        # Only spokes hang off a hub; venues and bus stops are in a locality but not part of it.
        hub = hubs[locality.slug] if site.kind == Kind.SPOKE else None
        sites[site.key] = _save_location(la, site, postcode, orgs, locality, hub)
    (virtual,) = sites_of_kind(Kind.VIRTUAL)
    online = _save_location(la, virtual, None, orgs, None, None)
    return Network(localities, hubs, sites, online, len(by_sector))
