"""Adding to the record: chronology events, consent, its withdrawal and safeguarding overrides.
Each view finds the family through the access rules (404 otherwise) and leaves the write to a
service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.families import services
from familyhub.families.forms import (
    ChronologyEventForm,
    ConsentForm,
    ConsentWithdrawForm,
    OverrideForm,
)
from familyhub.families.models import Family, Person
from familyhub.families.rules import RecordKind, can_see, can_see_any, may_withdraw_consent
from familyhub.families.selectors import (
    consent_get_in_force,
    consent_withdrawal_effect,
    family_get_for_override,
    family_get_for_user,
    organisations_covering,
    organisations_involved,
    people_of,
)


def _posted(request: HttpRequest):
    """The form data of a POST, even an empty one (which `request.POST or None` would drop)."""
    return request.POST if request.method == "POST" else None


def _detail(family: Family, anchor: str = "") -> str:
    return reverse("families:detail", args=[family.pk]) + anchor


def _back_to_record(request: HttpRequest, family: Family, anchor: str = "") -> HttpResponse:
    """To the record, unless the change just took it out of the user's sight."""
    if can_see_any(request.user, family, now=timezone.now()):
        return redirect(_detail(family, anchor))
    return redirect("families:list")


@login_required
def chronology_new(request: HttpRequest, pk) -> HttpResponse:
    now = timezone.now()
    family = family_get_for_user(request.user, pk, kind=RecordKind.CHRONOLOGY, now=now)
    shows_people = can_see(request.user, family, kind=RecordKind.PEOPLE, now=now)
    form = ChronologyEventForm(
        _posted(request),
        people=people_of(family) if shows_people else Person.objects.none(),
        organisations=organisations_covering(
            request.user, family, kind=RecordKind.CHRONOLOGY, now=now
        ),
    )
    if request.method == "POST" and form.is_valid():
        services.chronology_add(family=family, by=request.user, **form.cleaned_data)
        messages.success(request, _("The event has been added to the chronology"))
        return redirect(_detail(family, "#chronology"))
    return render(
        request,
        "families/chronology_form.html",
        {"family": family, "form": form, "shows_people": shows_people},
    )


@login_required
def consent_new(request: HttpRequest, pk) -> HttpResponse:
    now = timezone.now()
    family = family_get_for_user(request.user, pk, kind=RecordKind.PEOPLE, now=now)
    form = ConsentForm(
        _posted(request),
        people=people_of(family),
        organisations=organisations_involved(family, now=now),
    )
    if request.method == "POST" and form.is_valid():
        services.consent_record(family=family, by=request.user, **form.cleaned_data)
        messages.success(request, _("The family's consent has been recorded"))
        return redirect(_detail(family, "#consent"))
    return render(request, "families/consent_form.html", {"family": family, "form": form})


@login_required
def consent_withdraw(request: HttpRequest, pk, consent_pk: int) -> HttpResponse:
    """The confirmation page: who would lose sight of what, and what becomes of the open
    episode, shown before the withdrawal is recorded with its reason."""
    now = timezone.now()
    family = family_get_for_user(request.user, pk, kind=RecordKind.PEOPLE, now=now)
    if not may_withdraw_consent(request.user, family, now=now):
        raise PermissionDenied
    consent = consent_get_in_force(family, consent_pk)
    form = ConsentWithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("The consent has been withdrawn from now on"))
            return _back_to_record(request, family, "#consent")
    return render(
        request,
        "families/consent_withdraw.html",
        {
            "family": family,
            "consent": consent,
            "form": form,
            "effect": consent_withdrawal_effect(consent, now=now),
        },
    )


@login_required
def override_new(request: HttpRequest, pk) -> HttpResponse:
    now = timezone.now()
    family = family_get_for_override(request.user, pk, now=now)
    form = OverrideForm(_posted(request), organisations=organisations_involved(family, now=now))
    if request.method == "POST" and form.is_valid():
        try:
            services.safeguarding_override_grant(
                family=family, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("reason", error)
        except PermissionDenied as error:
            form.add_error(None, error.args[0] if error.args else _("You may not do this."))
        else:
            messages.success(request, _("The record is shared without consent and flagged"))
            return _back_to_record(request, family)
    return render(
        request,
        "families/override_form.html",
        {
            "family": family,
            "form": form,
            "shows_people": can_see(request.user, family, kind=RecordKind.PEOPLE, now=now),
        },
    )
