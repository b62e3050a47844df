"""THE access matrix of children's social care's pages (familyhub/socialcare/urls.py): the
inbox, a handed-over request and an episode's step-up with their accept and return, and the
step-down form, as each of the ten roles of the council (all in its Early Help service, the
social worker too), a social worker of another council, and signed out; each cell its own test,
its status written out below.

Only the council's social workers answer its handovers; every other role is refused (403). A
social worker of another council has their own (empty) inbox and is not even told this
council's handovers exist (404).
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.frontdoor.models import SupportRequest
from familyhub.socialcare.models import HandoverAnswer
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.frontdoor_factories import SubmittedRequestFactory
from tests.socialcare_factories import request_hand_over

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "social_worker_other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; swo social_worker_other_council, ano anonymous
#                                 ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  swo  ano
EXPECTED = {
    ("inbox", "GET"):            (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 302),
    ("request", "GET"):          (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 302),
    ("request-accept", "POST"):  (403, 403, 403, 403, 403, 403, 403, 403, 403, 302, 404, 302),
    ("request-return", "GET"):   (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 302),
    ("request-return", "POST"):  (403, 403, 403, 403, 403, 403, 403, 403, 403, 302, 404, 302),
    ("step-up", "GET"):          (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 302),
    ("step-up-accept", "POST"):  (403, 403, 403, 403, 403, 403, 403, 403, 403, 302, 404, 302),
    ("step-up-return", "GET"):   (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 302),
    ("step-up-return", "POST"):  (403, 403, 403, 403, 403, 403, 403, 403, 403, 302, 404, 302),
    # An empty form: the social worker gets it back with its errors, nothing is sent.
    ("step-down", "GET"):        (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 302),
    ("step-down", "POST"):       (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 302),
}  # fmt: skip

# Whose inbox names the handovers (a 200 with their references on it).
LISTED = {"social_worker"}
ADVICE = {"advice": "Below the threshold: early help should carry on with the plan."}
SENT = {
    "request-accept": {},
    "request-return": ADVICE,
    "step-up-accept": {},
    "step-up-return": ADVICE,
    "step-down": {},
}
# What a POST that did its work leaves behind.
MOVES_TO = {
    "request-accept": HandoverAnswer.Decision.ACCEPTED,
    "request-return": HandoverAnswer.Decision.RETURNED,
    "step-up-accept": HandoverAnswer.Decision.ACCEPTED,
    "step-up-return": HandoverAnswer.Decision.RETURNED,
    "step-down": None,
}


@pytest.fixture
def world(council, triage_officer, stepped_up_episode):
    handed_over = request_hand_over(
        SubmittedRequestFactory(local_authority=council), by=triage_officer
    )
    step_up = stepped_up_episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP)
    return SimpleNamespace(request=handed_over, step_up=step_up, episode=stepped_up_episode)


def url_for(world, name: str) -> str:
    if name in ("inbox", "step-down"):
        return reverse(f"socialcare:{name}")
    target = world.request.pk if name.startswith("request") else world.step_up.pk
    return reverse(f"socialcare:{name}", args=[target])


def actor_user(request, council_organisation, actor: str):
    if actor in ROLES:
        return staff_of(council_organisation, actor)
    if actor == "social_worker_other_council":
        return staff_of(request.getfixturevalue("other_council_organisation"), "social_worker")
    return None


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, council_organisation, page, actor):
    name, method = page
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, council_organisation, actor)
    sent = SENT[name] if method == "POST" else None

    response = ask(Client(), user, method, url_for(world, name), sent)

    assert_status(response, expected, signed_out=user is None)
    answers = list(HandoverAnswer.objects.values_list("decision", flat=True))
    if method == "POST" and expected == 302 and user is not None:
        assert answers == [MOVES_TO[name]]
    else:
        assert answers == []  # refused, or a GET: nothing answered
        assert SupportRequest.objects.filter(source=SupportRequest.Source.STEP_DOWN).count() == 0
        world.episode.refresh_from_db()
        assert world.episode.status == Episode.Status.STEPPED_UP
    if name == "inbox" and expected == 200:
        page_text = response.content.decode()
        assert (world.request.reference in page_text) is (actor in LISTED)
        assert (world.episode.family.reference in page_text) is (actor in LISTED)


def test_every_cell_has_a_way_to_reach_it():
    assert set(SENT) == {name for name, method in EXPECTED if method == "POST"}
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
