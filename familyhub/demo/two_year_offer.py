"""The demo's 2-year-old offer: nurseries taking funded 2-year-olds in every locality, and two
terms' DWP lists (last term's and this term's, many children on both) imported through the
offer's own service, the families invited, and some places taken up.

Seeded, so every load makes the same children; safe to run again: a term whose demo list is
imported already is left as it is, and a take-up is recorded once.
"""

import csv
import datetime as dt
import io
import random

from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Organisation, Sector, User
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.ids import demo_id
from familyhub.demo.people import heritages
from familyhub.directory.models import Language, Location, Service, TaxonomyTerm
from familyhub.directory.services import service_save
from familyhub.earlyeducation import rules, services
from familyhub.earlyeducation.lists import COLUMNS
from familyhub.earlyeducation.models import Eligibility, ListImport, TakeUp
from familyhub.earlyeducation.rules import Term
from familyhub.earlyeducation.selectors import providers_of
from familyhub.places.models import LocalAuthority, Locality, Postcode

SEED = 2024
# Children on this term's list, and on last term's (OVERLAP of them on both).
THIS_TERM = 300
LAST_TERM = 220
OVERLAP = 140
FILE_NAME = "demo-dwp-list-{term}.csv"
IMPORTED_BY = "analyst@example.org"
RECORDED_BY = "admin@example.org"
# Shares of families the list gives an email address or a mobile number; the rest get a letter.
EMAIL_SHARE, MOBILE_SHARE = 0.4, 0.3
# Shares of last term's and this term's children whose place is taken up.
TOOK_UP = {"last": 0.45, "this": 0.2}

# Invented nurseries, pre-schools and childminders: two at spokes of each locality.
NURSERIES = (
    "Bright Beginnings Nursery",
    "Little Stars Pre-school",
    "Sunflower Day Nursery",
    "Riverside Childminders Network",
    "Island Kids Pre-school",
    "Poplar Tots Nursery",
    "Mile End Early Years",
    "Stepney Green Montessori",
)
DESCRIPTION = (
    "Funded early education for eligible 2-year-olds (15 hours a week, term time) and all "
    "3 and 4 year olds. Bring your eligibility code when you visit. Extra hours can be paid for."
)


def load_demo_two_year_offer(council: LocalAuthority) -> int:
    """Providers, two terms' lists, invitations and take-ups; returns how many eligibilities
    were new."""
    _providers_load(council)
    today = timezone.localdate()
    this_term = rules.term_of(today)
    last_term = rules.terms_around(today)[0]
    rng = random.Random(SEED)
    postcodes = _postcodes(council)
    overlap = [_child(rng, postcodes, both=(last_term, this_term)) for _n in range(OVERLAP)]
    only_last = [_child(rng, postcodes, both=(last_term,)) for _n in range(LAST_TERM - OVERLAP)]
    only_this = [_child(rng, postcodes, both=(this_term,)) for _n in range(THIS_TERM - OVERLAP)]
    added = 0
    for term, children, share in (
        (last_term, overlap + only_last, TOOK_UP["last"]),
        (this_term, overlap + only_this, TOOK_UP["this"]),
    ):
        added += _term_load(council, term, children)
        services.invitations_send(council.code, term.key)
        _take_ups(council, term, share, random.Random(f"{SEED}-{term.key}"))
    return added


def _providers_load(council: LocalAuthority) -> None:
    terms = list(TaxonomyTerm.objects.filter(code__in=["12", "32"], local_authority__isnull=True))
    languages = list(Language.objects.filter(code__in=["en", "bn"]))
    spokes = []
    for locality in Locality.objects.filter(local_authority=council).order_by("name"):
        spokes += list(
            Location.objects.filter(locality=locality, kind=Location.Kind.SPOKE).order_by("name")[
                :2
            ]
        )
    if len(spokes) < len(NURSERIES):
        raise DemoDataError("The demo borough has too few spokes: load the borough first")
    for name, spoke in zip(NURSERIES, spokes, strict=False):
        organisation, _made = Organisation.objects.update_or_create(
            id=demo_id("organisation", "nursery", name),
            defaults={
                "local_authority": council,
                "name": name,
                "slug": name.lower().replace(" ", "-"),
                "sector": Sector.PRIVATE,
                "status": Organisation.Status.APPROVED,
                "email": "nursery@example.org",
                "description": "A childcare provider taking funded 2, 3 and 4 year olds.",
            },
        )
        service = Service.objects.filter(pk=demo_id("service", "nursery", name)).first()
        service = service or Service(id=demo_id("service", "nursery", name))
        service.organisation = organisation
        service.name = f"Funded places for 2-year-olds at {name}"
        service.description = DESCRIPTION
        service.access = Service.Access.SELF_REFER
        service.minimum_age, service.maximum_age = 2, 4
        service.is_free = False
        service.fees_description = "15 funded hours a week are free; extra hours are charged."
        service.phone = "020 7946 0999"
        service_save(service=service, locations=[spoke], terms=terms, languages=languages)


