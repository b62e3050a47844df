"""Importing a notifications file: good rows kept, bad rows reported by number and reason, and
nothing created twice (notifications_import, through the service the page and command share)."""

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.families.models import Family, Membership, Person
from familyhub.startforlife.importing import text_lines
from familyhub.startforlife.models import Invitation, Notification
from familyhub.startforlife.services import notifications_import
from tests.startforlife.conftest import (
    HACKNEY,
    NOWHERE,
    birth,
    csv_lines,
    days_ago,
    pregnancy,
)

pytestmark = pytest.mark.django_db


def run(sfl, *rows, lines=None):
    return notifications_import(
        lines=lines if lines is not None else csv_lines(*rows),
        local_authority=sfl.council,
        by=sfl.visitor,
    )


def test_a_birth_makes_a_household_with_parent_and_baby_in_the_postcodes_locality(sfl):
    report = run(sfl, birth())

    assert (report.created, report.refused) == (1, [])
    notification = Notification.objects.get()
    family = notification.family
    assert family.locality == sfl.locality
    assert family.hub == sfl.hub
    roles = dict(Membership.objects.filter(family=family).values_list("person__given_name", "role"))
    assert roles == {"Amina": Membership.Role.PARENT, "Rumi": Membership.Role.CHILD}
    assert notification.baby.date_of_birth == days_ago(5)
    assert AuditEvent.objects.filter(
        record_type="startforlife.notification", family_id=family.pk
    ).exists()


def test_a_resent_file_creates_nothing_twice(sfl):
    rows = [birth(), pregnancy(parent_nhs_number=synthetic_nhs_number(2))]
    run(sfl, *rows)
    counts = (Notification.objects.count(), Person.objects.count(), Family.objects.count())

    again = run(sfl, *rows)

    assert (again.created, again.already_imported) == (0, 2)
    assert (Notification.objects.count(), Person.objects.count(), Family.objects.count()) == counts


def test_a_birth_sent_again_with_the_babys_nhs_number_is_the_same_notification(sfl):
    run(sfl, birth())

    again = run(sfl, birth(baby_nhs_number=synthetic_nhs_number(7)))

    assert again.already_imported == 1
    assert Notification.objects.count() == 1


def test_duplicate_rows_in_one_file_count_once(sfl):
    report = run(sfl, birth(), birth(), birth())

    assert (report.created, report.already_imported) == (1, 2)
    assert Person.objects.filter(given_name="Rumi").count() == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"baby_date_of_birth": "31/02/2026"}, "baby_date_of_birth is not a date"),
        ({"baby_date_of_birth": "yesterday"}, "baby_date_of_birth is not a date"),
        ({"baby_date_of_birth": "01/01/2099"}, "baby_date_of_birth is in the future"),
        ({"baby_date_of_birth": ""}, "A birth needs baby_date_of_birth"),
        ({"notified_date": "2026-13-01"}, "notified_date is not a date"),
        ({"parent_nhs_number": "999 000 0000"}, "parent_nhs_number: Check the NHS number"),
        ({"notification_type": "adoption"}, "notification_type must be pregnancy or birth"),
        ({"postcode": "not a postcode"}, "postcode: Enter a real postcode"),
        ({"phone": "020 7946 0000"}, "phone is not a UK mobile number"),
        ({"multiple_birth_order": "0"}, "multiple_birth_order must be a number from 1 to 8"),
        ({"baby_given_name": "x" * 101}, "baby_given_name is too long"),
    ],
)
def test_a_bad_row_among_good_ones_is_reported_and_the_others_kept(sfl, changes, reason):
    good_too = birth(parent_nhs_number=synthetic_nhs_number(3), baby_given_name="Sami")

    report = run(sfl, birth(), birth(**changes), good_too)

    assert report.refused_count == 1
    number, said = report.refused[0]
    assert number == 3  # the header is row 1
    assert said.startswith(reason)
    assert report.created == 2


def test_a_pregnancy_due_after_44_weeks_is_refused(sfl):
    report = run(sfl, pregnancy(due_date=days_ago(-400).strftime("%d/%m/%Y")))

    assert report.refused[0][1] == "due_date is more than 44 weeks away."


def test_an_out_of_area_postcode_is_refused_naming_its_council(sfl):
    report = run(sfl, birth(postcode=HACKNEY))

    assert report.created == 0
    assert report.refused == [(2, f"{HACKNEY} is in Hackney's area, not ours: send it to them.")]
    assert not Person.objects.exists()


def test_an_unknown_postcode_is_kept_without_a_locality_and_listed(sfl):
    report = run(sfl, birth(postcode=NOWHERE))

    assert report.created == 1
    assert report.without_locality == [
        (2, f"{NOWHERE} is not in the postcode directory: kept, no locality.")
    ]
    family = Notification.objects.get().family
    assert family.locality is None


