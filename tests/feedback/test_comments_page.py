"""The staff page of families' comments: the last twelve months unless asked, by date and
locality, a page at a time, each comment shown in its household's audit trail."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.feedback.views import COMMENTS_PER_PAGE
from tests.factories import LocalityFactory, LocalityManagerFactory
from tests.feedback_factories import AnswerFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("feedback-staff:comments")


@pytest.fixture
def manager(council_organisation):
    return LocalityManagerFactory(organisation=council_organisation)


def comment(council, text, *, days_ago=1, locality=None):
    return AnswerFactory(
        invitation__episode__family__local_authority=council,
        invitation__locality=locality,
        better=text,
        answered_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_the_last_twelve_months_unless_asked(client, staff_sign_in, manager, council):
    comment(council, "Recent words")
    comment(council, "Old words", days_ago=400)
    AnswerFactory(invitation__episode__family__local_authority=council, better="")
    staff_sign_in(manager)

    text = client.get(PAGE).content.decode()

    assert "Recent words" in text and "Old words" not in text
    assert "1 comment." in text


def test_by_date_and_locality(client, staff_sign_in, manager, council):
    north = LocalityFactory(local_authority=council, name="North")
    south = LocalityFactory(local_authority=council, name="South")
    comment(council, "From the north", locality=north)
    comment(council, "From the south", locality=south)
    comment(council, "Long ago in the north", locality=north, days_ago=400)
    staff_sign_in(manager)
    long_ago = (timezone.localdate() - dt.timedelta(days=500)).strftime("%d/%m/%Y")

    text = client.get(PAGE, {"locality": north.pk, "starts": long_ago}).content.decode()

    assert "From the north" in text and "Long ago in the north" in text
    assert "From the south" not in text


def test_a_wrong_date_is_a_form_error_not_a_failure(client, staff_sign_in, manager):
    staff_sign_in(manager)

    response = client.get(PAGE, {"starts": "31/02/2026", "locality": "nowhere"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a real date" in text and "Choose a locality from the list" in text


def test_a_page_at_a_time_each_read_in_the_households_trail(
    client, staff_sign_in, manager, council
):
    answers = [
        comment(council, f"Comment {n}", days_ago=1 + n) for n in range(COMMENTS_PER_PAGE + 2)
    ]
    staff_sign_in(manager)

    first = client.get(PAGE).content.decode()
    second = client.get(PAGE, {"page": 2}).content.decode()

    assert "Comment 0<" in first and f"Comment {COMMENTS_PER_PAGE}<" not in first
    assert f"Comment {COMMENTS_PER_PAGE}<" in second
    seen = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=manager)
    assert seen.count() == len(answers)
    assert {e.family_id for e in seen} == {a.invitation.family_id for a in answers}
    assert all("Comment" not in str(e.details) for e in seen)
