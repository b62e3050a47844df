"""THE access matrix of a service's inbox of referrals (the "received" pages of
familyhub/frontdoor/referrals/urls.py): the list, one referral, and opening, accepting,
declining and completing it, as each of the nine roles of the organisation that runs the
referred-to service (a charity), the school practitioner who made the referral, a practitioner
of another organisation and of another council, and signed out; each cell its own test, its
status written out below.

The receiving organisation's front-line staff and directory editors answer (a small charity's
editor is often its only member of staff on the system); its other roles are refused (403).
Anybody who may answer for some organisation gets their own, perhaps empty, inbox, and is not
even told another organisation's referral exists (404), the referrer included: they follow it
on their own referral's page.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.frontdoor.models import SupportRequest
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.factories import ServiceFactory
from tests.frontdoor_factories import ServiceReferralFactory

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "referrer", "other_organisation", "other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker (all of the charity that runs the service);
#   ref referrer (the school's practitioner), oor other_organisation, oco other_council,
#   ano anonymous
#        ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  ref  oor  oco  ano
EXPECTED = {
    ("received", "GET"):
        (200, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 200, 200, 302),
    ("received-detail", "GET"):
        (200, 403, 403, 200, 200, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-open", "POST"):
        (302, 403, 403, 302, 302, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-accept", "POST"):
        (302, 403, 403, 302, 302, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-decline", "GET"):
        (200, 403, 403, 200, 200, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-decline", "POST"):
        (302, 403, 403, 302, 302, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-complete", "GET"):
        (200, 403, 403, 200, 200, 403, 403, 403, 403, 403, 404, 404, 404, 302),
    ("received-complete", "POST"):
        (302, 403, 403, 302, 302, 403, 403, 403, 403, 403, 404, 404, 404, 302),
}  # fmt: skip

# Whose inbox names the referral (a 200 with its reference on it): the charity's answerers'.
LISTED = {"directory_editor", "lead_professional", "practitioner"}

Answer = SupportRequest.Answer
# Each page is asked about a referral in the state it acts on, and what a POST moves it to.
STARTS_AT = {
    "received": Answer.NEW,
    "received-detail": Answer.OPENED,
    "received-open": Answer.NEW,
    "received-accept": Answer.OPENED,
    "received-decline": Answer.OPENED,
    "received-complete": Answer.ACCEPTED,
}
MOVES_TO = {
    "received-open": Answer.OPENED,
    "received-accept": Answer.ACCEPTED,
    "received-decline": Answer.DECLINED,
    "received-complete": Answer.COMPLETED,
}
SENT = {
    "received-open": {},
    "received-accept": {},
    "received-decline": {"reason": "Our group is full until March."},
    "received-complete": {"outcome": "The family came to six sessions."},
}


@pytest.fixture
def world(council, partner_organisation, outsider_organisation):
    """A referral from a practitioner of the school to a service the charity runs, one in each
    state the pages act on."""
    referrer = staff_of(partner_organisation, "practitioner")
    service = ServiceFactory(organisation=outsider_organisation, accepts_referrals=True)
    referrals = {
        answer: ServiceReferralFactory(
            local_authority=council, referrer=referrer, service=service, answer=answer
        )
        for answer in (Answer.NEW, Answer.OPENED, Answer.ACCEPTED)
    }
    return SimpleNamespace(referrer=referrer, charity=outsider_organisation, referrals=referrals)


def referral_for(world, page):
    return world.referrals[STARTS_AT[page[0]]]


def url_for(world, page) -> str:
    if page[0] == "received":
        return reverse("referrals:received")
    return reverse(f"referrals:{page[0]}", args=[referral_for(world, page).pk])


def actor_user(request, world, actor: str):
    if actor in ROLES:
        return staff_of(world.charity, actor)
    return {
        "referrer": lambda: world.referrer,
        "other_organisation": lambda: staff_of(
            request.getfixturevalue("lead_organisation"), "practitioner"
        ),
        "other_council": lambda: staff_of(
            request.getfixturevalue("other_council_organisation"), "practitioner"
        ),
        "anonymous": lambda: None,
    }[actor]()


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, world, actor)
    referral = referral_for(world, page)
    sent = SENT[page[0]] if page[1] == "POST" else None

    response = ask(Client(), user, page[1], url_for(world, page), sent)

    assert_status(response, expected, signed_out=user is None)
    referral.refresh_from_db()
    if page[1] == "POST":
        moved = expected == 302 and user is not None
        assert referral.answer == (MOVES_TO[page[0]] if moved else STARTS_AT[page[0]])
    else:
        assert referral.answer == STARTS_AT[page[0]]  # a GET changes nothing
    if page[0] == "received" and expected == 200:
        assert (referral.reference in response.content.decode()) is (actor in LISTED)


def test_every_cell_has_a_way_to_reach_it():
    assert set(STARTS_AT) == {name for name, _method in EXPECTED}
    assert set(MOVES_TO) == {name for name, method in EXPECTED if method == "POST"}
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
