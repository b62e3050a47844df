"""THE access matrix of family feedback's staff page (familyhub/feedback/urls_staff.py,
/staff/feedback/): what families said could be better, as each of the ten roles of the
council, another council's locality manager, and signed out; each cell its own test, its
status written out below.

Families' own words are read by the council's locality managers, who run the hubs, and its data
analysts (feedback.rules.comment_councils); every other role is refused. Another council's
locality manager reads their own council's comments, never this one's. The family's survey
(/feedback/<token>/) has no roles: its token is its only key (tests/feedback/test_survey.py).
"""

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.feedback_factories import AnswerFactory

pytestmark = pytest.mark.usefixtures("council_organisation")

ACTORS = [*ROLES, "other_council_manager", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; ocm another council's locality manager; ano anonymous
#                            ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  ocm  ano
EXPECTED = {
    ("comments", "GET"):    (403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 200, 302),
}  # fmt: skip

# Who reads this council's comment on the page (a 200 with the words on it).
READERS = {"locality_manager", "data_analyst"}
WORDS = "Zzyzx: the waiting room needs toys"


@pytest.fixture
def comment(council):
    return AnswerFactory(
        invitation__episode__family__local_authority=council, better=WORDS
    ).invitation


def actor_user(request, actor: str):
    if actor == "anonymous":
        return None
    if actor == "other_council_manager":
        return staff_of(request.getfixturevalue("other_council_organisation"), "locality_manager")
    return staff_of(request.getfixturevalue("council_organisation"), actor)


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, comment, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, actor)

    response = ask(Client(), user, page[1], reverse(f"feedback-staff:{page[0]}"))

    assert_status(response, expected, signed_out=user is None)
    shown = expected == 200 and WORDS in response.content.decode()
    assert shown is (actor in READERS)
    seen = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, record_type="feedback.invitation", record_id=str(comment.pk)
    )
    assert seen.exists() is (actor in READERS)
    if expected == 200:
        assert "no-store" in response["Cache-Control"]


def test_every_cell_has_a_row():
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
