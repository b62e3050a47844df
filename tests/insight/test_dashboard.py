"""The insight page: analysts see every figure, locality managers see small numbers hidden
with whatever would give them back, and every table downloads as it is shown."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from familyhub.frontdoor.models import SupportRequest
from familyhub.insight.figures import Breakdown, Measure, protected_breakdown, protected_measure
from familyhub.suppression import HIDDEN
from tests.accounts.helpers import sign_in_verified
from tests.factories import OrganisationFactory, StaffFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


def test_a_small_count_and_its_company_are_hidden_in_a_breakdown():
    breakdown = Breakdown(
        "x", "By who asked", "Who", [("A", [20, 6]), ("B", [3, 0]), ("C", [9, 7])]
    )

    shown = protected_breakdown(breakdown)

    assert shown.cells == [("A", ["20", "6"]), ("B", [HIDDEN, "0"]), ("C", [HIDDEN, "7"])]
    assert shown.total_cells == ["32", "13"]
    assert shown.table()[1][-1] == ["Total", 32, 13]


def test_a_rate_of_fewer_than_five_is_hidden_and_a_small_count_too():
    rate = protected_measure(
        Measure("r", "On time", 75.0, 80.0, "percent", base_now=4, base_before=5)
    )
    count = protected_measure(Measure("c", "Opened", 3, 12))
    assert (rate.now_shown, rate.before_shown) == (HIDDEN, "80%")
    assert (count.now_shown, count.before_shown) == (HIDDEN, "12")


def staff(council, role):
    return StaffFactory(organisation=OrganisationFactory(local_authority=council), role=role)


@pytest.fixture
def requests_this_year(council):
    now = timezone.now()
    for days in range(12):
        SubmittedRequestFactory(local_authority=council, submitted_at=now - dt.timedelta(days=days))
    for days in range(3):
        SubmittedRequestFactory(
            local_authority=council,
            submitted_at=now - dt.timedelta(days=days),
            source=SupportRequest.Source.PRACTITIONER,
        )


def source_row(page: str) -> str:
    start = page.index("A practitioner")
    return page[start : page.index("</tr>", start)]


def test_the_analyst_sees_every_figure(client, council, requests_this_year):
    sign_in_verified(client, staff(council, "data_analyst"))
    page = client.get(reverse("insight:indicators")).content.decode()
    assert ">3<" in source_row(page)
    assert "data:image/svg+xml;base64," in page


def test_the_locality_manager_sees_small_numbers_hidden(client, council, requests_this_year):
    sign_in_verified(client, staff(council, "locality_manager"))
    page = client.get(reverse("insight:indicators")).content.decode()
    assert HIDDEN in source_row(page)
    assert ">3<" not in source_row(page)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_table_downloads_as_shown(client, council, requests_this_year, file_format):
    sign_in_verified(client, staff(council, "locality_manager"))
    response = client.get(
        reverse("insight:indicators"), {"download": "source", "format": file_format}
    )
    assert response.status_code == 200
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]
    assert rows[0] == ["Who asked", "This period", "Previous period"]
    practitioner = next(row for row in rows if row[0] == "A practitioner")
    assert practitioner[1] == HIDDEN


@pytest.mark.parametrize(
    "question",
    [
        {"download": "nothing", "format": "csv"},
        {"download": "source", "format": "pdf"},
    ],
)
def test_an_unknown_table_or_format_is_a_bad_request(client, council, question):
    sign_in_verified(client, staff(council, "data_analyst"))
    assert client.get(reverse("insight:indicators"), question).status_code == 400


@pytest.mark.parametrize(
    "question",
    [
        {"starts": "1/2/2026", "ends": "1/1/2026"},
        {"starts": "1/1/2020", "ends": "1/1/2026"},
        {"starts": "31/02/2026", "ends": "1/3/2026"},
        {"starts": "1/1/2026", "ends": "1/3/2026", "locality": "x" * 300},
    ],
)
def test_a_bad_question_is_a_form_error(client, council, question):
    sign_in_verified(client, staff(council, "data_analyst"))
    response = client.get(reverse("insight:indicators"), question)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_chart_is_an_svg_that_says_what_it_shows():
    from base64 import b64decode

    from familyhub.insight.charts import trend_svg

    uri = trend_svg(
        ("Jan 2026", "Feb 2026"),
        (("This period", (3, None)), ("Previous period", (5, 6))),
        "Requests",
        title="Requests for help received, by month",
        description="Line chart. The figures are in the table below it.",
    )
    svg = b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode()
    root = svg[svg.index("<svg") :]
    assert root.index("<title>Requests for help received, by month</title>") < root.index("<g")
    assert "<desc>Line chart. The figures are in the table below it.</desc>" in root
