"""The Early Help Assessment pages: the shared form (saved by a button that works without
JavaScript, autosaved with it), completion, and the printable PDFs for the family.

Nothing typed may be lost: a save from an older version is refused and shown side by side with
the colleague's saved version, the editor's own text kept in the form to save again.

Who: the episode must be visible to the user (else 404). The lead professional and the team edit
(may_work_on); the lead or a locality manager completes (may_run); those and any locality manager
of the council read it and print it. Anyone else who can see the family gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework import pdf
from familyhub.casework.forms.assessment import AssessmentForm, sign_values
from familyhub.casework.models import Assessment, Episode
from familyhub.casework.rules import (
    may_complete_assessment,
    may_edit_assessment,
    may_read_casework,
    may_run,
    may_start_assessment,
    may_work_on,
)
from familyhub.casework.selectors import episode_get_for_user
from familyhub.casework.services.assessment import (
    AssessmentConflict,
    AssessmentIncomplete,
    AssessmentNotEditable,
    assessment_complete,
    assessment_save,
    assessment_start,
    assessment_values,
    audit_assessment,
    current_assessment,
    merge_after_conflict,
    voice_children,
)

# Seconds between autosaves; the page passes it to casework-autosave.mjs as a data attribute.
AUTOSAVE_SECONDS = 20


def _readable_episode(request: HttpRequest, pk) -> Episode:
    episode = episode_get_for_user(request.user, pk)
    if not may_read_casework(request.user, episode):
        raise PermissionDenied
    return episode


def _draft(episode: Episode) -> Assessment:
    assessment = current_assessment(episode)
    if assessment is None or assessment.status != Assessment.Status.DRAFT:
        raise Http404("No draft assessment")
    return assessment


def _form_for(assessment: Assessment, data=None) -> AssessmentForm:
    values = assessment_values(assessment)
    return AssessmentForm(
        data,
        children=voice_children(assessment),
        initial={
            **values,
            "base_version": assessment.version,
            "base_values": sign_values(values),
        },
    )


def display(key: str, value) -> str:
    """A value as words, for the conflict panel and the read-only summary."""
    if key.endswith("__score"):
        return str(value) if value else _("Not scored yet")
    if key == "consent_recorded":
        return _("Yes") if value else _("No")
    return value or _("(nothing written)")


def _summary(form: AssessmentForm, values: dict) -> dict:
    def rows(fields):
        return [(field.label, display(field.name, values.get(field.name))) for field in fields]

    return {
        "sections": [
            {
                "label": section["label"],
                "areas": [
                    {
                        "label": item["area"].label,
                        "rows": rows([item["strengths"], item["needs"], item["score"]]),
                    }
                    for item in section["areas"]
                ],
            }
            for section in form.sections()
        ],
        "voices": rows([*form.voice_fields(), form["voice_of_parents"]]),
        "closing": rows([form["analysis"], form["consent_recorded"]]),
    }


def _conflict_context(exc: AssessmentConflict, form: AssessmentForm) -> tuple[dict, dict]:
    """The conflict panel's context, and what the form should hold now."""
    merged, rows = merge_after_conflict(base=form.base(), mine=form.values(), theirs=exc.current)
    for row in rows:
        row.label = form.full_labels.get(row.key, row.key)
        row.field_id = form[row.key].auto_id if row.key in form.fields else ""
        row.theirs_display = display(row.key, row.theirs)
        row.yours_display = display(row.key, row.yours)
    conflict = {
        "saved_by": exc.saved_by,
        "saved_at": timezone.localtime(exc.saved_at),
        "version": exc.version,
        "rows": rows,
    }
    initial = {**merged, "base_version": exc.version, "base_values": sign_values(exc.current)}
    return conflict, initial


def _page(request, episode, assessment, *, form=None, conflict=None, problems=None, status=200):
    if assessment is not None and form is None:
        form = _form_for(assessment)
    context = {
        "episode": episode,
        "family": episode.family,
        "assessment": assessment,
        "form": form,
        "editable": may_edit_assessment(request.user, episode, assessment),
        "may_start": may_start_assessment(request.user, episode, assessment),
        "may_complete": may_complete_assessment(request.user, episode, assessment),
        "conflict": conflict,
        "problems": problems or [],
        "autosave_seconds": AUTOSAVE_SECONDS,
        "values": assessment_values(assessment) if assessment else {},
    }
    if assessment is not None and form is not None:
        context["sections"] = form.sections()
        context["summary"] = _summary(form, context["values"])
    return render(request, "casework/assessment.html", context, status=status)


