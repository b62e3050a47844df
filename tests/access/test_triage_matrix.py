"""THE access matrix of the front door's triage: every page and form of
familyhub/triage/urls.py (the queue, a request and its decision, first contact, the joins that
wait for a locality manager), as each of the nine roles of the council's Early Help service,
the same roles in another council, and signed out; each cell its own test, its status written
out below.

The front door is a council's own: its triage team works its queue (403 for every other role),
and a request or a join of another council is not even acknowledged (404). Joins whose
consents disagree are decided by a locality manager, not by triage.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.triage.models import PendingJoin
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.frontdoor_factories import PendingJoinFactory, SubmittedRequestFactory

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "triage_other_council", "locality_manager_other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; tro triage_other_council,
#   lmo locality_manager_other_council, ano anonymous
#                              ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  tro  lmo  ano
EXPECTED = {
    ("queue", "GET"):         (403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403, 302),
    ("detail", "GET"):        (403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 302),
    ("detail", "POST"):       (403, 403, 302, 403, 403, 403, 403, 403, 403, 403, 404, 403, 302),
    ("first-contact", "POST"):(403, 403, 302, 403, 403, 403, 403, 403, 403, 403, 404, 403, 302),
    ("joins", "GET"):         (403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 302),
    ("join", "GET"):          (403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    ("join", "POST"):         (403, 403, 403, 403, 403, 302, 403, 403, 403, 403, 403, 404, 302),
}  # fmt: skip

# Whose list names the request or the join (a 200 with its reference on it).
LISTED = {
    "queue": {"triage"},
    "joins": {"locality_manager"},
}


def request_status(w) -> str:
    return SupportRequest.objects.values_list("status", flat=True).get(pk=w.request.pk)


PAGES = {
    ("queue", "GET"): (lambda w: reverse("triage:queue"), None, None),
    ("detail", "GET"): (lambda w: reverse("triage:detail", args=[w.request.pk]), None, None),
    ("detail", "POST"): (
        lambda w: reverse("triage:detail", args=[w.request.pk]),
        lambda w: {
            "level": w.level.pk,
            "reason": "Low mood and sleep: targeted early help.",
            "lead_professional": w.lead.pk,
        },
        lambda w: request_status(w) == SupportRequest.Status.ALLOCATED,
    ),
    ("first-contact", "POST"): (
        lambda w: reverse("triage:first-contact", args=[w.request.pk]),
        lambda w: {},
        lambda w: SupportRequest.objects.filter(
            pk=w.request.pk, first_contact_at__isnull=False
        ).exists(),
    ),
    ("joins", "GET"): (lambda w: reverse("triage:joins"), None, None),
    ("join", "GET"): (lambda w: reverse("triage:join", args=[w.pending.pk]), None, None),
    ("join", "POST"): (
        lambda w: reverse("triage:join", args=[w.pending.pk]),
        lambda w: {"decision": "refuse", "note": "Not the same family."},
        lambda w: PendingJoin.objects.filter(
            pk=w.pending.pk, status=PendingJoin.Status.REFUSED
        ).exists(),
    ),
}


@pytest.fixture
def world(council, council_organisation, lead_professional, other_council):
    """Both councils' front doors set up; a request waiting in ours, and a join waiting for a
    locality manager of ours."""
    front_door_set_up(local_authority=council)
    front_door_set_up(local_authority=other_council)
    return SimpleNamespace(
        request=SubmittedRequestFactory(local_authority=council),
        level=NeedLevel.objects.get(local_authority=council, number=2),
        lead=lead_professional,
        pending=PendingJoinFactory(
            request__local_authority=council, triage_organisation=council_organisation
        ),
    )


def actor_user(request, actor: str):
    if actor in ROLES:
        return staff_of(request.getfixturevalue("council_organisation"), actor)
    if actor == "anonymous":
        return None
    role = actor.removesuffix("_other_council")
    return staff_of(request.getfixturevalue("other_council_organisation"), role)


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    url, data, changed = PAGES[page]
    user = actor_user(request, actor)

    response = ask(Client(), user, page[1], url(world), data(world) if data else None)

    assert_status(response, expected, signed_out=user is None)
    if changed is not None:
        assert changed(world) is (expected == 302 and user is not None)
    if page[0] in LISTED and expected == 200:
        reference = (world.request if page[0] == "queue" else world.pending.request).reference
        assert (reference in response.content.decode()) is (actor in LISTED[page[0]])


def test_every_cell_has_a_way_to_reach_it():
    assert set(PAGES) == set(EXPECTED)
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
