"""The 2-year-old offer in Chromium, at phone and desktop widths: an administrator imports a
termly list (one row refused), prints the letters, records a take-up and reads the figures.
Every page axe-clean."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from familyhub.accounts.models import Role
from familyhub.earlyeducation import rules
from familyhub.earlyeducation.models import Eligibility, TakeUp
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.earlyeducation.conftest import child_row, csv_bytes, places  # noqa: F401
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_list_imported_its_letters_printed_and_a_take_up_recorded(
    sized_page: Page,
    live_server,
    places,  # noqa: F811  (the fixture imported above)
    council_organisation,
):
    page = sized_page
    administrator = StaffFactory(organisation=council_organisation, role=Role.ADMINISTRATOR)
    term = rules.terms_around(timezone.localdate())[2]
    born = rules.birthday(term.starts, -2) - dt.timedelta(days=60)
    data = csv_bytes(
        [
            child_row(
                postcode=places.bow_postcodes[0],
                child_date_of_birth=f"{born:%d/%m/%Y}",
                parent_name="Halima Warsame",
            ),
            child_row(ni_number="AB111111A", postcode="E8 1DY"),
        ]
    )
    sign_in_as(page, live_server, administrator)

    page.goto(live_server.url + "/staff/two-year-offer/import")
    assert_accessible(page)
    page.get_by_role("button", name="Import the list").click()  # nothing chosen
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Which term is the list for?").select_option(term.key)
    page.get_by_label("The list (a CSV file)").set_input_files(
        {"name": "dwp.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Import the list").click()
    assert page.get_by_text("1 added, 0 already on the list, 1 refused").is_visible()
    assert page.get_by_text("The postcode is outside Tower Hamlets, in Hackney").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + f"/staff/two-year-offer/letters?term={term.key}")
    assert page.get_by_text("Dear Halima Warsame,").is_visible()
    assert_accessible(page)

    code = Eligibility.objects.get().code
    page.goto(live_server.url + "/staff/two-year-offer/take-up")
    page.get_by_label("Eligibility code").fill(code)
    page.get_by_label("Provider").select_option(label="Bow Nursery (Bow Nursery Ltd)")
    page.get_by_label("Start date").fill(f"{term.starts + dt.timedelta(days=6):%d/%m/%Y}")
    page.get_by_role("button", name="Record the take-up").click()
    assert page.get_by_text(f"Take-up recorded for {code}").is_visible()
    assert_accessible(page)
    assert TakeUp.objects.count() == 1

    page.goto(live_server.url + f"/staff/two-year-offer/?term={term.key}")
    assert page.get_by_role("cell", name="fewer than 5").first.is_visible()
    assert_accessible(page)