def test_twins_are_two_babies_in_one_household_with_one_invitation(sfl):
    report = run(
        sfl,
        birth(baby_given_name="Hasan", multiple_birth_order="1"),
        birth(baby_given_name="Husain", multiple_birth_order="2"),
    )

    assert report.created == 2
    family = Family.objects.get()
    children = Membership.objects.filter(family=family, role=Membership.Role.CHILD)
    assert sorted(children.values_list("person__given_name", flat=True)) == ["Hasan", "Husain"]
    assert Invitation.objects.filter(family=family).count() == 1


def test_a_pregnancy_followed_by_its_birth_is_the_same_baby_now_born(sfl):
    run(sfl, pregnancy())
    unborn = Notification.objects.get().baby
    assert Membership.objects.get(person=unborn).role == Membership.Role.UNBORN

    report = run(sfl, birth(baby_nhs_number=synthetic_nhs_number(9)))

    assert (report.created, report.births_of_pregnancies) == (1, 1)
    unborn.refresh_from_db()
    assert unborn.date_of_birth == days_ago(5)
    assert unborn.due_date is None
    assert unborn.given_name == "Rumi"
    assert unborn.nhs_number == synthetic_nhs_number(9)
    assert Membership.objects.get(person=unborn).role == Membership.Role.CHILD
    assert Family.objects.count() == 1
    assert Person.objects.count() == 2  # the parent and the baby, not a second child


def test_twins_after_their_pregnancy_are_the_unborn_baby_and_one_more(sfl):
    run(sfl, pregnancy())

    report = run(sfl, birth(multiple_birth_order="1"), birth(multiple_birth_order="2"))

    assert (report.created, report.births_of_pregnancies) == (2, 1)
    assert Membership.objects.filter(role=Membership.Role.CHILD).count() == 2
    assert not Membership.objects.filter(role=Membership.Role.UNBORN).exists()


def test_a_pregnancy_notified_again_with_a_new_due_date_is_the_same_unborn_baby(sfl):
    run(sfl, pregnancy())

    report = run(sfl, pregnancy(due_date=days_ago(-74).strftime("%d/%m/%Y")))

    assert report.created == 1
    assert Notification.objects.values("baby").distinct().count() == 1


def test_a_baby_known_by_nhs_number_is_matched_not_created(sfl):
    number = synthetic_nhs_number(11)
    run(sfl, birth(baby_nhs_number=number))

    run(sfl, birth(parent_nhs_number=synthetic_nhs_number(12), baby_nhs_number=number))

    assert Person.objects.filter(nhs_number=number).count() == 1


def test_a_baby_like_another_but_without_a_matching_nhs_number_is_a_new_person(sfl):
    """Never silently joined: the same names and date of another parent are somebody else."""
    run(sfl, birth())

    run(sfl, birth(parent_nhs_number=synthetic_nhs_number(13)))

    assert Person.objects.filter(given_name="Rumi").count() == 2


def test_a_second_baby_of_a_known_parent_joins_her_household(sfl):
    run(sfl, birth())

    run(sfl, birth(baby_given_name="Sami", baby_date_of_birth=days_ago(1).strftime("%d/%m/%Y")))

    assert Family.objects.count() == 1
    assert Person.objects.filter(given_name="Amina").count() == 1


def test_a_file_without_a_required_column_is_refused_whole(sfl):
    columns = ["notification_type", "notified_date"]
    report = run(sfl, lines=csv_lines(birth(), columns=columns))

    assert report.problem.startswith("The file has no column parent_family_name")
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"a\x00b", "baby_given_name has characters that cannot be read"),
        (b"a\xff\xfeb", "baby_given_name has characters that cannot be read"),
    ],
)
def test_a_nul_byte_or_invalid_utf8_in_a_row_is_a_reported_bad_row(sfl, raw, reason):
    lines = csv_lines(birth(baby_given_name="PLACEHOLDER"), birth(parent_nhs_number="9990000026"))
    chunks = [line.encode().replace(b"PLACEHOLDER", raw) for line in lines]

    report = run(sfl, lines=text_lines(chunks))

    assert report.refused[0][0] == 2
    assert report.refused[0][1].startswith(reason)


def test_a_spreadsheets_byte_order_mark_is_not_part_of_the_first_column(sfl):
    lines = csv_lines(birth())
    chunks = [b"\xef\xbb\xbf" + lines[0].encode(), *(line.encode() for line in lines[1:])]

    report = run(sfl, lines=text_lines(chunks))

    assert (report.problem, report.created) == ("", 1)
