"""Episode pages: the episode itself, its handover summary, and the changes of state (step up,
step down, close, reassign). A user who may not see the episode gets 404; one who may see it
but not make the change gets 403. Every page read is on the audit trail."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Membership, Role
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework import rules
from familyhub.casework.models import Episode, EpisodeEvent, PlanNeed, TeamMember
from familyhub.casework.services import episodes as services
from familyhub.families.rules import RecordKind
from familyhub.families.selectors import family_get_for_user


def episode_for(user, pk) -> Episode:
    """The episode, if the user may see it; 404 (not 403) otherwise, so it is not even known."""
    return get_object_or_404(
        rules.episodes_visible_to(user, now=timezone.now()).select_related(
            "family", "lead_professional", "lead_organisation", "family_adviser"
        ),
        pk=pk,
    )


def _audit_view(user, episode: Episode, page: str) -> None:
    audit_record(actor=user, action=AuditEvent.Action.VIEW, record=episode, details={"page": page})


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


class LeadChoiceField(forms.ModelChoiceField):
    """A lead professional, chosen with their organisation (a staff membership)."""

    def label_from_instance(self, membership: Membership) -> str:
        user = membership.user
        return f"{user.get_full_name() or user.email} ({membership.organisation})"


def lead_memberships(local_authority_id):
    return (
        Membership.objects.filter(
            role=Role.LEAD_PROFESSIONAL, organisation__local_authority_id=local_authority_id
        )
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "organisation__name")
    )


@login_required
def episode_list(request: HttpRequest) -> HttpResponse:
    """Open episodes the user leads or is in the team of; a locality manager sees all the open
    episodes they may see."""
    visible = rules.episodes_visible_to(request.user, now=timezone.now()).filter(
        status=Episode.Status.OPEN
    )
    manages = request.user.memberships.filter(role=Role.LOCALITY_MANAGER).exists()
    if not manages:
        visible = visible.filter(team__worker=request.user, team__left_on__isnull=True).distinct()
    episodes = list(
        visible.select_related("family", "lead_professional", "lead_organisation").order_by(
            "next_review_due", "opened_on"
        )[:200]
    )
    return render(request, "casework/episode_list.html", {"episodes": episodes})


@login_required
def episode_detail(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = episode_for(request.user, pk)
        _audit_view(request.user, episode, "episode")
        team = list(episode.team.select_related("worker", "organisation").order_by("joined_on"))
        meetings = list(episode.meetings.prefetch_related("attended__worker"))
        events = list(episode.events.select_related("by"))
    return render(
        request,
        "casework/episode.html",
        {
            "episode": episode,
            "family": episode.family,
            "current_team": [m for m in team if m.left_on is None],
            "past_team": [m for m in team if m.left_on is not None],
            "meetings": meetings,
            "events": events,
            "may_run": rules.may_run(request.user, episode),
            "may_work_on": rules.may_work_on(request.user, episode),
            "may_reassign": rules.may_reassign(request.user, episode),
        },
    )


@login_required
def episode_handover(request: HttpRequest, pk, event_pk: int) -> HttpResponse:
    """The handover summary given to children's social care, printable."""
    with transaction.atomic():
        episode = episode_for(request.user, pk)
        event = get_object_or_404(
            episode.events.select_related("by"), pk=event_pk, kind=EpisodeEvent.Kind.STEPPED_UP
        )
        _audit_view(request.user, episode, "handover")
    return render(request, "casework/episode_handover.html", {"episode": episode, "event": event})


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the family need children's social care?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the family needs children's social care")},
    )


