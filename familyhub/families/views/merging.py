"""Merging two records of one person from the family record, and undoing it from there.

From a household member ("Same person as someone else?"): the candidates `find_candidates`
offers, then a side-by-side check with a reason, then `person_merge`, which keeps the chosen
existing record and marks this one as merged into it. The kept person's family record lists the
merges with an undo (`person_unmerge`), since the audit pages are for managers only.

Only roles that `may_merge`, and only people in families the user can see: the one merged
away, the one kept, and each household shown. Anything else is a 404, as for an unknown family.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyhub.audit.models import AuditEvent
from familyhub.families.matching import Candidate, find_candidates
from familyhub.families.merging import MergeError, person_merge, person_unmerge
from familyhub.families.models import Family, Membership, Person
from familyhub.families.rules import RecordKind, families_visible_to, may_merge
from familyhub.families.selectors import family_get_for_user, members_of

CANDIDATES_SHOWN = 5

# merging.py words its refusals for staff but not through gettext; these are their translations.
MERGE_ERRORS = {
    "A record cannot be merged into itself": gettext_lazy("A record cannot be merged into itself"),
    "Only records held by the same council can be merged": gettext_lazy(
        "Only records held by the same council can be merged"
    ),
    "One of these records has already been merged into another": gettext_lazy(
        "One of these records has already been merged into another"
    ),
    "This merge has already been undone": gettext_lazy("This merge has already been undone"),
    "This record is no longer merged as that event says": gettext_lazy(
        "This record is no longer merged as the audit trail says"
    ),
    "The kept record has since been merged again: undo that merge first": gettext_lazy(
        "The kept record has since been merged again: undo that merge first"
    ),
}


class ChooseForm(forms.Form):
    record = forms.ChoiceField(
        label=gettext_lazy("Which record is the same person?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the record that is the same person")},
    )

    def __init__(self, *args, candidates: list["Shown"], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [(str(c.person.pk), str(c.person)) for c in candidates]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("This is kept in the audit trail with your name."),
    )

    def __init__(self, *args, label: str, required_message: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


@dataclass
class Shown:
    """A person as these pages show them: with the households the user may see."""

    person: Person
    households: list[Family]
    score: float | None = None
    reasons: list[str] | None = None

    @property
    def percent(self) -> int:
        # Rounded down, so that only a certain (NHS number) match ever reads 100%.
        return int((self.score or 0) * 100)


@dataclass
class MergeRow:
    """One merge into a person in this household, not undone: what the record page lists."""

    event: AuditEvent
    merged: Person
    kept: Person


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _record_url(family: Family, anchor: str = "") -> str:
    return reverse("families:detail", args=[family.pk]) + anchor


def _merge_error(error: MergeError) -> str:
    return str(MERGE_ERRORS.get(str(error), str(error)))


def _family_for_merging(request: HttpRequest, pk) -> Family:
    """The family, if the user may merge and see its people; 404 otherwise, never 403."""
    if not may_merge(request.user):
        raise Http404
    return family_get_for_user(request.user, pk, kind=RecordKind.PEOPLE, now=timezone.now())


def _member(family: Family, person_pk) -> Person:
    """A live (not merged away) person in this household."""
    person = Person.objects.filter(pk=person_pk, households__family=family, merged_into=None)
    found = person.first()
    if found is None:
        raise Http404
    return found


def _households(user, people: list[Person]) -> dict:
    """Each person's households that the user may see the people of, in one query."""
    visible = families_visible_to(user, kind=RecordKind.PEOPLE, now=timezone.now())
    households: dict = {person.pk: [] for person in people}
    for membership in (
        Membership.objects.filter(person__in=people, family__in=visible)
        .select_related("family")
        .order_by("family__name", "family__reference")
    ):
        households[membership.person_id].append(membership.family)
    return households


def _candidates(user, person: Person) -> list[Shown]:
    """Other live records that may be this person, best first, that the user may see.

    A valid NHS number already on this very record makes `find_candidates` answer with this
    record alone; then the other details are matched without it.
    """
    described = {
        "local_authority_code": person.local_authority_id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "postcode": person.postcode,
        "limit": CANDIDATES_SHOWN + 1,
    }
    found: list[Candidate] = [
        c
        for c in find_candidates(**described, nhs_number=person.nhs_number)
        if c.person.pk != person.pk
    ]
    if not found and person.nhs_number:
        found = [c for c in find_candidates(**described) if c.person.pk != person.pk]
    households = _households(user, [c.person for c in found])
    return [
        Shown(c.person, households[c.person.pk], c.score, c.reasons)
        for c in found
        if households[c.person.pk]  # a record in no family the user can see is not offered
    ][:CANDIDATES_SHOWN]


