"""The family plan page (needs by outcome, progress against baseline, actions and who owns them)
and the review page. Sight follows the family record: an episode the user may not see is a 404;
one they may see but not work on is a 403."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode, Outcome, PlanAction, PlanNeed, TeamMember
from familyhub.casework.rules import (
    is_lead,
    may_read_casework,
    may_run,
    may_set_review_interval,
    may_work_on,
)
from familyhub.casework.selectors import current_team, plan_needs
from familyhub.casework.services import plan as plan_services
from familyhub.families.forms import DATE_INPUT_FORMATS
from familyhub.families.rules import RecordKind, can_see

SCORE_HINT = _lazy("1 means no worries, 10 means very worried")


def _score_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=plan_services.SCORE_MIN,
        max_value=plan_services.SCORE_MAX,
        help_text=SCORE_HINT,
        error_messages={
            "required": _lazy("Enter a score from 1 to 10"),
            "invalid": _lazy("Enter a score from 1 to 10"),
            "min_value": _lazy("Enter a score from 1 to 10"),
            "max_value": _lazy("Enter a score from 1 to 10"),
        },
        **kwargs,
    )


def _date_field(label, required_message) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=_lazy("For example, 27/3/2026"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": _lazy("Enter a real date, for example 27/3/2026"),
        },
    )


class NeedForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_lazy("Outcome"),
        choices=[("", _lazy("Choose an outcome")), *Outcome.choices],
        error_messages={"required": _lazy("Choose the outcome this need is about")},
    )
    description = forms.CharField(
        label=_lazy("What the need is"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Describe the need")},
    )
    baseline_score = _score_field(_lazy("How worried the family and team are now"))


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanNeed) -> str:
        return f"{obj.get_outcome_display()}: {obj.description[:60]}"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj.worker.get_full_name() or obj.worker.email} ({obj.organisation.name})"


class ActionForm(forms.Form):
    need = NeedChoiceField(
        label=_lazy("Need"),
        queryset=PlanNeed.objects.none(),
        empty_label=_lazy("Choose a need"),
        error_messages={"required": _lazy("Choose the need this action is for")},
    )
    description = forms.CharField(
        label=_lazy("What will be done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Describe the action")},
    )
    owner = OwnerChoiceField(
        label=_lazy("Who will do it"),
        queryset=TeamMember.objects.none(),
        empty_label=_lazy("Choose someone in the team"),
        error_messages={"required": _lazy("Choose who will do it")},
    )
    due_on = _date_field(_lazy("Do it by"), _lazy("Enter the date it should be done by"))

    def __init__(self, *args, episode: Episode, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = episode.needs.order_by("outcome", "pk")
        self.fields["owner"].queryset = owners


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_lazy("Status"),
        choices=PlanAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _lazy("Choose the status of the action")},
    )
    update = forms.CharField(
        label=_lazy("Update (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntervalForm(forms.Form):
    weeks = forms.IntegerField(
        label=_lazy("Weeks between reviews"),
        min_value=plan_services.INTERVAL_MIN_WEEKS,
        max_value=plan_services.INTERVAL_MAX_WEEKS,
        help_text=_lazy("From 2 to 26 weeks"),
        error_messages={
            "required": _lazy("Enter the number of weeks between reviews"),
            "invalid": _lazy("Enter a number of weeks from 2 to 26"),
            "min_value": _lazy("Enter a number of weeks from 2 to 26"),
            "max_value": _lazy("Enter a number of weeks from 2 to 26"),
        },
    )


class ReviewForm(forms.Form):
    held_on = _date_field(_lazy("Date of the review"), _lazy("Enter the date of the review"))
    summary = forms.CharField(
        label=_lazy("What the review agreed (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, needs: list[PlanNeed], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"score_{need.pk}"] = _score_field(
                f"{need.get_outcome_display()}: {need.description}"
            )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("The date of the review must be today or in the past"))
        return held_on

    def score_fields(self):
        return [(need, self[f"score_{need.pk}"]) for need in self.needs]

    def scores(self) -> dict[int, int]:
        return {need.pk: self.cleaned_data[f"score_{need.pk}"] for need in self.needs}


def _episode_or_404(request: HttpRequest, pk) -> Episode:
    """The episode, if the user may see it (episodes_visible_to: sight of its family's people).

    Asked as "may they see this family" by the family's key rather than by filtering every
    visible episode: the same rule, which SQLite otherwise plans as a scan of all families."""
    episode = get_object_or_404(
        Episode.objects.select_related(
            "family", "lead_professional", "lead_organisation", "locality"
        ),
        pk=pk,
    )
    if not can_see(request.user, episode.family, kind=RecordKind.PEOPLE, now=timezone.now()):
        raise Http404
    return episode


def _need_rows(needs: list[PlanNeed], today: dt.date) -> list[dict]:
    """Needs grouped by outcome, each with its progress and its actions (overdue marked)."""
    labels = dict(Outcome.choices)
    groups: dict[str, dict] = {}
    for need in needs:
        latest = plan_services.latest_score(need)
        current = latest if latest is not None else need.baseline_score
        span = plan_services.SCORE_MAX - plan_services.SCORE_MIN
        row = {
            "need": need,
            "progress": plan_services.progress(need),
            "latest": latest,
            "change": plan_services.change(need),
            "worse_by": -(plan_services.change(need) or 0),
            # The bar fills as worry falls: 10 (severe) is empty, 1 (no worries) is full.
            "bar_percent": round(100 * (plan_services.SCORE_MAX - current) / span),
            "actions": [
                (action, plan_services.is_overdue(action, today)) for action in need.actions.all()
            ],
        }
        groups.setdefault(need.outcome, {"label": labels[need.outcome], "needs": []})
        groups[need.outcome]["needs"].append(row)
    return list(groups.values())


@login_required
def plan(request: HttpRequest, pk) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    if not may_read_casework(request.user, episode):
        raise PermissionDenied
    user = request.user
    lead = is_lead(user, episode)
    may_work = may_work_on(user, episode)
    team = current_team(episode)
    mine = next((m for m in team if m.worker_id == user.pk), None)
    owners_ids = [m.pk for m in team] if lead else ([mine.pk] if mine else [])
    owners = TeamMember.objects.filter(pk__in=owners_ids).select_related("worker", "organisation")
    here = reverse("casework:plan", args=[episode.pk])

    need_form = NeedForm(prefix="need")
    action_form = ActionForm(prefix="action", episode=episode, owners=owners)
    interval_form = IntervalForm(
        prefix="interval", initial={"weeks": episode.review_interval_weeks}
    )
    update_forms: dict[int, ActionUpdateForm] = {}

    if request.method == "POST":
        which = request.POST.get("form")
        if which == "need":
            if not may_work:
                raise PermissionDenied
            need_form = NeedForm(request.POST, prefix="need")
            if need_form.is_valid():
                plan_services.need_add(episode, by=user, **need_form.cleaned_data)
                messages.success(request, _("Need added to the plan"))
                return redirect(here)
        elif which == "action":
            if not may_work or not owners_ids:
                raise PermissionDenied
            action_form = ActionForm(request.POST, prefix="action", episode=episode, owners=owners)
            if action_form.is_valid():
                data = action_form.cleaned_data
                plan_services.action_add(
                    data["need"],
                    description=data["description"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    by=user,
                )
                messages.success(request, _("Action added to the plan"))
                return redirect(here)
        elif which == "update":
            action_id = request.POST.get("action", "")
            action = get_object_or_404(
                PlanAction.objects.select_related("need__episode", "owner"),
                pk=int(action_id) if action_id.isdigit() else 0,
                need__episode=episode,
            )
            form = ActionUpdateForm(request.POST, prefix=f"update-{action.pk}")
            if form.is_valid():
                plan_services.action_update(action, by=user, **form.cleaned_data)
                messages.success(request, _("Action updated"))
                return redirect(here)
            if not (lead or (mine and action.owner_id == mine.pk)):
                raise PermissionDenied
            update_forms[action.pk] = form
        elif which == "interval":
            if not may_set_review_interval(user, episode):
                raise PermissionDenied
            interval_form = IntervalForm(request.POST, prefix="interval")
            if interval_form.is_valid():
                plan_services.episode_review_interval_set(
                    episode, weeks=interval_form.cleaned_data["weeks"], by=user
                )
                messages.success(request, _("Time between reviews changed"))
                return redirect(here)
        else:
            return redirect(here)

    today = timezone.localdate()
    with transaction.atomic():
        needs = plan_needs(episode)
        audit_record(
            actor=user, action=AuditEvent.Action.VIEW, record=episode, details={"page": "plan"}
        )
        reviews = list(episode.reviews.all()[:5])
    groups = _need_rows(needs, today)
    # An update form for each action the user may keep up to date: their own, or all for the lead.
    for group in groups:
        for row in group["needs"]:
            row["actions"] = [
                (
                    action,
                    overdue,
                    update_forms.get(action.pk)
                    or (
                        ActionUpdateForm(
                            prefix=f"update-{action.pk}",
                            initial={"status": action.status, "update": action.update},
                        )
                        if may_work and (lead or (mine and action.owner_id == mine.pk))
                        else None
                    ),
                )
                for action, overdue in row["actions"]
            ]
    errors = need_form.errors or action_form.errors or interval_form.errors or update_forms
    return render(
        request,
        "casework/plan.html",
        {
            "episode": episode,
            "family": episode.family,
            "groups": groups,
            "team": team,
            "reviews": reviews,
            "review_overdue": plan_services.review_is_overdue(episode, today),
            "need_form": need_form,
            "action_form": action_form,
            "interval_form": interval_form,
            "may_work": may_work,
            "may_add_actions": may_work and bool(owners_ids) and bool(needs),
            "may_review": may_run(user, episode),
            "may_set_interval": may_set_review_interval(user, episode),
            "has_errors": bool(errors),
        },
    )


@login_required
def review(request: HttpRequest, pk) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    if not may_run(request.user, episode):
        raise PermissionDenied
    needs = list(episode.needs.order_by("outcome", "pk"))
    form = ReviewForm(request.POST or None, needs=needs, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        plan_services.review_record(
            episode,
            held_on=form.cleaned_data["held_on"],
            scores=form.scores(),
            summary=form.cleaned_data["summary"],
            by=request.user,
        )
        messages.success(request, _("Review recorded"))
        return redirect("casework:plan", episode.pk)
    return render(
        request,
        "casework/review.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
