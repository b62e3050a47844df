"""Importing a termly list: good rows kept, bad rows reported by number and reason, and no
child added twice (a duplicate row, a re-sent list, the next term's list)."""

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.earlyeducation import services
from familyhub.earlyeducation.models import Eligibility, EligibleChild, Invitation
from familyhub.earlyeducation.rules import Term
from tests.earlyeducation.conftest import child_row, csv_bytes
from tests.earlyeducation_factories import TERM

pytestmark = pytest.mark.django_db
NEXT_TERM = Term(2027, "spring")


def run(places, rows, term=TERM, data=None, by=None):
    return services.list_import(
        local_authority=places.council,
        term=term,
        data=data if data is not None else csv_bytes(rows),
        file_name="dwp.csv",
        by=by,
    )


def test_good_rows_are_kept_with_the_locality_of_their_postcode(places):
    rows = [
        child_row(postcode=places.whitechapel_postcodes[0]),
        child_row(
            postcode=places.bow_postcodes[0], ni_number="AB654321A", child_first_name="Ayaan"
        ),
    ]
    imported = run(places, rows)

    assert (imported.rows_read, imported.added, imported.refused) == (2, 2, 0)
    localities = set(Eligibility.objects.values_list("locality__name", flat=True))
    assert localities == {"Whitechapel", "Bow"}
    # The NI number recognises the child and is kept nowhere.
    child = EligibleChild.objects.get(first_name="Yusuf")
    assert "AB123456C" not in str(EligibleChild.objects.filter(pk=child.pk).values().get())
    event = AuditEvent.objects.get(record_type="earlyeducation.listimport")
    assert event.details["added"] == 2


def test_the_same_child_twice_in_a_list_is_refused_the_second_time(places):
    row = child_row(postcode=places.whitechapel_postcodes[0])
    imported = run(places, [row, dict(row, ni_number="ab 12 34 56 c")])

    assert imported.added == 1
    assert imported.problems == [[3, "The same child as row 2"]]


def test_twins_are_two_children(places):
    postcode = places.whitechapel_postcodes[0]
    imported = run(
        places,
        [child_row(postcode=postcode), child_row(postcode=postcode, child_first_name="Yahya")],
    )
    assert imported.added == 2


def test_a_re_sent_list_adds_nobody(places):
    rows = [child_row(postcode=places.whitechapel_postcodes[0])]
    run(places, rows)
    again = run(places, rows)

    assert (again.added, again.already_listed) == (0, 1)
    assert Eligibility.objects.count() == 1


def test_the_same_child_next_term_is_the_same_child_listed_again(places):
    run(places, [child_row(postcode=places.whitechapel_postcodes[0])])
    moved = child_row(postcode=places.bow_postcodes[0], address_1="2 New Road")
    later = run(places, [moved], term=NEXT_TERM)

    assert later.added == 1
    child = EligibleChild.objects.get()
    assert child.address_1 == "2 New Road"  # the latest list's address
    assert sorted(child.terms.values_list("term_season", "locality__name")) == [
        ("autumn", "Whitechapel"),
        ("spring", "Bow"),
    ]


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"child_date_of_birth": "31/02/2024"}, "child_date_of_birth is not a date (DD/MM/YYYY)"),
        ({"child_date_of_birth": "yesterday"}, "child_date_of_birth is not a date (DD/MM/YYYY)"),
        ({"child_date_of_birth": "10/01/2025"}, "The child is not 2 in Autumn 2026"),
        ({"child_date_of_birth": "01/05/2023"}, "The child is not 2 in Autumn 2026"),
        ({"child_date_of_birth": "01/09/2024"}, "The child is not 2 in Autumn 2026"),
        ({"child_first_name": ""}, "child_first_name is empty"),
        ({"ni_number": "12345"}, "ni_number is not a National Insurance number"),
        ({"postcode": "E1"}, "postcode is not a postcode"),
        ({"postcode": "ZZ99 9ZZ"}, "postcode is not one we know"),
        ({"postcode": "E8 1DY"}, "The postcode is outside Tower Hamlets, in Hackney"),
        ({"email": "not-an-address"}, "email is not an email address"),
        ({"mobile": "020 7946 0000"}, "mobile is not a UK mobile number"),
        ({"language": "klingon"}, "language must be en, bn or so (or blank for English)"),
        ({"parent_name": "x" * 201}, "parent_name is longer than 200 characters"),
    ],
)
def test_a_bad_row_is_reported_with_its_reason_and_the_others_kept(places, values, reason):
    good = child_row(postcode=places.whitechapel_postcodes[0], ni_number="AB111111A")
    bad = child_row(**{"postcode": places.whitechapel_postcodes[1], **values})
    imported = run(places, [good, bad])

    assert imported.added == 1
    assert len(imported.problems) == 1
    row, said = imported.problems[0]
    assert row == 3
    assert said.startswith(reason)


def test_a_child_who_turned_2_before_the_term_and_turns_3_in_it_is_eligible(places):
    imported = run(
        places,
        [child_row(postcode=places.whitechapel_postcodes[0], child_date_of_birth="2023-10-01")],
    )
    assert imported.added == 1


@pytest.mark.parametrize("bad_bytes", [b"Yu\x00suf", b"Yu\xff\xfesuf"], ids=["nul", "invalid-utf8"])
def test_bytes_that_are_not_text_refuse_their_row_only(places, bad_bytes):
    good = csv_bytes([child_row(postcode=places.whitechapel_postcodes[0], ni_number="AB111111A")])
    bad_row = csv_bytes([child_row(postcode=places.whitechapel_postcodes[1])]).split(b"\r\n")[1]
    data = good + bad_row.replace(b"Yusuf", bad_bytes) + b"\r\n"
    imported = run(places, [], data=data)

    assert imported.added == 1
    assert imported.problems == [
        [3, "The row has characters that are not text (a NUL byte or invalid UTF-8)"]
    ]


def test_a_file_without_the_columns_is_refused_whole(places):
    imported = run(places, [], data=b"name,dob\nYusuf,15/04/2024\n")
    assert imported.added == 0
    assert imported.problems[0][0] == 1
    assert "Missing: parent_name" in imported.problems[0][1]


def test_an_empty_file_is_refused_whole(places):
    imported = run(places, [], data=b"")
    assert imported.problems[0][0] == 1


def test_headers_are_matched_whatever_their_case_and_order(places):
    data = (
        "Child Date Of Birth,Child First Name,Child Last Name,Parent Name,NI Number,"
        "Address 1,Postcode\n"
        f"15/04/2024,Yusuf,Rahman,Amina Rahman,AB123456C,1 Street,{places.bow_postcodes[0]}\n"
    ).encode()
    assert run(places, [], data=data).added == 1


def test_the_import_queues_the_invitations_after_commit(places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(places, [child_row(postcode=places.whitechapel_postcodes[0])])
    assert Invitation.objects.get().channel == Invitation.Channel.LETTER


def test_a_file_name_that_cannot_be_stored_is_kept_without_those_characters(places):
    imported = services.list_import(
        local_authority=places.council,
        term=TERM,
        data=csv_bytes([child_row(postcode=places.bow_postcodes[0])]),
        file_name="dwp\x00list\udcff.csv",
        by=None,
    )
    assert imported.file_name == "dwplist.csv"
