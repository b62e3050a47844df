"""Keeping the household current: add a member, remove one, record a birth, and change a
person's needs, languages and ethnic group. Each view finds the family through the access rules
(404 when the user may not see its people), asks may_edit_household, and leaves the write (and
its audit event) to one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from familyhub.families import services
from familyhub.families.forms import (
    BirthForm,
    HouseholdMemberForm,
    MemberRemoveForm,
    PersonNeedsForm,
)
from familyhub.families.models import Family, Membership, Person
from familyhub.families.rules import RecordKind, may_edit_household
from familyhub.families.selectors import family_get_for_user, household_membership_get

HOUSEHOLD_ANCHOR = "#household"


def _posted(request: HttpRequest):
    """The form data of a POST, even an empty one (which `request.POST or None` would drop)."""
    return request.POST if request.method == "POST" else None


def _family_to_edit(request: HttpRequest, pk) -> Family:
    """The family, if the user may change its household: 404 if they may not see its people
    at all, 403 if they see it but may not change it."""
    now = timezone.now()
    family = family_get_for_user(request.user, pk, kind=RecordKind.PEOPLE, now=now)
    if not may_edit_household(request.user, family, now=now):
        raise PermissionDenied
    return family


def _back_to_household(family: Family) -> HttpResponse:
    return redirect(reverse("families:detail", args=[family.pk]) + HOUSEHOLD_ANCHOR)


@never_cache
@login_required
def member_add(request: HttpRequest, pk) -> HttpResponse:
    family = _family_to_edit(request, pk)
    form = HouseholdMemberForm(_posted(request), initial={"family_name": family.name})
    if request.method == "POST" and form.is_valid():
        services.person_add(family=family, by=request.user, **form.cleaned_data)
        messages.success(request, "The person has been added to the household")
        return _back_to_household(family)
    return render(request, "families/household_member_add.html", {"family": family, "form": form})


@never_cache
@login_required
def member_remove(request: HttpRequest, pk, person_pk) -> HttpResponse:
    family = _family_to_edit(request, pk)
    membership = household_membership_get(family, person_pk)
    form = MemberRemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.member_remove(
            family=family, person=membership.person, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{membership.person} is no longer in the household")
        return _back_to_household(family)
    return render(
        request,
        "families/household_member_remove.html",
        {"family": family, "membership": membership, "form": form},
    )


@never_cache
@login_required
def birth_record(request: HttpRequest, pk, person_pk) -> HttpResponse:
    """The unborn child is born: their record (and its history) becomes the child's."""
    family = _family_to_edit(request, pk)
    membership = household_membership_get(family, person_pk)
    if membership.role != Membership.Role.UNBORN:
        raise Http404  # only an unborn child has a birth to record
    form = BirthForm(
        _posted(request),
        initial={"family_name": membership.person.family_name or family.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.birth_record(
                family=family, person=membership.person, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The birth of {person} has been recorded")
            return _back_to_household(family)
    return render(
        request,
        "families/household_birth.html",
        {"family": family, "membership": membership, "form": form},
    )


def _needs_of(person: Person) -> dict:
    return {
        "send": person.send,
        "ehc_plan": person.ehc_plan,
        "languages": list(person.languages.all()),
        "interpreter_needed": person.interpreter_needed,
        "ethnicity": person.ethnicity,
    }


@never_cache
@login_required
def person_needs(request: HttpRequest, pk, person_pk) -> HttpResponse:
    """SEND and EHC plan, languages and interpreter, ethnic group: one page, one change."""
    family = _family_to_edit(request, pk)
    membership = household_membership_get(family, person_pk)
    form = PersonNeedsForm(_posted(request), initial=_needs_of(membership.person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_needs_update(
                family=family, person=membership.person, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{membership.person}'s details have been saved")
            return _back_to_household(family)
    return render(
        request,
        "families/household_needs.html",
        {"family": family, "membership": membership, "form": form},
    )
