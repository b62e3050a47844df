"""THE access matrix of practitioners' referrals: every page and form of
familyhub/frontdoor/referrals/urls.py (the organisation's referrals, a new one, one referral's
status), as each of the nine roles of the referring organisation (a school), the practitioner
who made the referral, a practitioner of another organisation and of another council, and signed
out; each cell its own test, its status written out below.

Front-line staff (practitioners and lead professionals) refer; every other role is refused
(403). A referral is its organisation's: colleagues cover for each other, anyone else is not
even told it exists (404).
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.frontdoor.models import SupportRequest
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.frontdoor.test_referrals import referral_answers
from tests.frontdoor_factories import ReferralFactory

pytestmark = pytest.mark.usefixtures("postcodes")

ACTORS = [*ROLES, "referrer", "other_organisation", "other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; ref referrer, oor other_organisation,
#   oco other_council, ano anonymous
#                       ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  ref  oor  oco  ano
EXPECTED = {
    ("list", "GET"):   (403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 200, 200, 302),
    ("new", "GET"):    (403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 200, 200, 302),
    ("new", "POST"):   (403, 403, 403, 302, 302, 403, 403, 403, 403, 403, 302, 302, 302, 302),
    ("detail", "GET"): (403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 404, 404, 302),
}  # fmt: skip

# Whose list names the referral (a 200 with its reference on it): the referring organisation's.
LISTED = {"lead_professional", "practitioner", "referrer"}

PAGES = {
    ("list", "GET"): lambda w: reverse("referrals:list"),
    ("new", "GET"): lambda w: reverse("referrals:new"),
    ("new", "POST"): lambda w: reverse("referrals:new"),
    ("detail", "GET"): lambda w: reverse("referrals:detail", args=[w.referral.pk]),
}


@pytest.fixture
def world(council, partner_organisation):
    """A referral to the front door made by a practitioner of the school."""
    referrer = staff_of(partner_organisation, "practitioner")
    referral = ReferralFactory(
        local_authority=council, referrer=referrer, referrer_organisation=partner_organisation
    )
    return SimpleNamespace(referrer=referrer, referral=referral)


def actor_user(request, world, actor: str):
    if actor in ROLES:
        return staff_of(request.getfixturevalue("partner_organisation"), actor)
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
    sent = referral_answers() if page[1] == "POST" else None

    response = ask(Client(), user, page[1], PAGES[page](world), sent)

    assert_status(response, expected, signed_out=user is None)
    if page[1] == "POST":
        made = SupportRequest.objects.filter(submission_key=sent["submission_key"])
        assert made.exists() is (expected == 302 and user is not None)
        if made.exists():
            assert made.get().referrer == user
    if page[0] == "list" and expected == 200:
        assert (world.referral.reference in response.content.decode()) is (actor in LISTED)


def test_every_cell_has_a_way_to_reach_it():
    assert set(PAGES) == set(EXPECTED)
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
