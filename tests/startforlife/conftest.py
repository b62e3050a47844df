"""Start for Life's world: a locality whose sector holds E1 1BJ, its main hub with a welcome
session next week, a health visitor who imports, and a CSV writer for notification files."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.utils import timezone

from familyhub.accounts.models import Role, Sector
from familyhub.activities.models import Activity
from familyhub.directory.models import Location
from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.startforlife.importing import COLUMNS
from tests.activities_factories import ActivityFactory, SessionFactory
from tests.factories import (
    LocalityFactory,
    LocalitySectorFactory,
    LocationFactory,
    OrganisationFactory,
    StaffFactory,
)

HOME = "E1 1BJ"  # Tower Hamlets, sector E1 1
HACKNEY = "E8 4RP"
NOWHERE = "ZZ9 9ZZ"  # the shape of a postcode, in nobody's directory
PARENT_NHS = synthetic_nhs_number(1)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def csv_lines(*rows: dict, columns=COLUMNS) -> list[str]:
    """A notifications file's lines, as the importer reads them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().splitlines(keepends=True)


def birth(**changes) -> dict:
    row = {
        "notification_type": "birth",
        "notifying_service": "Royal London Hospital maternity",
        "notified_date": days_ago(2).strftime("%d/%m/%Y"),
        "parent_given_name": "Amina",
        "parent_family_name": "Begum",
        "parent_nhs_number": PARENT_NHS,
        "baby_given_name": "Rumi",
        "baby_family_name": "Begum",
        "baby_sex": "F",
        "baby_date_of_birth": days_ago(5).strftime("%d/%m/%Y"),
        "multiple_birth_order": "1",
        "address_line_1": "1 Example Street",
        "postcode": HOME,
        "phone": "07700 900982",
        "preferred_language": "bn",
        "preferred_contact": "sms",
    }
    return row | changes


def pregnancy(**changes) -> dict:
    row = birth(notification_type="pregnancy", baby_given_name="", baby_sex="")
    row["baby_date_of_birth"] = ""
    row["due_date"] = (timezone.localdate() + dt.timedelta(days=60)).strftime("%d/%m/%Y")
    return row | changes


@pytest.fixture
def sfl(council, postcodes):
    locality = LocalityFactory(local_authority=council, name="Whitechapel")
    LocalitySectorFactory(locality=locality, local_authority=council, sector="E1 1")
    hub = LocationFactory(
        local_authority=council, locality=locality, kind=Location.Kind.MAIN_HUB, name="The Hub"
    )
    health_visiting = OrganisationFactory(
        local_authority=council, name="Health Visiting", sector=Sector.NHS
    )
    visitor = StaffFactory(organisation=health_visiting, role=Role.LEAD_PROFESSIONAL)
    welcome = ActivityFactory(
        organisation=health_visiting, name="Baby's Day Out", kind=Activity.Kind.WELCOME
    )
    return SimpleNamespace(
        council=council,
        locality=locality,
        hub=hub,
        health_visiting=health_visiting,
        visitor=visitor,
        welcome=welcome,
    )


@pytest.fixture
def welcome_session(sfl):
    starts = timezone.now() + dt.timedelta(days=7)
    return SessionFactory(
        activity=sfl.welcome, location=sfl.hub, starts=starts, ends=starts + dt.timedelta(hours=1)
    )
