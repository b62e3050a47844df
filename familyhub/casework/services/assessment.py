"""The Early Help Assessment: starting it, saving it (never over a colleague's work) and completing
it. Shared by the whole Team Around the Family, so every save says which version it started from.

An assessment's content travels as one flat dict of values, the same keys the page's form uses:

    "<domain>__<area>__strengths", "<domain>__<area>__needs"   text
    "<domain>__<area>__score"                                  1–10, or None when not scored
    "voice__<person id>"                                       a child's own words
    "voice_of_parents", "analysis"                             text
    "consent_recorded"                                         True or False

`assessment_save` takes only the values that changed; `assessment_values` reads them all back.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.areas import AREAS, SCORE_MAX, SCORE_MIN
from familyhub.casework.models import (
    Assessment,
    AssessmentArea,
    ChildVoice,
    Episode,
    EpisodeEvent,
)
from familyhub.casework.rules import may_run, may_work_on
from familyhub.families.models import Membership, Person

TEXT_FIELDS = ("voice_of_parents", "analysis")
AREA_PARTS = ("strengths", "needs", "score")
VOICE_PREFIX = "voice__"


class AssessmentConflict(Exception):
    """Somebody saved the assessment after this editor loaded it: their save is refused.

    Carries what is saved now (all values), its version, and who saved it when, so the page can
    show both versions side by side and let the editor save again on top of the new version.
    """

    def __init__(
        self, *, current: dict[str, Any], version: int, saved_by: User, saved_at: dt.datetime
    ) -> None:
        self.current = current
        self.version = version
        self.saved_by = saved_by
        self.saved_at = saved_at
        super().__init__(f"Assessment saved by {saved_by} at {saved_at} (version {version})")


class AssessmentNotEditable(Exception):
    """A completed assessment is a record of what was agreed: it is not changed afterwards."""


@dataclass
class AssessmentIncomplete(Exception):
    """What is missing before the assessment can be completed, in words for the page."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(self.problems)


def area_key(domain: str, area: str, part: str) -> str:
    return f"{domain}__{area}__{part}"


def voice_key(person_pk: UUID | str) -> str:
    return f"{VOICE_PREFIX}{person_pk}"


def children_for_voice(episode: Episode) -> list[Person]:
    """The household's children (unborn too), without records merged into another."""
    memberships = (
        Membership.objects.filter(
            family_id=episode.family_id,
            role__in=[Membership.Role.CHILD, Membership.Role.UNBORN],
            person__merged_into__isnull=True,
        )
        .select_related("person")
        .order_by("person__date_of_birth", "person__due_date", "person__given_name")
    )
    return [membership.person for membership in memberships]


def voice_children(assessment: Assessment) -> list[Person]:
    """Whose voice the assessment asks for: the household's children, and anyone whose words are
    already recorded (a child who has since left the household keeps their words)."""
    children = children_for_voice(assessment.episode)
    known = {child.pk for child in children}
    for voice in assessment.voices.select_related("child").order_by("pk"):
        if voice.child_id not in known:
            children.append(voice.child)
            known.add(voice.child_id)
    return children


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    """Everything the assessment says, as the flat dict of values described above."""
    values: dict[str, Any] = {}
    saved = {(a.domain, a.area): a for a in assessment.areas.all()}
    for area in AREAS:
        row = saved.get((area.domain, area.key))
        for part in AREA_PARTS:
            values[area_key(area.domain, area.key, part)] = (
                getattr(row, part) if row else (None if part == "score" else "")
            )
    words = {voice.child_id: voice.words for voice in assessment.voices.all()}
    for child in voice_children(assessment):
        values[voice_key(child.pk)] = words.get(child.pk, "")
    values["voice_of_parents"] = assessment.voice_of_parents
    values["analysis"] = assessment.analysis
    values["consent_recorded"] = assessment.consent_recorded
    return values


def current_assessment(episode: Episode) -> Assessment | None:
    """The draft if there is one, otherwise the most recently completed assessment."""
    assessments = Assessment.objects.filter(episode=episode).select_related("updated_by")
    return (
        assessments.filter(status=Assessment.Status.DRAFT).first()
        or assessments.order_by("-completed_on", "-pk").first()
    )


