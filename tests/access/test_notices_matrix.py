"""THE access matrix of the notifications page (familyhub/notifications/urls_notices.py,
/staff/notifications/): the list, opening a notice and "mark all as read", as each of the ten
roles, and signed out; each cell its own test, its status written out below.

Every member of staff has notifications, so every role gets the page; each reads and opens only
their own notices: another's is not even said to exist (404), and is left unread.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.notifications_factories import NoticeFactory

pytestmark = pytest.mark.usefixtures("council_organisation")

ACTORS = [*ROLES, "anonymous"]

# (url name, method): the status each actor gets, in the order of ACTORS:
#   ded directory_editor, dmg directory_manager, tri triage, lpr lead_professional,
#   prc practitioner, lmg locality_manager, ana data_analyst, dpo data_protection_officer,
#   adm administrator, swk social_worker; ano anonymous
#                             ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  ano
EXPECTED = {
    ("list", "GET"):          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    ("open", "POST"):         (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    ("mark-all-read", "POST"): (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
}  # fmt: skip

# Opening somebody else's notice.
#                  ded  dmg  tri  lpr  prc  lmg  ana  dpo  adm  swk  ano
SOMEBODY_ELSES = (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302)


def actor_user(request, actor: str):
    if actor == "anonymous":
        return None
    return staff_of(request.getfixturevalue("council_organisation"), actor)


CELLS = [(page, actor) for page in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("page", "actor"), CELLS, ids=[f"{p[0]}:{p[1]}-{a}" for p, a in CELLS])
def test_access(request, page, actor):
    expected = EXPECTED[page][ACTORS.index(actor)]
    user = actor_user(request, actor)
    own = NoticeFactory(recipient=user or NoticeFactory().recipient, text="Own notice FAM-OWNOWN")
    urls = {
        "list": reverse("notices:list"),
        "open": reverse("notices:open", args=[own.pk]),
        "mark-all-read": reverse("notices:mark-all-read"),
    }

    response = ask(Client(), user, page[1], urls[page[0]])

    assert_status(response, expected, signed_out=user is None)
    own.refresh_from_db()
    assert (own.read_at is not None) is (page[1] == "POST" and user is not None)
    if expected == 200:
        assert "FAM-OWNOWN" in response.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
def test_somebody_elses_notice(request, actor):
    expected = SOMEBODY_ELSES[ACTORS.index(actor)]
    user = actor_user(request, actor)
    theirs = NoticeFactory(text="Their notice FAM-THEIRS")

    response = ask(Client(), user, "POST", reverse("notices:open", args=[theirs.pk]))

    assert_status(response, expected, signed_out=user is None)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    if user is not None:
        page = ask(Client(), user, "GET", reverse("notices:list")).content.decode()
        assert "FAM-THEIRS" not in page


def test_every_cell_has_a_row():
    assert all(len(row) == len(ACTORS) for row in EXPECTED.values())
    assert len(SOMEBODY_ELSES) == len(ACTORS)
