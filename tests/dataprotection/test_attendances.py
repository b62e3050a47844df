"""A household's hub registrations and the sessions it came to are in its members' subject
access reports, and go with the erasure of whoever came or registered."""

import pytest
from django.utils import timezone

from familyhub.dataprotection.selectors import subject_access_report
from familyhub.dataprotection.services import dp_request_decide, erasure_carry_out
from tests.activities_factories import AttendanceFactory, HubRegistrationFactory
from tests.dataprotection.test_erasure import signposted  # noqa: F401  (Hodan, alone)
from tests.dataprotection_factories import ErasureRequestFactory, SubjectAccessRequestFactory
from tests.families_factories import ConsentFactory

pytestmark = pytest.mark.usefixtures("postcodes")


def test_registrations_and_attendances_of_the_household_are_in_the_report(
    signposted,  # noqa: F811
    data_protection_officer,
):
    family, hodan, _request = signposted
    HubRegistrationFactory(
        family=family,
        hub__name="Ocean Children and Family Centre",
        channel="sms",
        contact="07700 900982",
    )
    AttendanceFactory(
        family=family, name="Hodan Ali", children=1, session__activity__name="Rhyme time"
    )
    AttendanceFactory(name="Someone else")  # another household's walk-in
    dp_request = dp_request_decide(
        dp_request=SubjectAccessRequestFactory(person=hodan),
        approve=True,
        reason="",
        by=data_protection_officer,
    )

    report = subject_access_report(dp_request, today=timezone.localdate())

    section = next(
        s for s in report.sections if s.title == "Hub registrations and sessions attended"
    )
    assert [entry.get("Contact") for entry in section.entries] == ["07700 900982", None]
    assert [entry.get("Came to") for entry in section.entries] == [None, "Rhyme time"]
    assert section.entries[1]["Name"] == "Hodan Ali"


def test_erasure_takes_their_name_off_registers_and_their_contact_off_registrations(
    signposted,  # noqa: F811
    data_protection_officer,
):
    family, hodan, _request = signposted
    registration = HubRegistrationFactory(
        family=family,
        consent=ConsentFactory(family=family, given_by=hodan),
        channel="sms",
        contact="07700 900982",
    )
    came = AttendanceFactory(family=family, name=str(hodan))
    dp_request = dp_request_decide(
        dp_request=ErasureRequestFactory(person=hodan),
        approve=True,
        reason="",
        by=data_protection_officer,
    )

    counts = erasure_carry_out(dp_request=dp_request, by=data_protection_officer)

    came.refresh_from_db()
    registration.refresh_from_db()
    assert (came.name, came.children) == ("", 2)  # still counted
    assert registration.contact == ""
    assert (counts["activities.Attendance"], counts["activities.HubRegistration"]) == (1, 1)
