"""Loads the whole demo borough in one transaction: all of it, or none of it."""

from dataclasses import dataclass

from django.db import transaction

from familyhub.accounts.models import Membership
from familyhub.demo.accounts import load_accounts
from familyhub.demo.network import load_network
from familyhub.demo.organisations import load_organisations
from familyhub.demo.service_rows import load_services
from familyhub.demo.switch import require_demo_switch
from familyhub.directory.models import Service
from familyhub.directory.search_index import search_entries_refresh
from familyhub.places.models import LocalAuthority, Postcode
from familyhub.places.services import postcodes_import

LA_CODE = "E09000030"
LA_NAME = "Tower Hamlets"
LA_SLUG = "tower-hamlets"


@dataclass(frozen=True)
class DemoSummary:
    postcodes_imported: int
    localities: int
    sectors: int
    locations: int
    organisations: int
    services: int
    memberships: list[Membership]


def load_demo_borough() -> DemoSummary:
    """Create or refresh the demo borough. Safe to run again: it updates rows in place."""
    require_demo_switch()
    imported = 0
    if not Postcode.objects.filter(local_authority_code=LA_CODE).exists():
        # Every demo place is checked against these, and sectors are derived from them.
        imported = postcodes_import(local_authority_codes=[LA_CODE], letters="E").added
    with transaction.atomic():
        la, _ = LocalAuthority.objects.update_or_create(
            code=LA_CODE, defaults={"name": LA_NAME, "slug": LA_SLUG}
        )
        orgs = load_organisations(la)
        network = load_network(la, orgs)
        services = load_services(la, orgs, network)
        search_entries_refresh(
            service_ids=Service.objects.filter(local_authority=la).values_list("pk", flat=True)
        )
        memberships = load_accounts(orgs)
    return DemoSummary(
        postcodes_imported=imported,
        localities=len(network.localities),
        sectors=network.sectors,
        locations=len(network.sites) + 1,
        organisations=len(orgs),
        services=services,
        memberships=memberships,
    )
