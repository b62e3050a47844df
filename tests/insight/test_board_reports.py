"""The board's quarterly report: made in one click, kept, with small numbers hidden whoever
makes it, and a real PDF with its charts (rendered to an image and looked at)."""

import datetime as dt
import io

import pypdf
import pypdfium2
import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.frontdoor.models import SupportRequest
from familyhub.insight.models import BoardReport
from familyhub.insight.period import Period, quarter_of, quarters_before
from tests.accounts.helpers import sign_in_verified
from tests.factories import OrganisationFactory, StaffFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


def test_quarters():
    assert quarter_of(dt.date(2026, 12, 1)) == Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarters_before(dt.date(2026, 12, 1), 2) == [
        Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    ]


@pytest.fixture
def last_quarter():
    return quarters_before(timezone.localdate(), 1)[0]


@pytest.fixture
def requests_last_quarter(council, last_quarter):
    middle = dt.datetime.combine(
        last_quarter.starts + dt.timedelta(days=20),
        dt.time(10),
        tzinfo=timezone.get_current_timezone(),
    )
    for hours in range(9):
        SubmittedRequestFactory(
            local_authority=council, submitted_at=middle + dt.timedelta(hours=hours)
        )
    for hours in range(2):
        SubmittedRequestFactory(
            local_authority=council,
            submitted_at=middle + dt.timedelta(hours=hours),
            source=SupportRequest.Source.PRACTITIONER,
        )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_manager_makes_the_report_and_it_is_kept(
    client, council, last_quarter, requests_last_quarter
):
    manager = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="locality_manager"
    )
    sign_in_verified(client, manager)

    response = client.post(
        reverse("insight:board-reports"), {"quarter": last_quarter.starts.isoformat()}
    )

    report = BoardReport.objects.get()
    assert response.status_code == 302
    assert (report.starts, report.ends, report.made_by) == (
        last_quarter.starts,
        last_quarter.ends,
        manager,
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, record_id=str(report.pk)
    ).exists()
    page = client.get(reverse("insight:board-reports")).content.decode()
    assert reverse("insight:board-report", args=[report.pk]) in page
    download = client.get(reverse("insight:board-report", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(download.content)
    assert "Family Hubs highlight report" in text
    assert "Requests for help received" in text
    assert "11" in text  # the quarter's requests


def test_the_report_hides_small_numbers_even_when_an_analyst_makes_it(
    client, council, last_quarter, requests_last_quarter
):
    analyst = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="data_analyst"
    )
    sign_in_verified(client, analyst)
    client.post(reverse("insight:board-reports"), {"quarter": last_quarter.starts.isoformat()})
    text = pdf_text(bytes(BoardReport.objects.get().pdf))
    assert "[c]" in text  # the step-up rate of fewer than five episodes, at least


def test_the_report_renders_as_pages_with_charts(
    client, council, last_quarter, requests_last_quarter, tmp_path
):
    """Rendered by PDFium, as a reader would see it: pages of the right size, and the charts'
    page is mostly drawing, not blank."""
    manager = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="locality_manager"
    )
    sign_in_verified(client, manager)
    client.post(reverse("insight:board-reports"), {"quarter": last_quarter.starts.isoformat()})
    document = pypdfium2.PdfDocument(bytes(BoardReport.objects.get().pdf))
    assert len(document) >= 2
    charts = document[1].render(scale=1).to_pil().convert("L")
    charts.save(tmp_path / "charts.png")
    histogram = charts.histogram()
    drawn = sum(histogram[:200]) / sum(histogram)
    assert drawn > 0.01  # lines, axes and words: not an empty page


@pytest.mark.parametrize("quarter", ["1999-01-01", "x" * 300, ""])
def test_only_an_offered_quarter_is_made(client, council, quarter):
    manager = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="locality_manager"
    )
    sign_in_verified(client, manager)
    response = client.post(reverse("insight:board-reports"), {"quarter": quarter})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not BoardReport.objects.exists()
