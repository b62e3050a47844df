"""Check your answers only reads: the key its form carries comes with each change of answers, so
showing the page writes nothing. A draft saved before that is given its key when it is sent."""

from familyhub.frontdoor.models import SupportRequest
from tests.frontdoor.conftest import answer_everything, url
from tests.rows import row_counts


def test_showing_check_your_answers_writes_nothing(client, council):
    draft = answer_everything(client)
    stored = SupportRequest.objects.values().get(pk=draft.pk)
    before = row_counts()

    response = client.get(url(draft, "check"))

    assert response.status_code == 200
    assert f'value="{draft.submission_key}"' in response.content.decode()
    assert row_counts() == before
    assert SupportRequest.objects.values().get(pk=draft.pk) == stored  # not even updated


def test_every_change_of_answers_comes_with_a_new_key(client, council):
    draft = answer_everything(client)
    first = draft.submission_key

    client.post(url(draft, "worries"), {"worries": "We have moved house since."})

    draft.refresh_from_db()
    assert first is not None and draft.submission_key not in (None, first)


def test_a_draft_saved_without_a_key_is_given_one_and_then_sent(client, council):
    draft = answer_everything(client)
    SupportRequest.objects.filter(pk=draft.pk).update(submission_key=None)
    assert 'name="submission_key"' in client.get(url(draft, "check")).content.decode()

    refused = client.post(url(draft, "check"), {"submission_key": ""})

    assert refused.status_code == 200
    assert "Your answers changed after this page was shown" in refused.content.decode()
    key = refused.context["form"].initial["submission_key"]
    sent = client.post(url(draft, "check"), {"submission_key": str(key)})
    assert sent["Location"] == url(draft, "sent")
    assert SupportRequest.objects.get(pk=draft.pk).status == SupportRequest.Status.NEW
