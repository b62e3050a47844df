"""THE access matrix of the 2-year-old offer's pages (familyhub/earlyeducation/urls.py): the
take-up figures, the list's import, the letter list and the take-up form, as each of the ten
roles of the council, an administrator of another council, and signed out; each cell its own
test, its status written out below.

Data analysts and administrators import the list; administrators print the letters (names and
addresses) and record take-ups; locality managers, analysts and administrators see the
figures (counts only). Everyone else is refused (403). Another council's administrator works
on their own council's (empty) lists: our families never appear to them, our codes are
unknown to their take-up form, and their import adds nothing to ours.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from familyhub.earlyeducation.models import Eligibility, ListImport, TakeUp
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.earlyeducation.conftest import child_row, csv_bytes, places  # noqa: F401
from tests.earlyeducation_factories import (
    TERM,
    EligibilityFactory,
    EligibleChildFactory,
    InvitationFactory,
)

ACTORS = [*ROLES, "administrator_other_council", "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; aoc administrator_other_council, ano anonymous
#                           ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  aoc  ano
EXPECTED = {
    ("figures", "GET"):    (403, 403, 403, 403, 403, 200, 200, 403, 200, 403, 200, 302),
    ("import", "GET"):     (403, 403, 403, 403, 403, 403, 200, 403, 200, 403, 200, 302),
    # A real list: imported (the report is the 200), or refused before it is read.
    ("import", "POST"):    (403, 403, 403, 403, 403, 403, 200, 403, 200, 403, 200, 302),
    ("letters", "GET"):    (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 302),
    ("take-up", "GET"):    (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 302),
    # Our family's code: recorded (302), or unknown to another council's form (200).
    ("take-up", "POST"):   (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 200, 302),
}  # fmt: skip

# Who reads our families' names on the letter list, and our localities' figures.
SEES_OUR_LETTERS = {"administrator"}
SEES_OUR_FIGURES = {"locality_manager", "data_analyst", "administrator"}


@pytest.fixture
def world(places):  # noqa: F811  (the fixture imported above)
    posted = InvitationFactory(
        eligibility=EligibilityFactory(
            child=EligibleChildFactory(
                local_authority=places.council, parent_name="Halima Warsame"
            ),
            locality=places.bow,
        )
    )
    return SimpleNamespace(places=places, eligibility=posted.eligibility)


def sent(world, name: str) -> dict:
    if name == "import":
        data = csv_bytes([child_row(postcode=world.places.bow_postcodes[0], ni_number="AB999999A")])
        return {"term": TERM.key, "list_file": SimpleUploadedFile("dwp.csv", data, "text/csv")}
    return {
        "code": world.eligibility.code,
        "provider": world.places.nurseries[0].pk,
        "started": "7/9/2026",
    }


def actor_user(request, council_organisation, actor: str):
    if actor in ROLES:
        return staff_of(council_organisation, actor)
    if actor == "administrator_other_council":
        return staff_of(request.getfixturevalue("other_council_organisation"), "administrator")
    return None


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, world, council_organisation, page, actor, monkeypatch):
    name, method = page
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, council_organisation, actor)
    # The import's term choices follow today's date: let this one be among them.
    monkeypatch.setattr(
        "familyhub.earlyeducation.rules.terms_around", lambda day: [TERM, TERM, TERM]
    )
    data = sent(world, name) if method == "POST" else {"term": TERM.key}

    response = ask(Client(), user, method, reverse(f"earlyeducation:{name}"), data)

    assert_status(response, expected, signed_out=user is None)
    ours = Eligibility.objects.filter(child__local_authority=world.places.council)
    did_import = name == "import" and method == "POST" and expected == 200
    assert ours.count() == (2 if did_import and actor in ROLES else 1)
    assert ListImport.objects.exclude(pk=world.eligibility.first_listed_in_id).exists() is (
        did_import
    )
    recorded = name == "take-up" and method == "POST" and expected == 302 and user is not None
    assert TakeUp.objects.exists() is recorded
    if method == "GET" and expected == 200:
        text = response.content.decode()
        if name == "letters":
            assert ("Halima Warsame" in text) is (actor in SEES_OUR_LETTERS)
        if name == "figures":
            assert ("Bow" in text) is (actor in SEES_OUR_FIGURES)


def test_every_cell_has_a_way_to_reach_it():
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
    assert {name for name, method in EXPECTED if method == "POST"} == {"import", "take-up"}
