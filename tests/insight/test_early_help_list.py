"""Ofsted's early help list (Annex A, list 2): which assessments, which children, which codes,
worked out by hand on built data; and the files an analyst downloads."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.families.models import Ethnicity, Membership, Sex
from familyhub.insight.exports import as_csv
from familyhub.insight.ofsted import COLUMNS, age_in_years, window
from familyhub.insight.selectors import early_help_list
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import AssessmentFactory, EpisodeEventFactory, EpisodeFactory
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import FamilyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

END = dt.date(2026, 9, 30)  # the window: 31 March to 30 September 2026


def household(council, *children):
    family = FamilyFactory(local_authority=council)
    for child in children:
        MembershipFactory(family=family, person=child)
    return family


def child(council, **details):
    return PersonFactory(local_authority=council, **details)


def episode_of(family, *, opened: dt.date, closed: dt.date | None = None, lead=None, **more):
    more.setdefault("status", Episode.Status.CLOSED if closed else Episode.Status.OPEN)
    return EpisodeFactory(
        family=family,
        opened_on=opened,
        closed_on=closed,
        lead_organisation=lead or OrganisationFactory(local_authority=family.local_authority),
        **more,
    )


def listed(council):
    return early_help_list(local_authority_id=council.pk, ending=END).rows


def test_the_window_is_the_six_months_up_to_the_day():
    assert window(END) == (dt.date(2026, 3, 31), END)
    assert window(dt.date(2026, 8, 31)) == (dt.date(2026, 3, 1), dt.date(2026, 8, 31))


def test_age_is_at_the_last_birthday_and_minus_one_before_birth():
    assert age_in_years(born=dt.date(2020, 10, 1), due=None, on=END) == 5
    assert age_in_years(born=dt.date(2020, 9, 30), due=None, on=END) == 6
    assert age_in_years(born=None, due=dt.date(2026, 12, 1), on=END) == -1
    assert age_in_years(born=None, due=None, on=END) is None


def test_a_child_of_an_assessment_begun_in_the_window_with_the_template_codes(council):
    zara = child(
        council,
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.ASIAN_BANGLADESHI,
        date_of_birth=dt.date(2019, 5, 17),
    )
    family = household(council, zara)
    lead = OrganisationFactory(name="Bright Start Primary School", local_authority=council)
    episode = episode_of(family, opened=dt.date(2026, 3, 20), closed=dt.date(2026, 8, 1), lead=lead)
    AssessmentFactory(
        episode=episode, started_on=dt.date(2026, 4, 2), completed_on=dt.date(2026, 4, 30)
    )

    assert listed(council) == [
        [
            str(zara.pk),
            "b) Female",
            "l) ABAN",
            "17/05/2019",
            7,
            "02/04/2026",
            "30/04/2026",
            "Bright Start Primary School",
        ]
    ]


def test_which_assessments_are_listed(council):
    """Begun in the window (whatever became of the episode), or the latest of an episode still
    open at its end; not one begun and finished before, nor one of another council."""
    families = {name: household(council, child(council)) for name in "abcdef"}
    begun_before_closed_before = episode_of(
        families["a"], opened=dt.date(2025, 9, 1), closed=dt.date(2026, 2, 1)
    )
    AssessmentFactory(episode=begun_before_closed_before, started_on=dt.date(2025, 9, 2))
    begun_in_window = episode_of(
        families["b"], opened=dt.date(2026, 4, 1), closed=dt.date(2026, 5, 1)
    )
    AssessmentFactory(episode=begun_in_window, started_on=dt.date(2026, 4, 1))
    still_open = episode_of(families["c"], opened=dt.date(2025, 6, 1))
    AssessmentFactory(episode=still_open, started_on=dt.date(2025, 6, 2))
    latest = AssessmentFactory(episode=still_open, started_on=dt.date(2025, 12, 1))
    begun_after = episode_of(families["d"], opened=dt.date(2026, 10, 1))
    AssessmentFactory(episode=begun_after, started_on=dt.date(2026, 10, 2))
    stepped_up = episode_of(
        families["e"], opened=dt.date(2025, 6, 1), status=Episode.Status.STEPPED_UP
    )
    AssessmentFactory(episode=stepped_up, started_on=dt.date(2025, 6, 1))
    EpisodeEventFactory(
        episode=stepped_up, kind=EpisodeEvent.Kind.STEPPED_UP, on=dt.date(2025, 12, 1)
    )
    closed_after_the_window = episode_of(
        families["f"], opened=dt.date(2025, 1, 1), closed=dt.date(2026, 11, 1)
    )
    AssessmentFactory(episode=closed_after_the_window, started_on=dt.date(2025, 1, 5))
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    elsewhere = episode_of(household(hackney, child(hackney)), opened=dt.date(2026, 5, 1))
    AssessmentFactory(episode=elsewhere, started_on=dt.date(2026, 5, 1))

    starts = {row[5] for row in listed(council)}

    assert starts == {"01/04/2026", latest.started_on.strftime("%d/%m/%Y"), "05/01/2025"}


def test_every_child_of_the_household_once_and_merged_records_once(council):
    older = child(council, date_of_birth=dt.date(2015, 1, 1))
    unborn = child(council, unborn=True)
    merged_away = child(council, date_of_birth=dt.date(2015, 1, 1), merged_into=older)
    family = household(council, older, unborn, merged_away)
    MembershipFactory(family=family, role=Membership.Role.PARENT)
    episode = episode_of(family, opened=dt.date(2026, 5, 1))
    AssessmentFactory(episode=episode, started_on=dt.date(2026, 5, 2))

    rows = listed(council)

    assert sorted(row[0] for row in rows) == sorted([str(older.pk), str(unborn.pk)])
    assert {row[4] for row in rows} == {11, -1}


def test_the_analyst_downloads_the_spreadsheet_and_each_family_is_audited(client, council):
    analyst = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="data_analyst"
    )
    family = household(council, child(council, given_name="Amina"))
    AssessmentFactory(
        episode=episode_of(family, opened=dt.date(2026, 5, 1)), started_on=dt.date(2026, 5, 1)
    )
    sign_in_verified(client, analyst)

    response = client.get(
        reverse("insight:early-help-list"), {"ending": "30/09/2026", "format": "xlsx"}
    )

    assert response.status_code == 200
    assert "annex-a-list-2-early-help-20260331-20260930.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == COLUMNS
    assert len(values) == 2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, family_id=family.pk, actor=analyst
    ).exists()


def test_the_csv_has_the_same_columns_and_defuses_formulas():
    content = as_csv(COLUMNS, [["1", "a) Male", "", "", None, "", "", "=HYPERLINK(1)"]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert rows[1][7] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("ending", ["31/02/2026", "1/1/2999", "9" * 300])
def test_a_bad_date_is_a_form_error_not_a_file(client, council, ending):
    analyst = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="data_analyst"
    )
    sign_in_verified(client, analyst)
    response = client.get(reverse("insight:early-help-list"), {"ending": ending, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "govuk-error-summary" in response.content.decode()


def test_a_nul_byte_is_refused_before_the_page(client, council):
    analyst = StaffFactory(
        organisation=OrganisationFactory(local_authority=council), role="data_analyst"
    )
    sign_in_verified(client, analyst)
    response = client.get(reverse("insight:early-help-list"), {"ending": "\x00", "format": "csv"})
    assert response.status_code == 400