def audit_assessment(
    *, by: User, action: AuditEvent.Action, assessment: Assessment, **details: Any
) -> None:
    # audit_record finds the family through a record's family_id; an assessment reaches its
    # family through the episode, so lend it the id for the family's "who looked" list.
    assessment.family_id = assessment.episode.family_id  # type: ignore[attr-defined]
    audit_record(actor=by, action=action, record=assessment, details=details)


def _check_may_edit(by: User, episode: Episode) -> None:
    if not may_work_on(by, episode):
        raise PermissionDenied("Only the lead professional and the team work on the assessment.")


@transaction.atomic
def assessment_start(episode: Episode, by: User) -> Assessment:
    """The episode's draft assessment, with a row for every area of the triangle. Starting twice
    (a double click, two colleagues at once) gives the same draft: one draft at a time."""
    _check_may_edit(by, episode)
    Episode.objects.select_for_update().get(pk=episode.pk)  # one start at a time per episode
    draft = Assessment.objects.filter(episode=episode, status=Assessment.Status.DRAFT).first()
    if draft:
        return draft
    assessment = Assessment.objects.create(
        episode=episode, updated_by=by, started_on=timezone.localdate()
    )
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, domain=area.domain, area=area.key) for area in AREAS
    )
    audit_assessment(by=by, action=AuditEvent.Action.CREATE, assessment=assessment)
    return assessment


def _apply(assessment: Assessment, changes: dict[str, Any]) -> list[str]:
    """Apply the changes to the locked assessment; the keys that really changed, sorted."""
    areas = {(a.domain, a.area): a for a in assessment.areas.all()}
    voices = {voice.child_id: voice for voice in assessment.voices.all()}
    children = {str(child.pk): child for child in voice_children(assessment)}
    changed: list[str] = []
    dirty_areas: dict[int, AssessmentArea] = {}
    for key, value in changes.items():
        if key in TEXT_FIELDS:
            value = (value or "").strip()
            if getattr(assessment, key) != value:
                setattr(assessment, key, value)
                changed.append(key)
        elif key == "consent_recorded":
            if assessment.consent_recorded != bool(value):
                assessment.consent_recorded = bool(value)
                changed.append(key)
        elif key.startswith(VOICE_PREFIX):
            child = children.get(key.removeprefix(VOICE_PREFIX))
            if child is None:
                raise ValueError(f"{key}: not a child in this family")
            words = (value or "").strip()
            voice = voices.get(child.pk)
            if voice is None and words:
                ChildVoice.objects.create(assessment=assessment, child=child, words=words)
            elif voice is not None and not words:
                voice.delete()
            elif voice is not None and voice.words != words:
                voice.words = words
                voice.save(update_fields=["words"])
            else:
                continue
            changed.append(key)
        else:
            domain, _sep, rest = key.partition("__")
            area_name, _sep, part = rest.rpartition("__")
            row = areas.get((domain, area_name))
            if row is None or part not in AREA_PARTS:
                raise ValueError(f"{key}: not part of this assessment")
            if part == "score":
                value = None if value in (None, "") else int(value)
                if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
                    raise ValueError(f"{key}: a score is from {SCORE_MIN} to {SCORE_MAX}")
            else:
                value = (value or "").strip()
            if getattr(row, part) != value:
                setattr(row, part, value)
                dirty_areas[row.pk] = row
                changed.append(key)
    if dirty_areas:
        AssessmentArea.objects.bulk_update(dirty_areas.values(), ["strengths", "needs", "score"])
    return sorted(changed)


def _locked(assessment: Assessment) -> Assessment:
    """The assessment as saved now, its row locked until the transaction ends.

    The row is locked alone, then read with its episode and editor. Not in one query: PostgreSQL
    refuses FOR UPDATE on the nullable side of the outer join to updated_by, and with FOR UPDATE
    OF the assessment only, a row a colleague saved meanwhile is re-checked against the join to
    its previous editor and comes back as no row at all.
    """
    Assessment.objects.select_for_update().values_list("pk").get(pk=assessment.pk)
    return Assessment.objects.select_related("episode", "updated_by").get(pk=assessment.pk)