@login_required
def assessment_page(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    if request.method == "POST":
        if not may_work_on(request.user, episode):
            raise PermissionDenied
        if request.POST.get("action") == "start":
            assessment_start(episode, request.user)
            return redirect("casework:assessment", pk=episode.pk)
        return _save(request, episode)
    with transaction.atomic():
        assessment = current_assessment(episode)
        if assessment is not None:
            audit_assessment(by=request.user, action=AuditEvent.Action.VIEW, assessment=assessment)
    return _page(request, episode, assessment)


def _bound(request: HttpRequest, assessment: Assessment) -> AssessmentForm:
    return AssessmentForm(request.POST, children=voice_children(assessment))


def _save(request: HttpRequest, episode: Episode) -> HttpResponse:
    assessment = _draft(episode)
    form = _bound(request, assessment)
    if not form.is_valid():
        return _page(request, episode, assessment, form=form, status=400)
    try:
        assessment_save(
            assessment=assessment,
            base_version=form.cleaned_data["base_version"],
            changes=form.changes(),
            by=request.user,
        )
    except AssessmentConflict as exc:
        conflict, initial = _conflict_context(exc, form)
        assessment.refresh_from_db()
        form = AssessmentForm(children=voice_children(assessment), initial=initial)
        return _page(request, episode, assessment, form=form, conflict=conflict, status=409)
    except AssessmentNotEditable as exc:
        messages.error(request, str(exc))
        return redirect("casework:assessment", pk=episode.pk)
    messages.success(request, _("Your changes to the assessment are saved."))
    return redirect("casework:assessment", pk=episode.pk)


@login_required
@require_POST
def assessment_autosave(request: HttpRequest, pk) -> JsonResponse:
    """The autosave: the whole form by fetch; JSON back. 409 with both versions on a conflict."""
    episode = _readable_episode(request, pk)
    if not may_work_on(request.user, episode):
        raise PermissionDenied
    assessment = _draft(episode)
    form = _bound(request, assessment)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        saved = assessment_save(
            assessment=assessment,
            base_version=form.cleaned_data["base_version"],
            changes=form.changes(),
            by=request.user,
        )
    except AssessmentConflict as exc:
        conflict, initial = _conflict_context(exc, form)
        html = render_to_string(
            "casework/assessment_conflict.html", {"conflict": conflict}, request=request
        )
        merged = {key: initial[key] for key in form.values()}
        return JsonResponse(
            {
                "conflict": {
                    "saved_by": str(exc.saved_by),
                    "saved_at": conflict["saved_at"].isoformat(),
                    "version": exc.version,
                    "fields": [row.key for row in conflict["rows"]],
                    "html": html,
                    "base_values": initial["base_values"],
                    "merged": {k: "" if v is None else v for k, v in merged.items()},
                }
            },
            status=409,
        )
    except AssessmentNotEditable as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    saved_at = timezone.localtime(saved.updated_at)
    return JsonResponse(
        {
            "version": saved.version,
            "saved_at": saved_at.isoformat(),
            "saved_at_display": time_format(saved_at, "H:i"),
            "base_values": sign_values(assessment_values(saved)),
        }
    )


@login_required
@require_POST
def assessment_complete_view(request: HttpRequest, pk) -> HttpResponse:
    """Complete: from the page's form, so whatever the lead typed is saved first."""
    episode = _readable_episode(request, pk)
    if not may_run(request.user, episode):
        raise PermissionDenied
    assessment = _draft(episode)
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = 0
    if may_work_on(request.user, episode) and "analysis" in request.POST:
        form = _bound(request, assessment)
        if not form.is_valid():
            return _page(request, episode, assessment, form=form, status=400)
        try:
            assessment = assessment_save(
                assessment=assessment,
                base_version=form.cleaned_data["base_version"],
                changes=form.changes(),
                by=request.user,
            )
        except AssessmentConflict as exc:
            conflict, initial = _conflict_context(exc, form)
            form = AssessmentForm(children=voice_children(assessment), initial=initial)
            return _page(request, episode, assessment, form=form, conflict=conflict, status=409)
        base_version = assessment.version
    try:
        assessment_complete(assessment, base_version, request.user)
    except AssessmentConflict:
        messages.error(
            request,
            _("Somebody saved the assessment since you opened it. Check it before completing."),
        )
        return redirect("casework:assessment", pk=episode.pk)
    except AssessmentIncomplete as exc:
        assessment.refresh_from_db()
        return _page(request, episode, assessment, problems=exc.problems, status=400)
    except AssessmentNotEditable as exc:
        messages.error(request, str(exc))
        return redirect("casework:assessment", pk=episode.pk)
    messages.success(request, _("The assessment is completed."))
    return redirect("casework:assessment", pk=episode.pk)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept in a shared cache
    return response


@login_required
def assessment_pdf(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    with transaction.atomic():
        assessment = current_assessment(episode)
        if assessment is None:
            raise Http404("No assessment yet")
        content = pdf.assessment_pdf(assessment)
        audit_assessment(
            by=request.user, action=AuditEvent.Action.EXPORT, assessment=assessment, pdf=True
        )
    return _pdf_response(content, f"{episode.family.reference}-assessment.pdf")


@login_required
def plan_pdf(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    with transaction.atomic():
        content = pdf.plan_pdf(episode)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            record=episode,
            details={"pdf": "plan"},
        )
    return _pdf_response(content, f"{episode.family.reference}-plan.pdf")
