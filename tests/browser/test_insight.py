"""Insight in the browser, axe-clean at each step: the demo analyst lands on the indicators,
changes the period and the locality, and downloads a table as CSV and XLSX; the demo locality
manager makes the board's report and gets its PDF."""

import csv
import io

import pypdfium2
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from familyhub.demo.history import load_demo_history
from familyhub.places.models import LocalAuthority
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


@pytest.fixture
def a_year_of_history(demo_borough):
    load_demo_history(LocalAuthority.objects.get(code="E09000030"), families=60)


def test_the_analyst_reads_and_downloads_the_indicators(
    sized_page: Page, live_server, a_year_of_history
):
    page = sized_page
    sign_in_as(page, live_server, "analyst@example.org")
    page.goto(live_server.url + "/staff/")
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # on a phone the service navigation folds behind a button
        menu.click()
    page.get_by_role("link", name="Insight", exact=True).click()

    expect(page.get_by_role("heading", name="Insight", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="The front door")).to_be_visible()
    expect(page.get_by_role("img", name="Line chart: requests for help received")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("From").fill("1/1/2026")
    page.get_by_label("To").fill("30/6/2026")
    locality = page.get_by_label("Locality")
    locality.select_option(index=1)
    chosen = locality.evaluate("select => select.options[select.selectedIndex].text")
    page.get_by_role("button", name="Show the figures").click()

    expect(page.get_by_label("From")).to_have_value("1/1/2026")
    expect(page.get_by_label("Locality")).to_have_value(locality.input_value())
    assert "locality=" in page.url
    assert_accessible(page)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").first.click()
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Indicator", "This period", "Previous period"]
    assert rows[1][0] == "Requests for help received"

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX").first.click()
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    assert [cell.value for cell in sheet[1]] == ["Indicator", "This period", "Previous period"]
    assert chosen


def test_the_manager_makes_the_board_report(sized_page: Page, live_server, a_year_of_history):
    page = sized_page
    sign_in_as(page, live_server, "locality.manager@example.org")
    page.goto(live_server.url + "/staff/insight/")
    page.get_by_role("link", name="Board reports").click()
    assert_accessible(page)

    page.get_by_role("button", name="Make the report").click()

    expect(page.get_by_text("is ready")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").first.click()
    document = pypdfium2.PdfDocument(download.value.path())
    first = document[0].get_textpage().get_text_range()
    assert "Family Hubs highlight report" in first
    assert "Requests for help received" in first
    # Looked at as a picture: a page of the report as its reader sees it.
    picture = document[1].render(scale=1).to_pil().convert("L")
    assert picture.getextrema()[0] < 100  # ink on the page, not a blank one
