"""What the insight pages read: Ofsted's early help list and the board's kept reports (the
indicators are in indicators_frontdoor and indicators_earlyhelp)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from familyhub.casework.models import Assessment, Episode
from familyhub.families.models import Family, Membership
from familyhub.insight.indicators_earlyhelp import episodes_open_on
from familyhub.insight.models import BoardReport
from familyhub.insight.ofsted import ETHNICITY, GENDER, age_in_years, day_month_year, window
from familyhub.insight.scope import Scope

CHILD_ROLES = (Membership.Role.CHILD, Membership.Role.UNBORN)

Row = list[str | int | None]


@dataclass(frozen=True)
class EarlyHelpList:
    """The list's rows (ofsted.COLUMNS), the households they come from, and the window."""

    rows: list[Row]
    families: list[Family]
    starts: dt.date
    ends: dt.date


def _assessments_listed(local_authority_id: str, starts: dt.date, ends: dt.date) -> list:
    """Assessments begun in the window, and for each episode still open at its end the latest
    assessment begun by then: each once, the earliest begun first."""
    begun = Assessment.objects.filter(
        episode__local_authority_id=local_authority_id,
        started_on__gte=starts,
        started_on__lte=ends,
    )
    current = Assessment.objects.filter(
        episode__in=episodes_open_on(Scope(local_authority_id), ends), started_on__lte=ends
    ).order_by("episode_id", "started_on", "pk")
    latest = {assessment.episode_id: assessment for assessment in current}
    chosen = {assessment.pk: assessment for assessment in [*begun, *latest.values()]}
    return sorted(chosen.values(), key=lambda assessment: (assessment.started_on, assessment.pk))


def early_help_list(*, local_authority_id: str, ending: dt.date) -> EarlyHelpList:
    """Ofsted's list 2 for the six months ending on `ending`: a row per child of the household
    (born or unborn, merged records once) and assessment."""
    starts, ends = window(ending)
    assessments = _assessments_listed(local_authority_id, starts, ends)
    episodes = Episode.objects.in_bulk({a.episode_id for a in assessments})
    organisations = dict(
        Episode.objects.filter(pk__in=episodes).values_list("pk", "lead_organisation__name")
    )
    children = _children_of({episode.family_id for episode in episodes.values()})
    rows: list[Row] = []
    for assessment in assessments:
        family_id = episodes[assessment.episode_id].family_id
        for person in children.get(family_id, []):
            rows.append(
                [
                    str(person.pk),
                    GENDER[person.sex],
                    ETHNICITY[person.ethnicity],
                    day_month_year(person.date_of_birth),
                    age_in_years(born=person.date_of_birth, due=person.due_date, on=ends),
                    day_month_year(assessment.started_on),
                    day_month_year(assessment.completed_on),
                    organisations[assessment.episode_id],
                ]
            )
    families = list(Family.objects.filter(pk__in=children).order_by("reference"))
    return EarlyHelpList(rows=rows, families=families, starts=starts, ends=ends)


def _children_of(family_ids: set) -> dict:
    """Each household's children and unborn children, kept records only (a merged record is
    counted as the record it was merged into, which is a member itself)."""
    memberships = (
        Membership.objects.filter(
            family_id__in=family_ids, role__in=CHILD_ROLES, person__merged_into__isnull=True
        )
        .select_related("person")
        .order_by("person__date_of_birth", "person__pk")
    )
    children: dict = {}
    for membership in memberships:
        children.setdefault(membership.family_id, []).append(membership.person)
    return children


def board_reports(local_authority_id: str) -> QuerySet[BoardReport]:
    """The council's kept reports, the latest quarter first, without their PDFs."""
    return (
        BoardReport.objects.filter(local_authority_id=local_authority_id)
        .defer("pdf")
        .select_related("made_by")
    )


def board_report_get(local_authority_id: str, pk: int) -> BoardReport:
    """One of the council's reports, or 404: another council's is not said to exist."""
    return get_object_or_404(BoardReport, local_authority_id=local_authority_id, pk=pk)