def _postcodes(council: LocalAuthority) -> list[str]:
    live = Postcode.objects.filter(local_authority_code=council.code, terminated=False)
    found = list(live.order_by("postcode").values_list("postcode", flat=True)[::40])
    if not found:
        raise DemoDataError("No postcodes: load the demo borough first")
    return found


def _born(rng: random.Random, terms: tuple[Term, ...]) -> dt.date:
    """A date of birth that makes the child 2 in every one of the terms."""
    earliest = rules.birthday(terms[-1].starts, -3)
    latest = rules.birthday(terms[0].starts, -2) - dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def _child(rng: random.Random, postcodes: list[str], *, both: tuple[Term, ...]) -> dict:
    heritage = rng.choices(heritages(), weights=[h.weight for h in heritages()])[0]
    family = rng.choice(heritage.family)
    parent = rng.choice(heritage.female if rng.random() < 0.85 else heritage.male)
    language = {"bengali": "bn", "somali": "so"}.get(heritage.name, "en")
    if rng.random() > 0.6:
        language = "en"
    contact = rng.random()
    ni_number = f"{rng.choice('ABCEGHJKLMNPRSTWXYZ')}{rng.choice('ABCEGHJKLMNPRSTWXYZ')}"
    return {
        "parent_name": f"{parent} {family}",
        "ni_number": f"{ni_number}{rng.randint(0, 999999):06d}{rng.choice('ABCD')}",
        "address_1": f"{rng.randint(1, 120)} {rng.choice(['Flat A', 'Flat B', 'House'])}",
        "address_2": rng.choice(["Stepney Way", "Roman Road", "Cable Street", "Manchester Road"]),
        "address_3": "London",
        "postcode": rng.choice(postcodes),
        "child_first_name": rng.choice(heritage.female + heritage.male),
        "child_last_name": family,
        "child_date_of_birth": f"{_born(rng, both):%d/%m/%Y}",
        "email": f"parent{rng.randint(1000, 9999)}@example.org" if contact < EMAIL_SHARE else "",
        "mobile": (
            f"07700 900{rng.randint(0, 999):03d}"
            if EMAIL_SHARE <= contact < EMAIL_SHARE + MOBILE_SHARE
            else ""
        ),
        "language": language,
    }


def _term_load(council: LocalAuthority, term: Term, children: list[dict]) -> int:
    file_name = FILE_NAME.format(term=term.key)
    if ListImport.objects.filter(local_authority=council, file_name=file_name).exists():
        return 0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(children)
    imported = services.list_import(
        local_authority=council,
        term=term,
        data=out.getvalue().encode(),
        file_name=file_name,
        by=User.objects.filter(email=IMPORTED_BY).first(),
    )
    return imported.added


def _take_ups(council: LocalAuthority, term: Term, share: float, rng: random.Random) -> None:
    by = User.objects.filter(email=RECORDED_BY).first()
    if by is None:
        raise DemoDataError(f"{RECORDED_BY} is missing: load the demo borough first")
    providers = {service.name: service for service in providers_of(council.code)}
    eligibilities = (
        Eligibility.objects.filter(
            child__local_authority=council,
            term_year=term.year,
            term_season=term.season,
            invitation__isnull=False,
        )
        .select_related("invitation")
        .order_by("pk")
    )
    for eligibility in eligibilities:
        # Both draws for every child, so a second run walks the same sequence as the first.
        chosen, started = rng.random() < share, term.starts + dt.timedelta(rng.randint(3, 30))
        if not chosen or TakeUp.objects.filter(eligibility=eligibility).exists():
            continue
        named = [providers.get(p["name"]) for p in eligibility.invitation.providers]
        provider = next((p for p in named if p is not None), None)
        if provider is None:
            continue
        with transaction.atomic():
            services.take_up_record(
                eligibility=eligibility,
                provider=provider,
                started=started,
                by=by,
            )
