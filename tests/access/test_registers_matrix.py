"""THE access matrix of registers at sessions (familyhub/activities/urls_registers.py): the day's
sessions, a session's register (read, and saved), adding a walk-in, registering a family with
the hub and booking a family a place, as each of the ten roles of the organisation running the
session, a practitioner of another organisation of the same council, a practitioner of another
council, and signed out; each cell its own test, its status written out below.

Registers are taken by staff in a front-line role (practitioner, lead professional, locality
manager: activities.rules.REGISTER_ROLES) of the organisation running the activity or its place.
The list of sessions is refused (403) to anyone holding no such role anywhere; a front-line
worker of another organisation or council has a list of their own (without this session) and is
not even told this session has a register (404), and neither is anyone else.
"""

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.activities.models import Attendance, Booking, HubRegistration
from familyhub.audit.models import AuditEvent
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.activities_factories import BookingFactory, SessionTodayFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "practitioner_other_organisation", "practitioner_other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; poo practitioner of another organisation,
#   poc practitioner of another council, ano anonymous
#                                  ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  poo  poc  ano
EXPECTED = {
    ("sessions", "GET"):          (403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 200, 200, 302),
    ("register", "GET"):          (404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 404, 404, 302),
    ("register", "POST"):         (404, 404, 404, 302, 302, 302, 404, 404, 404, 404, 404, 404, 302),
    ("walk-in", "GET"):           (404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 404, 404, 302),
    ("walk-in", "POST"):          (404, 404, 404, 302, 302, 302, 404, 404, 404, 404, 404, 404, 302),
    ("register-family", "GET"):   (404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 404, 404, 302),
    ("register-family", "POST"):  (404, 404, 404, 302, 302, 302, 404, 404, 404, 404, 404, 404, 302),
    ("book", "GET"):              (404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 404, 404, 302),
    # The session has started: the worker gets the page back saying to add a walk-in instead.
    ("book", "POST"):             (404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 404, 404, 302),
}  # fmt: skip

# Whose list names the session (a 200 with its activity on it).
LISTED = {"lead_professional", "practitioner", "locality_manager"}


def sent(name: str, booking: Booking) -> dict:
    return {
        "register": {"shown": [f"b{booking.pk}"], "came": [f"b{booking.pk}"]},
        "walk-in": {"name": "Hodan Ali", "children": "1"},
        "register-family": {
            "name": "Rahman",
            "parent_given_name": "Amina",
            "parent_family_name": "Rahman",
            "postcode": "E1 1BB",
            "child_1_born": "14/9/2024",
            "channel": "email",
            "email": "amina@example.org",
            "language": "en-gb",
            "agrees": "on",
        },
        "book": {},
    }[name]


# What a POST that did its work leaves behind: (attendances, hub registrations).
LEAVES = {"register": (1, 0), "walk-in": (1, 0), "register-family": (0, 1), "book": (0, 0)}


@pytest.fixture
def session(council_organisation):
    return SessionTodayFactory(
        activity__organisation=council_organisation, activity__name="Rhyme time"
    )


def actor_user(request, council_organisation, actor: str):
    if actor in ROLES:
        return staff_of(council_organisation, actor)
    if actor == "practitioner_other_organisation":
        other = OrganisationFactory(local_authority=council_organisation.local_authority)
        return staff_of(other, "practitioner")
    if actor == "practitioner_other_council":
        return staff_of(request.getfixturevalue("other_council_organisation"), "practitioner")
    return None


def url_for(name: str, session) -> str:
    return (
        reverse("registers:sessions")
        if name == "sessions"
        else reverse(f"registers:{name}", args=[session.pk])
    )


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, session, council_organisation, page, actor):
    name, method = page
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, council_organisation, actor)
    booking = BookingFactory(session=session, contact_name="Nadia Khan")

    response = ask(
        Client(),
        user,
        method,
        url_for(name, session),
        sent(name, booking) if method == "POST" else None,
    )

    assert_status(response, expected, signed_out=user is None)
    done = method == "POST" and expected == 302 and user is not None
    counts = (Attendance.objects.count(), HubRegistration.objects.count())
    assert counts == (LEAVES[name] if done else (0, 0))
    if name == "sessions" and expected == 200:
        assert ("Rhyme time" in response.content.decode()) is (actor in LISTED)
    if name == "register" and method == "GET":
        # The register names who booked: each opening of it is in the audit trail.
        views = AuditEvent.objects.filter(
            action=AuditEvent.Action.VIEW, record_type="activities.session"
        )
        assert views.count() == (1 if expected == 200 else 0)


def test_every_cell_has_a_way_to_reach_it():
    assert set(LEAVES) == {name for name, method in EXPECTED if method == "POST"}
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
