"""Places booked for a household at What's on sessions are in its members' subject access
reports, and go with the erasure of whoever booked them."""

import pytest
from django.utils import timezone

from familyhub.dataprotection.selectors import subject_access_report
from familyhub.dataprotection.services import dp_request_decide, erasure_carry_out
from tests.activities_factories import BookingFactory
from tests.dataprotection.test_erasure import signposted  # noqa: F401  (Hodan, alone)
from tests.dataprotection_factories import ErasureRequestFactory, SubjectAccessRequestFactory

pytestmark = pytest.mark.usefixtures("postcodes")


def _approved(dp_request, officer):
    return dp_request_decide(dp_request=dp_request, approve=True, reason="", by=officer)


def test_a_booking_for_the_household_is_in_the_report_and_erased_with_its_booker(
    signposted,  # noqa: F811
    data_protection_officer,
):
    family, hodan, _request = signposted
    booking = BookingFactory(
        family=family, contact_name="Hodan Ali", contact="hodan@example.org", children_ages="2"
    )
    report = subject_access_report(
        _approved(SubjectAccessRequestFactory(person=hodan), data_protection_officer),
        today=timezone.localdate(),
    )
    section = next(s for s in report.sections if s.title == "Places booked at sessions")
    assert [entry["Contact"] for entry in section.entries] == ["hodan@example.org"]

    counts = erasure_carry_out(
        dp_request=_approved(ErasureRequestFactory(person=hodan), data_protection_officer),
        by=data_protection_officer,
    )

    booking.refresh_from_db()
    assert (booking.contact_name, booking.contact, booking.children_ages) == ("", "", "")
    assert "hodan" not in booking.contact_key
    assert counts["activities.Booking"] == 1
