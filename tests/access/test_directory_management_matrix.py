"""THE access matrix of the directory's staff pages: every page and form under /staff/directory/
in familyhub/directory/urls.py (an organisation's services, sessions and venues; the manager's
decisions on organisations that asked to be listed), as each of the nine roles held in the
organisation whose entries they are (a school), a directory editor of another organisation, a
directory manager of another council, and signed out; each cell its own test, its status
written out below.

An organisation's entries are kept by its own directory editors and nobody else (403, the
directory being public anyway); an application to be listed is decided by the directory
managers of the organisation's council. The public pages of the same urlconf are listed in
tests/access/test_every_page_has_a_matrix.py.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Schedule, Service
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.factories import (
    LocationFactory,
    OrganisationApplicationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "editor_of_another_organisation", "manager_of_another_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; oed editor_of_another_organisation,
#   omc manager_of_another_council, ano anonymous
#                                 ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  oed  omc  ano
EXPECTED = {
    ("manage-home", "GET"):      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    ("service-create", "GET"):   (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-create", "POST"):  (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-edit", "GET"):     (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-edit", "POST"):    (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-checked", "POST"): (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-sessions", "GET"): (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("service-sessions", "POST"):(302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("session-remove", "POST"):  (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("location-create", "GET"):  (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("location-create", "POST"): (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("location-edit", "GET"):    (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("location-edit", "POST"):   (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    ("organisation-decision", "POST"):
                                 (403, 302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
}  # fmt: skip

# Whom the staff directory's home page shows the waiting application to: its council's managers.
SHOWN_THE_APPLICATION = {"directory_manager"}

SERVICE_FORM = {
    "description": "Play, songs and a chat for parents and under-fives.",
    "access": "drop_in",
    "minimum_age": "0",
    "maximum_age": "5",
    "is_free": "on",
    "status": "active",
}
VENUE_FORM = {"address_1": "1 Road", "city": "London", "postcode": "E2 0QN"}


def url(name: str, key: str):
    return lambda w: reverse(f"directory:{name}", args=[getattr(w, key).pk])


# (url name, method): (its address, what a valid form sends, whether its change happened)
PAGES = {
    ("manage-home", "GET"): (lambda w: reverse("directory:manage-home"), None, None),
    ("service-create", "GET"): (url("service-create", "organisation"), None, None),
    ("service-create", "POST"): (
        url("service-create", "organisation"),
        lambda w: {**SERVICE_FORM, "name": "New stay and play", "locations": [w.venue.pk]},
        lambda w: Service.objects.filter(
            name="New stay and play", organisation=w.organisation
        ).exists(),
    ),
    ("service-edit", "GET"): (url("service-edit", "service"), None, None),
    ("service-edit", "POST"): (
        url("service-edit", "service"),
        lambda w: {**SERVICE_FORM, "name": "Renamed stay and play", "locations": [w.venue.pk]},
        lambda w: Service.objects.filter(pk=w.service.pk, name="Renamed stay and play").exists(),
    ),
    ("service-checked", "POST"): (
        url("service-checked", "service"),
        lambda w: {},
        lambda w: Service.objects.filter(
            pk=w.service.pk, last_checked=timezone.localdate()
        ).exists(),
    ),
    ("service-sessions", "GET"): (url("service-sessions", "service"), None, None),
    ("service-sessions", "POST"): (
        url("service-sessions", "service"),
        lambda w: {
            "place": w.service_at_venue.pk,
            "weekday": "2",
            "opens_at": "10:00",
            "closes_at": "11:30",
        },
        lambda w: Schedule.objects.filter(service_at_location=w.service_at_venue).count() == 2,
    ),
    ("session-remove", "POST"): (
        url("session-remove", "session"),
        lambda w: {},
        lambda w: not Schedule.objects.filter(pk=w.session.pk).exists(),
    ),
    ("location-create", "GET"): (url("location-create", "organisation"), None, None),
    ("location-create", "POST"): (
        url("location-create", "organisation"),
        lambda w: {**VENUE_FORM, "name": "Community hall"},
        lambda w: Location.objects.filter(
            name="Community hall", organisation=w.organisation
        ).exists(),
    ),
    ("location-edit", "GET"): (url("location-edit", "venue"), None, None),
    ("location-edit", "POST"): (
        url("location-edit", "venue"),
        lambda w: {**VENUE_FORM, "name": "Renamed hall"},
        lambda w: Location.objects.filter(pk=w.venue.pk, name="Renamed hall").exists(),
    ),
    ("organisation-decision", "POST"): (
        url("organisation-decision", "applicant"),
        lambda w: {"decision": "approve"},
        lambda w: Organisation.objects.filter(
            pk=w.applicant.pk, status=Organisation.Status.APPROVED
        ).exists(),
    ),
}


@pytest.fixture
def world(council, partner_organisation):
    """The school's service, unchecked for 400 days, at its own venue with one session; and an
    organisation of the council waiting for a decision on its application to be listed."""
    service = ServiceFactory(
        organisation=partner_organisation,
        name="Stay and play",
        last_checked=timezone.localdate() - dt.timedelta(days=400),
    )
    venue = LocationFactory(
        organisation=partner_organisation, local_authority=council, kind=Location.Kind.VENUE
    )
    service_at_venue = ServiceAtLocationFactory(service=service, location=venue)
    application = OrganisationApplicationFactory(
        organisation__local_authority=council, organisation__name="Waiting to be listed"
    )
    return SimpleNamespace(
        organisation=partner_organisation,
        service=service,
        venue=venue,
        service_at_venue=service_at_venue,
        session=ScheduleFactory(service_at_location=service_at_venue),
        applicant=application.organisation,
    )


def actor_user(request, actor: str):
    if actor in ROLES:
        return staff_of(request.getfixturevalue("partner_organisation"), actor)
    return {
        "editor_of_another_organisation": lambda: staff_of(
            request.getfixturevalue("lead_organisation"), "directory_editor"
        ),
        "manager_of_another_council": lambda: staff_of(
            request.getfixturevalue("other_council_organisation"), "directory_manager"
        ),
        "anonymous": lambda: None,
    }[actor]()


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    address, data, changed = PAGES[page]
    user = actor_user(request, actor)

    response = ask(Client(), user, page[1], address(world), data(world) if data else None)

    assert_status(response, expected, signed_out=user is None)
    if changed is not None:
        assert changed(world) is (expected == 302 and user is not None)
    if page[0] == "manage-home" and expected == 200:
        shown = "Waiting to be listed" in response.content.decode()
        assert shown is (actor in SHOWN_THE_APPLICATION)


def test_every_cell_has_a_way_to_reach_it():
    assert set(PAGES) == set(EXPECTED)
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
