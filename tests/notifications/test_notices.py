"""Notices to staff: one per event, with the same by email; a member of staff reads only their
own, opens one (a POST that marks it read) or marks them all read; the unread count in the
header comes with the signed-in user, in the query that loads them anyway."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from familyhub.accounts.models import Role
from familyhub.backends import StaffBackend
from familyhub.notifications import selectors
from familyhub.notifications.models import Message, Notice
from familyhub.notifications.services import notice_send, notices_mark_read
from tests.accounts.helpers import sign_in_verified
from tests.factories import StaffFactory, UserFactory
from tests.notifications_factories import NoticeFactory, ReadNoticeFactory

pytestmark = pytest.mark.django_db

LIST = "/staff/notifications/"


def send(recipient, key="new_case:1:1", link="/staff/casework/episodes/"):
    return notice_send(
        recipient=recipient,
        kind=Notice.Kind.NEW_CASE,
        text="New case: you are the lead professional for family FAM-ABC234",
        link=link,
        key=key,
    )


def signed_in(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_a_notice_is_saved_and_emailed_once_however_often_the_event_asks(
    django_capture_on_commit_callbacks,
):
    lead = UserFactory(email="lead@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = send(lead)
        again = send(lead)

    assert first == again and Notice.objects.count() == 1
    assert first.read_at is None and first.recipient == lead
    [message] = Message.objects.all()
    assert message.idempotency_key == "notice:new_case:1:1" and message.language == "en-gb"
    [email] = mail.outbox
    assert email.to == ["lead@example.org"]
    assert "FAM-ABC234" in email.subject
    assert "http://testserver/staff/casework/episodes/" in email.body


def test_a_notice_rolled_back_with_its_change_is_neither_kept_nor_sent(
    django_capture_on_commit_callbacks,
):
    class RolledBack(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        send(UserFactory())
        raise RolledBack
    assert not Notice.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/", "/\\evil.example", "staff/x", ""]
)
def test_a_notice_links_only_within_the_site(link):
    with pytest.raises(ValueError):
        send(UserFactory(), link=link)
    assert not Notice.objects.exists()


def test_a_notice_is_one_short_sentence():
    with pytest.raises(ValueError):
        notice_send(
            recipient=UserFactory(),
            kind=Notice.Kind.NEW_CASE,
            text="x" * 201,
            link="/staff/",
            key="long",
        )


def test_nobody_is_told_through_a_deactivated_account():
    assert send(UserFactory(is_active=False)) is None
    assert not Notice.objects.exists() and not Message.objects.exists()


def test_marking_read_touches_only_the_users_own_unread_notices():
    user, other = UserFactory(), UserFactory()
    mine = NoticeFactory.create_batch(3, recipient=user)
    theirs = NoticeFactory(recipient=other)

    assert notices_mark_read(user=user, ids=[mine[0].pk, theirs.pk]) == 1
    assert selectors.unread_count(user) == 2 and selectors.unread_count(other) == 1
    assert notices_mark_read(user=user) == 2
    assert selectors.unread_count(user) == 0 and selectors.unread_count(other) == 1


def test_the_backend_loads_the_user_with_their_unread_count_in_one_query():
    user = UserFactory()
    NoticeFactory.create_batch(2, recipient=user)
    ReadNoticeFactory(recipient=user)
    NoticeFactory()  # somebody else's

    with CaptureQueriesContext(connection) as queries:
        loaded = StaffBackend().get_user(user.pk)
    assert len(queries) == 1
    assert loaded == user and loaded.unread_notices == 2
    assert StaffBackend().get_user(UserFactory(is_active=False).pk) is None
    assert StaffBackend().get_user(0) is None


def test_the_header_shows_the_unread_count_to_staff():
    lead = StaffFactory(role=Role.LEAD_PROFESSIONAL)
    client = signed_in(lead)
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/notifications/"' in page and "unread" not in page

    NoticeFactory.create_batch(3, recipient=lead)
    page = client.get("/staff/").content.decode()
    assert '3<span class="govuk-visually-hidden"> unread</span>' in page


def test_the_page_lists_only_the_users_own_notices_newest_first():
    lead = StaffFactory(role=Role.LEAD_PROFESSIONAL)
    older = ReadNoticeFactory(recipient=lead, text="Older notice for FAM-AAAAAA")
    newer = NoticeFactory(recipient=lead, text="Newer notice for FAM-BBBBBB")
    NoticeFactory(text="Somebody else's notice for FAM-CCCCCC")

    response = signed_in(lead).get(LIST)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert page.index(newer.text) < page.index(older.text)
    assert "FAM-CCCCCC" not in page
    assert page.count(">Unread<") == 1
    assert "Mark all as read" in page


def test_the_page_says_when_there_is_nothing():
    page = signed_in(StaffFactory()).get(LIST).content.decode()
    assert "You have no notifications" in page and "Mark all as read" not in page


def test_opening_a_notice_marks_it_read_and_follows_its_link():
    lead = StaffFactory(role=Role.LEAD_PROFESSIONAL)
    notice = NoticeFactory(recipient=lead, link="/staff/casework/episodes/")
    client = signed_in(lead)

    response = client.post(f"{LIST}{notice.pk}/open")

    assert response.status_code == 302 and response["Location"] == "/staff/casework/episodes/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_is_a_post_never_a_get():
    lead = StaffFactory()
    notice = NoticeFactory(recipient=lead)
    assert signed_in(lead).get(f"{LIST}{notice.pk}/open").status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_another_users_notice_is_not_found():
    notice = NoticeFactory()
    response = signed_in(StaffFactory()).post(f"{LIST}{notice.pk}/open")
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_link_that_is_not_a_local_path_is_not_followed():
    """Only notice_send writes notices, and it refuses such links; were one in the table
    anyway, opening it goes back to the list."""
    lead = StaffFactory()
    notice = NoticeFactory(recipient=lead, link="https://evil.example/")
    response = signed_in(lead).post(f"{LIST}{notice.pk}/open")
    assert response["Location"] == LIST


def test_mark_all_as_read_reads_only_the_users_own():
    lead = StaffFactory()
    NoticeFactory.create_batch(2, recipient=lead)
    theirs = NoticeFactory()

    response = signed_in(lead).post(f"{LIST}mark-all-read")

    assert response.status_code == 302 and response["Location"] == LIST
    assert selectors.unread_count(lead) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_is_paged():
    lead = StaffFactory()
    NoticeFactory.create_batch(selectors.NOTICES_PER_PAGE + 1, recipient=lead)
    client = signed_in(lead)
    first = client.get(LIST)
    assert len(first.context["page_obj"].object_list) == selectors.NOTICES_PER_PAGE
    assert len(client.get(LIST, {"page": 2}).context["page_obj"].object_list) == 1