@login_required
def step_up(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = episode_for(request.user, pk)
        if not rules.may_run(request.user, episode):
            raise PermissionDenied
        _audit_view(request.user, episode, "step-up")
        summary = services.handover_summary(episode)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.episode_step_up(
                episode=episode, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("casework:handover", pk=episode.pk, event_pk=event.pk)
    return render(
        request,
        "casework/step_up.html",
        {"episode": episode, "family": episode.family, "form": form, "summary": summary},
    )


class StepDownForm(forms.Form):
    lead = LeadChoiceField(
        label=_("Lead professional"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a lead professional"),
        error_messages={"required": _("Choose the lead professional")},
    )
    reason = forms.CharField(
        label=_("Why is the family being stepped down into early help?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the family is being stepped down into early help")},
    )

    def __init__(self, *args, local_authority_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = lead_memberships(local_authority_id)


@login_required
def step_down(request: HttpRequest, family_pk) -> HttpResponse:
    """From a family's record: children's social care steps the family down into early help."""
    family = family_get_for_user(
        request.user, family_pk, kind=RecordKind.PEOPLE, now=timezone.now()
    )
    if not rules.may_step_down(request.user, family.local_authority_id):
        raise PermissionDenied
    form = StepDownForm(
        request.POST if request.method == "POST" else None,
        local_authority_id=family.local_authority_id,
    )
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["lead"]
        try:
            episode = services.episode_step_down(
                family=family,
                lead_professional=membership.user,
                lead_organisation=membership.organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    current = family.episodes.filter(status=Episode.Status.OPEN).first()
    return render(
        request, "casework/step_down.html", {"family": family, "form": form, "current": current}
    )


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member: TeamMember) -> str:
        return f"{member.worker.get_full_name() or member.worker.email} ({member.organisation})"


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the episode closing?"),
        choices=Episode.ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the episode is closing")},
    )
    family_adviser = AdviserChoiceField(
        label=_("Family adviser"),
        help_text=_(
            "The family keeps this person as a named contact. Their organisation stays "
            "involved with the family; the rest of the team's involvement ends."
        ),
        queryset=TeamMember.objects.none(),
        empty_label=_("Choose a family adviser"),
        error_messages={"required": _("Choose the family adviser")},
    )

    def __init__(self, *args, episode: Episode, needs: list[PlanNeed], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"need_{need.pk}"] = forms.ChoiceField(
                label=f"{need.get_outcome_display()}: {need.description}",
                choices=PlanNeed.Result.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a result for “%(need)s”")
                    % {"need": need.get_outcome_display()}
                },
            )
        self.fields["family_adviser"].queryset = episode.team.filter(
            left_on__isnull=True
        ).select_related("worker", "organisation")
        if not self.is_bound:
            self.initial["family_adviser"] = episode.team.filter(
                worker_id=episode.lead_professional_id
            ).first()

    def need_fields(self):
        return [self[f"need_{need.pk}"] for need in self.needs]


@login_required
def close(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = episode_for(request.user, pk)
        if not rules.may_run(request.user, episode):
            raise PermissionDenied
        _audit_view(request.user, episode, "close")
        needs = list(episode.needs.order_by("pk"))
    form = CloseForm(
        request.POST if request.method == "POST" else None, episode=episode, needs=needs
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                episode=episode,
                by=request.user,
                reason=form.cleaned_data["reason"],
                results={need.pk: form.cleaned_data[f"need_{need.pk}"] for need in needs},
                family_adviser=form.cleaned_data["family_adviser"].worker,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request, "casework/close.html", {"episode": episode, "family": episode.family, "form": form}
    )


class ReassignForm(forms.Form):
    lead = LeadChoiceField(
        label=_("New lead professional"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a lead professional"),
        error_messages={"required": _("Choose the new lead professional")},
    )
    reason = forms.CharField(
        label=_("Why is the lead professional changing?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the lead professional is changing")},
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = lead_memberships(episode.local_authority_id).exclude(
            user_id=episode.lead_professional_id
        )


@login_required
def reassign(request: HttpRequest, pk) -> HttpResponse:
    episode = episode_for(request.user, pk)
    if not rules.may_reassign(request.user, episode):
        raise PermissionDenied
    form = ReassignForm(request.POST if request.method == "POST" else None, episode=episode)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["lead"]
        try:
            services.episode_reassign(
                episode=episode,
                lead_professional=membership.user,
                lead_organisation=membership.organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request,
        "casework/episode_reassign.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
