"""Invitations: one per eligibility however often the job runs, by email, text or letter, in
the family's language, naming the nearest providers of funded places."""

import pytest
from django.test import override_settings

from familyhub.directory.search_index import search_entries_refresh
from familyhub.earlyeducation import services
from familyhub.earlyeducation.models import Invitation
from familyhub.earlyeducation.selectors import providers_near
from familyhub.notifications.models import Message
from familyhub.places.models import Postcode
from tests.earlyeducation.conftest import child_row
from tests.earlyeducation.test_import import run
from tests.earlyeducation_factories import TERM, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Run the invitations job for the term, its messages delivered after its commits."""

    def run_job(places) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitations_send(places.council.code, TERM.key)

    return run_job


def test_the_job_run_twice_invites_each_family_once(invite, places, fake_notify):
    run(
        places,
        [
            child_row(postcode=places.whitechapel_postcodes[0], email="amina@example.org"),
            child_row(
                postcode=places.bow_postcodes[0],
                ni_number="AB654321A",
                child_first_name="Ayaan",
                mobile="07700 900982",
            ),
            child_row(postcode=places.bow_postcodes[1], ni_number="AB111111A"),
        ],
    )
    assert invite(places) == 3
    assert invite(places) == 0

    channels = sorted(Invitation.objects.values_list("channel", flat=True))
    assert channels == ["email", "letter", "sms"]
    assert Message.objects.count() == 2
    assert sorted(m.channel for m in fake_notify) == ["email", "sms"]


def test_a_job_that_finds_the_invitation_made_sends_nothing_more(invite, places, fake_notify):
    run(places, [child_row(postcode=places.whitechapel_postcodes[0], email="a@example.org")])
    invite(places)
    eligibility = Invitation.objects.get().eligibility

    # A second job that read the eligibility before the first made its invitation.
    assert services.invitation_send(eligibility=eligibility, term=TERM) == 0
    assert len(fake_notify) == 1


def test_the_invitation_names_the_nearest_providers_and_the_eligibility_page(
    invite, places, fake_notify, settings
):
    settings.TWO_YEAR_OFFER_URL = "https://example.org/two-year-olds"
    run(places, [child_row(postcode=places.whitechapel_postcodes[0], email="a@example.org")])
    invite(places)

    (message,) = fake_notify
    invitation = Invitation.objects.get()
    named = [provider["name"] for provider in invitation.providers]
    assert named == ["Whitechapel Nursery", "Bow Nursery"]  # nearest first
    assert "Whitechapel Nursery" in message.body
    assert invitation.eligibility.code in message.body
    assert "https://example.org/two-year-olds" in message.body


def test_at_most_three_providers_and_no_drop_in_group(places):
    here = Postcode.objects.get(postcode=places.whitechapel_postcodes[0])
    for n in range(3):
        extra = ProviderFactory(organisation=places.nurseries[0].organisation, name=f"Extra {n}")
        extra.at_locations.create(location=places.nurseries[0].at_locations.first().location)
    group = ProviderFactory(organisation=places.nurseries[0].organisation, access="drop_in")
    group.at_locations.create(location=places.nurseries[0].at_locations.first().location)
    search_entries_refresh()

    found = providers_near(here)
    assert len(found) == 3
    assert group.pk not in {provider.service_id for provider in found}


def test_the_family_is_written_to_in_its_language(invite, places, fake_notify):
    run(
        places,
        [child_row(postcode=places.whitechapel_postcodes[0], email="a@example.org", language="so")],
    )
    invite(places)
    (message,) = fake_notify
    assert message.language == "so"
    assert message.subject.endswith("laga bilaabo Dayrta 2026")  # "from Autumn 2026"
    assert "Gacaliye Amina Rahman" in message.body


@override_settings(NOTIFY_BACKEND="familyhub.notifications.notify.EmailNotify")
def test_without_a_way_to_send_texts_a_mobile_only_family_gets_a_letter(invite, places):
    run(places, [child_row(postcode=places.whitechapel_postcodes[0], mobile="07700900982")])
    invite(places)
    assert Invitation.objects.get().channel == Invitation.Channel.LETTER
