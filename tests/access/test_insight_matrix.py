"""THE access matrix of insight's pages (familyhub/insight/urls.py, /staff/insight/): the
indicators and a table of them downloaded, the board's reports (the page, making one, a kept
one's PDF), and Ofsted's early help list, its form and its download, as each of the ten roles,
another council's data analyst, and signed out; each cell its own test, its status written out
below.

The indicators and the board's reports are for the council's analysts (every figure) and
locality managers (small numbers hidden); a report of another council is not said to exist.
The early help list names every child in early help: only the council's data analysts prepare
it. Another council's analyst gets their own council's figures and list, never a family of
this one.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.insight.models import BoardReport
from familyhub.insight.period import quarters_before
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.casework_factories import AssessmentFactory, EpisodeFactory
from tests.families_factories import FamilyFactory, MembershipFactory
from tests.insight_factories import BoardReportFactory

pytestmark = pytest.mark.usefixtures("council_organisation")

ACTORS = [*ROLES, "other_council_analyst", "anonymous"]

# (url name, what is asked): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; oca another council's data analyst; ano anonymous
#                                     ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  oca  ano
EXPECTED = {
    ("indicators", "page"):          (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 200, 302),
    ("indicators", "table"):         (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 200, 302),
    ("board-reports", "page"):       (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 200, 302),
    ("board-reports", "make"):       (403, 403, 403, 403, 403, 302, 302, 403, 403, 403, 302, 302),
    ("board-report", "file"):        (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 404, 302),
    ("early-help-list", "form"):     (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 302),
    ("early-help-list", "download"): (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 302),
}  # fmt: skip

QUESTIONS = {
    "page": {},
    "make": {"quarter": quarters_before(dt.date.today(), 1)[0].starts.isoformat()},
    "file": {},
    "table": {"download": "front_door_measures", "format": "csv"},
    "form": {},
    "download": {"ending": "", "format": "csv"},
}


@pytest.fixture
def family_in_early_help(council):
    family = FamilyFactory(local_authority=council, name="Zzyzxmatrix")
    MembershipFactory(family=family)
    episode = EpisodeFactory(family=family, opened_on=dt.date.today() - dt.timedelta(days=20))
    AssessmentFactory(episode=episode, started_on=episode.opened_on)
    return family


@pytest.fixture
def kept_report(council):
    return BoardReportFactory(local_authority=council)


def actor_user(request, actor: str):
    if actor == "anonymous":
        return None
    if actor == "other_council_analyst":
        return staff_of(request.getfixturevalue("other_council_organisation"), "data_analyst")
    return staff_of(request.getfixturevalue("council_organisation"), actor)


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, family_in_early_help, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, actor)
    question = dict(QUESTIONS[page[1]])
    if "ending" in question:
        question["ending"] = dt.date.today().strftime("%d/%m/%Y")

    method = "POST" if page[1] == "make" else "GET"
    args = [request.getfixturevalue("kept_report").pk] if page[1] == "file" else []
    response = ask(Client(), user, method, reverse(f"insight:{page[0]}", args=args), question)

    assert_status(response, expected, signed_out=user is None)
    made = user is not None and BoardReport.objects.filter(made_by=user).exists()
    assert made is (page[1] == "make" and expected == 302 and user is not None)
    exported = AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, family_id=family_in_early_help.pk
    ).exists()
    listed = page[1] == "download" and actor == "data_analyst"
    assert exported is (expected == 200 and listed)
    if expected == 200 and page[1] == "download":
        rows = response.content.decode("utf-8-sig").splitlines()
        ours = str(family_in_early_help.members.get().person_id)
        assert (ours in response.content.decode()) is (actor == "data_analyst"), rows


def test_every_cell_has_a_row():
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
