"""Saving the planned demo services (service_plan.py): services, their costs, places, weekly
sessions, languages and categories. Dates are relative to today so that "stale" entries stay
stale and fresh ones stay fresh.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from familyhub.accounts.models import Organisation
from familyhub.demo.bulk import sync_links, upsert
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.ids import DFE_TAXONOMY_ID, demo_id
from familyhub.demo.network import Network
from familyhub.demo.service_plan import Planned, plan_bus, plan_services
from familyhub.directory.models import (
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.places.models import LocalAuthority

SERVICE_FIELDS = [
    "local_authority",
    "organisation",
    "name",
    "description",
    "name_bn",
    "description_bn",
    "name_so",
    "description_so",
    "status",
    "url",
    "email",
    "phone",
    "access",
    "accepts_referrals",
    "online",
    "by_phone",
    "minimum_age",
    "maximum_age",
    "for_pregnancy",
    "is_free",
    "fees_description",
    "interpreter",
    "sibling_creche",
    "bsl",
    "last_checked",
    "modified",
]


def _terms() -> dict[str, TaxonomyTerm]:
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy_id=DFE_TAXONOMY_ID)}
    if not terms:
        raise DemoDataError("The DfE taxonomy is missing: run manage.py migrate first.")
    return terms


def _languages(codes: Sequence[str]) -> dict[str, Language]:
    languages = Language.objects.in_bulk(list(codes))
    missing = set(codes) - languages.keys()
    if missing:
        raise DemoDataError(f"Languages missing: {sorted(missing)}; run manage.py migrate.")
    return languages


def _service(
    item: Planned, la: LocalAuthority, org: Organisation, today: dt.date, now: dt.datetime
) -> Service:
    t = item.template
    return Service(
        id=demo_id("service", item.key),
        local_authority=la,
        organisation=org,
        name=item.name,
        description=t.description,
        name_bn=t.name_bn,
        description_bn=t.description_bn,
        name_so=t.name_so,
        description_so=t.description_so,
        status=Service.Status.ACTIVE,
        url=f"{org.website}{t.key}/",
        email=org.email,
        phone=org.phone,
        access=t.access,
        accepts_referrals=t.referrals or t.access == Service.Access.REFERRAL,
        online=t.where == "online",
        by_phone=t.by_phone,
        minimum_age=t.ages[0],
        maximum_age=t.ages[1],
        for_pregnancy=t.pregnancy,
        is_free=t.fee is None,
        fees_description=t.fee.description if t.fee else "",
        interpreter=item.interpreter,
        sibling_creche=item.creche,
        bsl=item.bsl,
        last_checked=today - dt.timedelta(days=item.days_since_checked),
        modified=now,
    )


def load_services(la: LocalAuthority, orgs: dict[str, Organisation], network: Network) -> int:
    """Create or refresh every demo service and the outreach bus; returns how many there are.

    Rows are written in bulk (about 20 queries in all) so that the loader, and every test that
    uses the demo borough, stays quick. Anything the data no longer lists is removed.
    """
    terms = _terms()
    planned = [*plan_services(network), plan_bus()]
    languages = _languages(sorted({c for p in planned for c in p.template.languages}))
    locations = {**network.sites, "online": network.online}
    today, now = timezone.localdate(), timezone.now()

    services, costs, places, sessions = [], [], [], []
    language_links, term_links = set(), set()
    for item in planned:
        service = _service(item, la, orgs[item.template.org], today, now)
        services.append(service)
        language_links |= {(service.id, languages[c].pk) for c in item.template.languages}
        term_links |= {(service.id, terms[c].pk) for c in item.template.terms}
        fee = item.template.fee
        for number, (option, amount, what) in enumerate(fee.options if fee else ()):
            costs.append(
                CostOption(
                    id=demo_id("cost-option", item.key, number),
                    service_id=service.id,
                    option=option,
                    amount=Decimal(amount),
                    amount_description=what,
                )
            )
        for site in item.site_keys:
            place = ServiceAtLocation(
                id=demo_id("service-at-location", item.key, site),
                service_id=service.id,
                location_id=locations[site].pk,
            )
            places.append(place)
            at_site = [session for session in item.sessions if session[0] == site]
            for number, (_, day, opens, closes) in enumerate(at_site):
                sessions.append(
                    Schedule(
                        id=demo_id("schedule", item.key, site, number),
                        service_at_location_id=place.id,
                        weekday=day,
                        opens_at=dt.time.fromisoformat(opens),
                        closes_at=dt.time.fromisoformat(closes),
                    )
                )

    service_ids = [service.id for service in services]
    upsert(Service, services, SERVICE_FIELDS)
    sync_links(Service.languages.through, "language_id", language_links)
    sync_links(Service.terms.through, "taxonomyterm_id", term_links)
    upsert(CostOption, costs, ["service", "option", "amount", "amount_description"])
    CostOption.objects.filter(service_id__in=service_ids).exclude(
        id__in=[cost.id for cost in costs]
    ).delete()
    upsert(ServiceAtLocation, places, ["service", "location"])
    ServiceAtLocation.objects.filter(service_id__in=service_ids).exclude(
        id__in=[place.id for place in places]
    ).delete()
    upsert(Schedule, sessions, ["service_at_location", "weekday", "opens_at", "closes_at"])
    Schedule.objects.filter(service_at_location__service_id__in=service_ids).exclude(
        id__in=[session.id for session in sessions]
    ).delete()
    return len(services)
