"""The staff pages: the upload, the letter list, the take-up form and the figures with small
numbers suppressed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.earlyeducation import rules
from familyhub.earlyeducation.models import Eligibility, TakeUp
from familyhub.earlyeducation.selectors import take_up_figures
from tests.earlyeducation.conftest import child_row, csv_bytes
from tests.earlyeducation_factories import (
    TERM,
    EligibilityFactory,
    EligibleChildFactory,
    InvitationFactory,
    TakeUpFactory,
)

pytestmark = pytest.mark.django_db


def _listed(places, locality, n, *, invited=0, took_up=0):
    for i in range(n):
        eligibility = EligibilityFactory(
            child=EligibleChildFactory(local_authority=places.council), locality=locality
        )
        if i < invited:
            InvitationFactory(eligibility=eligibility)
        if i < took_up:
            TakeUpFactory(eligibility=eligibility, provider=places.nurseries[0])


def test_figures_suppress_counts_under_5_and_the_percentages_they_make(places):
    _listed(places, places.whitechapel, 8, invited=8, took_up=2)
    _listed(places, places.bow, 5, invited=5, took_up=5)

    rows, total = take_up_figures(places.council.code, TERM)

    bow, whitechapel = rows  # by name
    assert (whitechapel.eligible, whitechapel.invited, whitechapel.took_up) == (8, 8, None)
    assert whitechapel.percent is None
    assert (bow.eligible, bow.took_up, bow.percent) == (5, 5, 100)
    assert (total.eligible, total.took_up, total.percent) == (13, 7, 54)


def test_a_locality_with_nobody_listed_shows_noughts(places):
    _listed(places, places.bow, 6)
    rows, _total = take_up_figures(places.council.code, TERM)
    whitechapel = rows[1]
    assert (whitechapel.eligible, whitechapel.took_up, whitechapel.percent) == (0, 0, None)


def test_the_figures_page_shows_fewer_than_5(client, staff_sign_in, places, locality_manager):
    _listed(places, places.whitechapel, 6, invited=6, took_up=3)
    staff_sign_in(locality_manager)

    page = client.get("/staff/two-year-offer/").content.decode()

    assert "fewer than 5" in page
    assert "Whitechapel" in page
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT).exists()


def test_the_upload_reports_bad_rows_and_keeps_good_ones(
    client, staff_sign_in, places, analyst, django_capture_on_commit_callbacks
):
    staff_sign_in(analyst)
    term = rules.terms_around(timezone.localdate())[2]
    born = rules.birthday(term.starts, -2) - dt.timedelta(days=40)  # 2 some weeks before
    data = csv_bytes(
        [
            child_row(postcode=places.bow_postcodes[0], child_date_of_birth=f"{born:%d/%m/%Y}"),
            child_row(ni_number="AB111111A", postcode="E8 1DY"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/two-year-offer/import",
            {"term": term.key, "list_file": SimpleUploadedFile("dwp.csv", data, "text/csv")},
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 added, 0 already on the list, 1 refused" in page
    assert "The postcode is outside Tower Hamlets, in Hackney" in page
    assert "Amina" not in page  # the report names rows, not people
    assert Eligibility.objects.get().invitation.channel == "letter"


def test_an_upload_with_invalid_bytes_is_reported_not_a_server_error(
    client, staff_sign_in, places, administrator
):
    staff_sign_in(administrator)
    term = rules.terms_around(timezone.localdate())[2]
    response = client.post(
        "/staff/two-year-offer/import",
        {"term": term.key, "list_file": SimpleUploadedFile("dwp.csv", b"\xff\xfe\x00\x00junk")},
    )
    assert response.status_code == 200
    assert "Missing: parent_name" in response.content.decode()


def test_the_letter_list_shows_only_families_without_contact_and_audits_each(
    client, staff_sign_in, places, administrator
):
    letter = InvitationFactory(
        eligibility__child=EligibleChildFactory(
            local_authority=places.council, parent_name="Halima Warsame", language="so"
        ),
        eligibility__locality=places.bow,
    )
    InvitationFactory(
        channel="email",
        eligibility__child=EligibleChildFactory(
            local_authority=places.council, parent_name="Emailed Parent"
        ),
        eligibility__locality=places.bow,
    )
    staff_sign_in(administrator)

    page = client.get("/staff/two-year-offer/letters", {"term": TERM.key}).content.decode()

    assert "Halima Warsame" in page
    assert "Emailed Parent" not in page
    assert letter.eligibility.code in page
    assert 'lang="so"' in page
    assert "Gacaliye Halima Warsame" in page  # the letter in Somali
    hits = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT)
    assert list(hits.values_list("record_id", flat=True)) == [str(letter.eligibility.child_id)]


def test_a_take_up_is_recorded_by_its_code_once(client, staff_sign_in, places, administrator):
    eligibility = EligibilityFactory(
        child=EligibleChildFactory(local_authority=places.council), locality=places.bow
    )
    staff_sign_in(administrator)
    sent = {
        "code": eligibility.code.lower(),
        "provider": places.nurseries[1].pk,
        "started": "7/9/2026",
    }

    first = client.post("/staff/two-year-offer/take-up", sent)
    second = client.post("/staff/two-year-offer/take-up", sent)

    assert first.status_code == 302
    assert TakeUp.objects.get().provider == places.nurseries[1]
    assert "already recorded" in second.content.decode()
    assert AuditEvent.objects.filter(record_type="earlyeducation.takeup").count() == 1


def test_a_code_of_another_council_or_none_is_refused(client, staff_sign_in, places, administrator):
    staff_sign_in(administrator)
    response = client.post(
        "/staff/two-year-offer/take-up",
        {"code": "2Y-NONE-NONE", "provider": places.nurseries[0].pk, "started": "7/9/2026"},
    )
    assert "No child on this council" in response.content.decode()
    assert not TakeUp.objects.exists()


def test_the_home_page_shows_the_latest_terms_take_up(client, staff_sign_in, places, analyst):
    _listed(places, places.bow, 6, invited=6, took_up=5)
    staff_sign_in(analyst)

    page = client.get("/staff/").content.decode()

    assert "Funded places for 2-year-olds" in page
    assert "5 took up a place (83%)" in page


def test_the_home_page_has_no_card_for_whom_the_figures_are_not(
    client, staff_sign_in, places, triage_officer
):
    _listed(places, places.bow, 6)
    staff_sign_in(triage_officer)
    assert "Funded places for 2-year-olds" not in client.get("/staff/").content.decode()
