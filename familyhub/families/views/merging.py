"""Merging two records of one person from the family record, and undoing it from there.

From a household member ("Same person as someone else?"): the candidates `find_candidates`
offers, then a side-by-side check with a reason, then `person_merge`, which keeps the chosen
existing record and marks this one as merged into it. The kept person's family record lists the
merges with an undo (`person_unmerge`), since the audit pages are for managers only.

Only roles that `may_merge`, and only people in families the user can see: the one merged
away, the one kept, and each household shown. Anything else is a 404, as for an unknown family.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyhub.families.forms import MergeChooseForm, MergeReasonForm
from familyhub.families.merging import MergeError, person_merge, person_unmerge
from familyhub.families.models import Family
from familyhub.families.rules import RecordKind, may_merge
from familyhub.families.selectors import (
    family_get_for_user,
    household_member_get,
    members_of,
    merge_candidate_this,
    merge_candidates_for,
    merges_on_record,
)

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


@login_required
def merge_candidates(request: HttpRequest, pk, person_pk) -> HttpResponse:
    now = timezone.now()
    family = _family_for_merging(request, pk)
    person = household_member_get(family, person_pk)
    candidates = merge_candidates_for(request.user, person, now=now)
    form = MergeChooseForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        return redirect(
            "families:merge-confirm",
            pk=family.pk,
            person_pk=person.pk,
            other_pk=form.cleaned_data["record"],
        )
    this = merge_candidate_this(request.user, person, now=now)
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
    now = timezone.now()
    family = _family_for_merging(request, pk)
    person = household_member_get(family, person_pk)
    # Only a record the candidates page would offer: a merge starts from a match, not a URL.
    candidates = merge_candidates_for(request.user, person, now=now)
    chosen = next((c for c in candidates if str(c.person.pk) == str(other_pk)), None)
    if chosen is None:
        raise Http404
    form = MergeReasonForm(
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
    this = merge_candidate_this(request.user, person, now=now)
    return render(
        request,
        "families/merge_confirm.html",
        {"family": family, "this": this, "chosen": chosen, "form": form},
    )


@login_required
def merge_undo(request: HttpRequest, pk, event_pk: int) -> HttpResponse:
    family = _family_for_merging(request, pk)
    row = next((r for r in merges_on_record(members_of(family)) if r.event.pk == event_pk), None)
    if row is None:
        raise Http404
    form = MergeReasonForm(
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
