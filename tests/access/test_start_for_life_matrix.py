"""THE access matrix of Start for Life's staff pages (familyhub/startforlife/urls.py,
/staff/start-for-life/): importing notifications, the first 1,001 days (the localities, one
locality's list), recording a health visiting review, and reach, as each of the ten roles of the
council (in its Early Help service), a health visitor (a lead professional of the council's NHS
health visiting service), a health visitor of another council, and signed out; each cell its own
test, its status written out below.

Who may (startforlife.rules): importing, administrators and health visiting; the named list of
the first 1,001 days, locality managers and health visiting; recording a review, health visiting
only; reach (counts, small numbers suppressed), locality managers and data analysts. Another
council's health visitor imports into their own council (our postcodes are refused there, so
nothing is made here) and is not told our localities or babies exist (404).
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from familyhub.accounts.models import Role, Sector
from familyhub.startforlife.models import MilestoneDone, Notification
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.factories import OrganisationFactory
from tests.startforlife.conftest import birth, csv_lines, sfl  # noqa: F401  (the world)
from tests.startforlife_factories import BirthNotificationFactory

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "health_visitor", "health_visitor_other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; hv health visitor, hvo health visitor of another
#   council, ano anonymous
#                             ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  hv   hvo  ano
EXPECTED = {
    ("import", "GET"):       (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 200, 302),
    # A one-row file: imported (a 200 with the report) by those who may.
    ("import", "POST"):      (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 200, 302),
    ("localities", "GET"):   (403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 200, 302),
    ("first-days", "GET"):   (403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 404, 302),
    ("milestone", "GET"):    (403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 302),
    ("milestone", "POST"):   (403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302, 404, 302),
    ("reach", "GET"):        (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 302),
}  # fmt: skip

# Whose 1,001-days list names the baby (a 200 with the name on it).
NAMED_FOR = {"locality_manager", "health_visitor"}


@pytest.fixture
def world(sfl):  # noqa: F811  (the fixture imported above)
    notification = BirthNotificationFactory(
        family__local_authority=sfl.council, family__locality=sfl.locality, family__hub=sfl.hub
    )
    return SimpleNamespace(sfl=sfl, notification=notification)


def url_for(world, name: str) -> str:
    if name == "first-days":
        return reverse("startforlife:first-days", args=[world.sfl.locality.pk])
    if name == "milestone":
        return reverse("startforlife:milestone", args=[world.notification.baby.pk])
    return reverse(f"startforlife:{name}")


def sent(world, name: str) -> dict:
    if name == "import":
        content = "".join(csv_lines(birth())).encode()
        return {"file": SimpleUploadedFile("births.csv", content, content_type="text/csv")}
    done_on = world.notification.born_on.strftime("%d/%m/%Y")
    return {"milestone": "new_birth_visit", "done_on": done_on}


def actor_user(request, council_organisation, world, actor: str):
    if actor in ROLES:
        return staff_of(council_organisation, actor)
    if actor == "health_visitor":
        return world.sfl.visitor
    if actor == "health_visitor_other_council":
        elsewhere = OrganisationFactory(
            local_authority=request.getfixturevalue("other_council"), sector=Sector.NHS
        )
        return staff_of(elsewhere, Role.LEAD_PROFESSIONAL)
    return None


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, council_organisation, page, actor):
    name, method = page
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, council_organisation, world, actor)

    response = ask(
        Client(),
        user,
        method,
        url_for(world, name),
        sent(world, name) if method == "POST" else None,
    )

    assert_status(response, expected, signed_out=user is None)
    ours = Notification.objects.filter(local_authority=world.sfl.council).count()
    imported_here = (
        name == "import" and method == "POST" and actor in ("administrator", "health_visitor")
    )
    assert ours == 1 + imported_here
    recorded = name == "milestone" and method == "POST" and expected == 302 and user is not None
    assert MilestoneDone.objects.exists() is recorded
    if name == "first-days" and expected == 200:
        assert (str(world.notification.baby) in response.content.decode()) is (actor in NAMED_FOR)


def test_every_cell_has_a_way_to_reach_it():
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
