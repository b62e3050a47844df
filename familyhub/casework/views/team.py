"""The Team Around the Family pages: who is in the team (add, remove) and its meetings."""

import contextlib

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Membership
from familyhub.casework import rules
from familyhub.casework.models import Episode, TeamMember
from familyhub.casework.services import team as services
from familyhub.casework.views.episodes import _errors_to_form, episode_for
from familyhub.families.forms import DATE_INPUT_FORMATS
from familyhub.families.rules import CASEWORK_ROLES


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        user = membership.user
        return f"{user.get_full_name() or user.email} ({membership.organisation})"


class TeamMemberForm(forms.Form):
    membership = WorkerChoiceField(
        label=_("Who is joining the team?"),
        help_text=_(
            "Their organisation will be involved with the family, and see the record only as "
            "far as the family agreed to share it."
        ),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a worker"),
        error_messages={"required": _("Choose who is joining the team")},
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        in_team = episode.team.filter(left_on__isnull=True).values("worker_id")
        self.fields["membership"].queryset = (
            Membership.objects.filter(
                role__in=CASEWORK_ROLES,
                organisation__local_authority_id=episode.local_authority_id,
            )
            .exclude(user_id__in=in_team)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__first_name", "user__last_name")
        )


class AttendeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member: TeamMember) -> str:
        return f"{member.worker.get_full_name() or member.worker.email} ({member.organisation})"


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the meeting"),
        help_text=_("For example, 27/3/2025"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the date of the meeting"),
            "invalid": _("Enter a real date, for example 27/3/2025"),
        },
    )
    attended = AttendeeChoiceField(
        label=_("Who from the team came?"),
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    family_attended = forms.TypedChoiceField(
        label=_("Did the family come?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the family came")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = episode.team.filter(left_on__isnull=True).select_related(
            "worker", "organisation"
        )


@login_required
def team(request: HttpRequest, pk) -> HttpResponse:
    episode = episode_for(request.user, pk)
    may_manage = rules.may_manage_team(request.user, episode)
    form = (
        TeamMemberForm(request.POST if request.method == "POST" else None, episode=episode)
        if may_manage
        else None
    )
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            membership = form.cleaned_data["membership"]
            try:
                services.team_member_add(
                    episode=episode,
                    worker=membership.user,
                    organisation=membership.organisation,
                    by=request.user,
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect("casework:team", pk=episode.pk)
    members = list(episode.team.select_related("worker", "organisation").order_by("joined_on"))
    return render(
        request,
        "casework/team.html",
        {
            "episode": episode,
            "family": episode.family,
            "form": form,
            "current_team": [m for m in members if m.left_on is None],
            "past_team": [m for m in members if m.left_on is not None],
            "may_manage": may_manage,
            "may_work_on": rules.may_work_on(request.user, episode),
        },
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, pk, member_pk: int) -> HttpResponse:
    episode = episode_for(request.user, pk)
    member = get_object_or_404(episode.team, pk=member_pk)
    if not rules.may_manage_team(request.user, episode):
        raise PermissionDenied
    # Already left, or the lead: either way the page shows the team as it is.
    with contextlib.suppress(ValidationError):
        services.team_member_remove(member=member, by=request.user)
    return redirect("casework:team", pk=episode.pk)


@login_required
def team_meeting(request: HttpRequest, pk) -> HttpResponse:
    episode = episode_for(request.user, pk)
    if not rules.may_work_on(request.user, episode):
        raise PermissionDenied
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        episode=episode,
        initial={"held_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                episode=episode,
                held_on=form.cleaned_data["held_on"],
                attended=list(form.cleaned_data["attended"]),
                family_attended=form.cleaned_data["family_attended"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request,
        "casework/team_meeting.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