@login_required
def merge_candidates(request: HttpRequest, pk, person_pk) -> HttpResponse:
    family = _family_for_merging(request, pk)
    person = _member(family, person_pk)
    candidates = _candidates(request.user, person)
    form = ChooseForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        return redirect(
            "families:merge-confirm",
            pk=family.pk,
            person_pk=person.pk,
            other_pk=form.cleaned_data["record"],
        )
    this = Shown(person, _households(request.user, [person])[person.pk])
    return render(
        request,
        "families/merge_candidates.html",
        {
            "family": family,
            "this": this,
            "candidates": candidates,
            "form": form,
            # Each radio with the candidate it stands for: the choices are in the same order.
            "options": list(zip(form["record"], candidates, strict=True)),
        },
    )


@login_required
def merge_confirm(request: HttpRequest, pk, person_pk, other_pk) -> HttpResponse:
    family = _family_for_merging(request, pk)
    person = _member(family, person_pk)
    # Only a record the candidates page would offer: a merge starts from a match, not a URL.
    chosen = next(
        (c for c in _candidates(request.user, person) if str(c.person.pk) == str(other_pk)),
        None,
    )
    if chosen is None:
        raise Http404
    form = ReasonForm(
        _posted(request),
        label=_("Why are these the same person?"),
        required_message=_("Enter why these records are the same person"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_merge(
                keep=chosen.person,
                merge=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except MergeError as error:
            form.add_error(None, _merge_error(error))
        else:
            messages.success(
                request,
                _("The records have been merged. Both histories are kept; you can undo it below."),
            )
            return redirect(_record_url(family, "#merged-records"))
    this = Shown(person, _households(request.user, [person])[person.pk])
    return render(
        request,
        "families/merge_confirm.html",
        {"family": family, "this": this, "chosen": chosen, "form": form},
    )


def merges_on_record(members: list[Membership]) -> list[MergeRow]:
    """Merges into the household's live people that are not undone, newest first.

    A MERGE event names the merged-away person as its record (its family column is empty), so
    they are found through `merged_into`, which an undo clears; at most three queries.
    """
    live = {m.person_id: m.person for m in members if m.person.merged_into_id is None}
    merged = {str(p.pk): p for p in Person.objects.filter(merged_into__in=list(live))}
    if not merged:
        return []
    events = AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.MERGE, AuditEvent.Action.UNMERGE],
        record_type="families.person",
        record_id__in=list(merged),
    ).order_by("-at", "-id")
    events = list(events)
    undone = {e.details.get("merge_event") for e in events if e.action == AuditEvent.Action.UNMERGE}
    rows: dict[str, MergeRow] = {}
    for event in events:
        person = merged[event.record_id]
        if (
            event.action != AuditEvent.Action.MERGE
            or event.pk in undone
            or event.record_id in rows  # an earlier merge of the same record, since undone
            or event.details.get("keep") != str(person.merged_into_id)
        ):
            continue
        rows[event.record_id] = MergeRow(event, person, live[person.merged_into_id])
    return list(rows.values())


@login_required
def merge_undo(request: HttpRequest, pk, event_pk: int) -> HttpResponse:
    family = _family_for_merging(request, pk)
    row = next((r for r in merges_on_record(members_of(family)) if r.event.pk == event_pk), None)
    if row is None:
        raise Http404
    form = ReasonForm(
        _posted(request),
        label=_("Why is this merge being undone?"),
        required_message=_("Enter why this merge is being undone"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_unmerge(event=row.event, by=request.user, reason=form.cleaned_data["reason"])
        except MergeError as error:
            form.add_error(None, _merge_error(error))
        else:
            messages.success(
                request, _("The merge has been undone: what it moved is back on the other record.")
            )
            return redirect(_record_url(family))
    return render(request, "families/merge_undo.html", {"family": family, "row": row, "form": form})