def _conflict(current: Assessment) -> AssessmentConflict:
    return AssessmentConflict(
        current=assessment_values(current),
        version=current.version,
        saved_by=current.updated_by,
        saved_at=current.updated_at,
    )


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, base_version: int, changes: dict, by: User
) -> Assessment:
    """Save what this editor changed, if nobody has saved since they loaded `base_version`.

    Raises AssessmentConflict otherwise: a colleague's work is never overwritten silently. A save
    that changes nothing keeps the version as it is. Returns the assessment as saved.
    """
    current = _locked(assessment)
    _check_may_edit(by, current.episode)
    if current.status != Assessment.Status.DRAFT:
        raise AssessmentNotEditable(_("This assessment is completed and can no longer change."))
    if current.version != base_version:
        raise _conflict(current)
    changed = _apply(current, changes)
    if changed:
        current.version += 1
        current.updated_by = by
        current.save()
        audit_assessment(
            by=by,
            action=AuditEvent.Action.CHANGE,
            assessment=current,
            version=current.version,
            fields=changed,
        )
    return current


def completion_problems(assessment: Assessment) -> list[str]:
    """What is missing before the assessment can be completed (nothing: it can be)."""
    problems = []
    if not assessment.consent_recorded:
        problems.append(_("Record that the family agreed to the assessment"))
    unscored = assessment.areas.filter(score__isnull=True).count()
    missing = len(AREAS) - assessment.areas.count()
    if unscored or missing:
        problems.append(
            _("Give every area a score: %(count)s not scored yet") % {"count": unscored + missing}
        )
    if not assessment.analysis.strip():
        problems.append(_("Write the analysis"))
    if not assessment.voices.exclude(words="").exists():
        problems.append(_("Record the voice of at least one child"))
    return problems


@transaction.atomic
def assessment_complete(assessment: Assessment, base_version: int, by: User) -> Assessment:
    """Complete the assessment: the lead professional or a locality manager, once it has consent,
    a score for every area, the analysis and at least one child's voice. Completing the version
    the user read, never a newer one they have not seen."""
    current = _locked(assessment)
    if not may_run(by, current.episode):
        raise PermissionDenied("Only the lead professional or a locality manager completes it.")
    if current.status != Assessment.Status.DRAFT:
        raise AssessmentNotEditable(_("This assessment is already completed."))
    if current.version != base_version:
        raise _conflict(current)
    problems = completion_problems(current)
    if problems:
        raise AssessmentIncomplete(problems)
    today = timezone.localdate()
    current.status = Assessment.Status.COMPLETED
    current.completed_on = today
    current.version += 1
    current.updated_by = by
    current.save()
    EpisodeEvent.objects.create(
        episode=current.episode, kind=EpisodeEvent.Kind.ASSESSED, on=today, by=by
    )
    audit_assessment(
        by=by,
        action=AuditEvent.Action.CHANGE,
        assessment=current,
        version=current.version,
        completed=True,
    )
    return current


@dataclass
class ConflictRow:
    """One value a colleague changed while this editor was working."""

    key: str
    theirs: Any
    yours: Any
    yours_changed: bool  # False: this editor had not touched it, so theirs is now in the form


def merge_after_conflict(
    *, base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[ConflictRow]]:
    """What the form should hold after a refused save, and what to show side by side.

    Three-way, against what the editor started from (`base`): their own changes stay in the form,
    a colleague's changes to values the editor had not touched come in, and every value the
    colleague changed is listed. Without `base`, every difference counts as both people's change,
    and the form keeps the editor's text. Nothing either person typed is lost.
    """
    merged: dict[str, Any] = dict(mine)
    rows: list[ConflictRow] = []
    for key in dict.fromkeys([*theirs, *mine]):
        their_value, my_value = theirs.get(key), mine.get(key)
        if key not in mine:
            merged[key] = their_value
            continue
        they_changed = their_value != (base.get(key) if base and key in base else my_value)
        if base is None:
            they_changed = their_value != my_value
        if not they_changed or their_value == my_value:
            continue
        i_changed = base is None or key not in base or my_value != base[key]
        if not i_changed:
            merged[key] = their_value
        rows.append(ConflictRow(key, their_value, my_value, i_changed))
    return merged, rows
