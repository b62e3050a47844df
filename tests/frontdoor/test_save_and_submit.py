"""Save and come back later, expiry, and sending exactly once."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from familyhub.frontdoor import rules
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.services import SubmissionKeyMismatch, request_submit
from tests.frontdoor.conftest import answer_everything, post_ok, start, submission_key, url

pytestmark = pytest.mark.django_db


def test_the_link_brings_a_family_back_to_their_next_question_without_a_session(client, council):
    draft = start(client)
    post_ok(client, url(draft, "worries"), {"worries": "Money is tight"})

    elsewhere = Client()  # another phone or browser: no cookies, no session
    response = elsewhere.get(url(draft, "resume"))

    assert response["Location"] == url(draft, "people")
    page = elsewhere.get(url(draft, "worries")).content.decode()
    assert "Money is tight" in page


def test_every_page_saves_as_you_go_and_save_later_shows_the_link(client, council):
    draft = start(client)

    location = post_ok(client, url(draft, "worries"), {"worries": "Tired", "save_later": "1"})

    assert location == url(draft, "save")
    draft.refresh_from_db()
    assert draft.worries == "Tired"
    page = client.get(location).content.decode()
    assert f"http://testserver/request-support/{draft.resume_token}/" in page
    expires = timezone.localdate(draft.created + rules.DRAFT_LIFETIME)
    assert f"{expires.day} {expires:%B} {expires.year}" in page


def test_save_later_never_traps_a_family_behind_an_error(client, council):
    draft = start(client)

    location = post_ok(client, url(draft, "address"), {"postcode": "nonsense", "save_later": "1"})

    assert location == url(draft, "save")


def test_the_link_can_be_emailed(client, council, mailoutbox, django_capture_on_commit_callbacks):
    draft = start(client)

    # The email is queued when the page's transaction commits (notifications.services).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft, "save"), {"email": "sam@example.org"})

    assert "We have sent your link to sam@example.org" in response.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.org"]
    assert f"http://testserver/request-support/{draft.resume_token}/" in mailoutbox[0].body


def test_a_draft_older_than_28_days_cannot_be_resumed(client, council):
    draft = start(client)
    SupportRequest.objects.filter(pk=draft.pk).update(
        created=timezone.now() - rules.DRAFT_LIFETIME - dt.timedelta(minutes=1)
    )

    for name in ("resume", "worries", "check"):
        response = client.get(url(draft, name))
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    assert client.post(url(draft, "worries"), {"worries": "x"}).status_code == 410


def test_an_unknown_link_is_not_found(client, council):
    assert client.get("/request-support/not-a-real-token/worries").status_code == 404


def test_the_submit_service_called_twice_with_one_key_makes_one_request(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    draft = answer_everything(client)
    key = uuid.UUID(submission_key(client, draft))

    with django_capture_on_commit_callbacks(execute=True):
        first = request_submit(request=draft, submission_key=key)
        second = request_submit(request=draft, submission_key=key)

    assert first.pk == second.pk and first.reference == second.reference
    assert SupportRequest.objects.count() == 1
    assert SupportRequest.objects.get().status == SupportRequest.Status.NEW
    assert len(mailoutbox) == 1  # one confirmation, not two


def test_posting_check_answers_twice_makes_one_request(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    draft = answer_everything(client)
    key = submission_key(client, draft)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url(draft, "check"), {"submission_key": key})
        second = client.post(url(draft, "check"), {"submission_key": key})

    assert first["Location"] == second["Location"] == url(draft, "sent")
    assert SupportRequest.objects.count() == 1
    assert len(mailoutbox) == 1
    reference = SupportRequest.objects.get().reference
    assert reference in client.get(second["Location"]).content.decode()


def test_a_check_page_from_before_a_change_does_not_send(client, council):
    draft = answer_everything(client)
    stale = submission_key(client, draft)
    post_ok(client, url(draft, "worries"), {"worries": "Changed in another tab"})

    response = client.post(url(draft, "check"), {"submission_key": stale})

    assert response.status_code == 200
    assert "Your answers changed after this page was shown" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == SupportRequest.Status.DRAFT
    with pytest.raises(SubmissionKeyMismatch):
        request_submit(request=draft, submission_key=uuid.UUID(stale))


def test_references_are_easy_to_read_out():
    for _ in range(200):
        reference = rules.reference_new()
        assert reference.startswith("FH-") and len(reference) == 9
        assert not set(reference[3:]) & set("0O1I")


def test_after_sending_the_link_shows_the_status_and_pages_go_to_the_confirmation(
    client, council, django_capture_on_commit_callbacks
):
    draft = answer_everything(client)
    key = submission_key(client, draft)
    with django_capture_on_commit_callbacks(execute=True):
        post_ok(client, url(draft, "check"), {"submission_key": key})
    sent = SupportRequest.objects.get()
    # Long after: a sent request's link keeps working (only drafts expire).
    SupportRequest.objects.filter(pk=sent.pk).update(created=timezone.now() - dt.timedelta(days=90))

    status = client.get(url(draft, "resume")).content.decode()
    assert sent.reference in status
    assert "We have your request" in status
    assert client.get(url(draft, "worries"))["Location"] == url(draft, "sent")
