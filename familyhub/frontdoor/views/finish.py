"""The start page, coming back, check your answers, sending, and what happens next."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from familyhub.frontdoor import forms as questions
from familyhub.frontdoor import rules, services
from familyhub.frontdoor.forms import LanguageForm
from familyhub.frontdoor.journey import ASKER_CHOICES, HELP_CHOICES
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.selectors import request_extra, request_missing_step, request_people
from familyhub.frontdoor.views.base import private, request_or_404, step_url, with_draft
from familyhub.notifications.notify import SMS, sends_by


def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontdoor/start.html",
        {
            "social_care_phone": services.social_care_phone(),
            "draft_days": rules.DRAFT_LIFETIME.days,
        },
    )


# What a sent request's status means to a family (the model's labels are for staff).
FAMILY_STATUS = {
    SupportRequest.Status.NEW: gettext_lazy("We have your request. Someone will contact you soon."),
    SupportRequest.Status.SIGNPOSTED: gettext_lazy(
        "We have told you about services that can help."
    ),
    SupportRequest.Status.ALLOCATED: gettext_lazy("A Family Hub team is helping you."),
    SupportRequest.Status.HANDED_OVER: gettext_lazy("Children's social care is helping you."),
    SupportRequest.Status.REFERRED: gettext_lazy("We have asked a service to help you."),
}


@private
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Where the family's link lands: their request's status once sent, else the next question."""
    found = request_or_404(token)
    if found.status != SupportRequest.Status.DRAFT:
        return render(
            request,
            "frontdoor/status.html",
            {"support_request": found, "status_text": FAMILY_STATUS.get(found.status, "")},
        )
    if rules.draft_is_expired(found.created, timezone.now()):
        return render(request, "frontdoor/expired.html", status=410)
    return redirect(step_url(found, request_missing_step(found) or "check"))


def _resume_url(request: HttpRequest, draft: SupportRequest) -> str:
    return request.build_absolute_uri(services.resume_link(draft))


@with_draft
def check(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    missing = request_missing_step(draft)
    form = questions.SubmitForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST":
        if missing:
            return redirect(step_url(draft, missing))
        services.submission_key_issue(draft)
        if form.is_valid():
            try:
                sent = services.request_submit(
                    request=draft,
                    submission_key=form.cleaned_data["submission_key"],
                    resume_url=_resume_url(request, draft),
                )
            except services.SubmissionKeyMismatch:
                problem = "changed"
            except services.RequestIncomplete as incomplete:
                return redirect(step_url(draft, incomplete.step))
            else:
                return redirect("frontdoor:sent", token=sent.resume_token)
        else:
            problem = "changed"
    # A fresh form each time: it carries the key of the answers shown on this page.
    form = questions.SubmitForm(initial={"submission_key": draft.submission_key})
    return render(
        request,
        "frontdoor/check.html",
        {
            "draft": draft,
            "form": form,
            "problem": problem,
            "missing": missing,
            "missing_url": step_url(draft, missing) if missing else "",
            "people": request_people(draft),
            "back_url": step_url(draft, "sharing"),
        }
        | _answer_texts(draft),
    )


def _answer_texts(draft: SupportRequest) -> dict[str, str]:
    """The answers as the family would say them, for check your answers."""
    extra = request_extra(draft)
    helps = [str(label) for key, label in HELP_CHOICES if key in extra.help]
    if extra.help_other:
        helps.append(extra.help_other)
    detail = {
        SupportRequest.Contact.PHONE: draft.phone,
        SupportRequest.Contact.TEXT: draft.phone,
        SupportRequest.Contact.EMAIL: draft.email,
        SupportRequest.Contact.LETTER: _("To your address"),
    }.get(draft.contact_method, "")
    contact = f"{draft.get_contact_method_display()}\n{detail}" if draft.contact_method else ""
    address = [draft.address_1, draft.address_2, draft.city, draft.postcode]
    languages = dict(LanguageForm.base_fields["language"].choices)
    language = ""
    if draft.language_id:
        language = str(languages.get(draft.language_id, draft.language.name))
        language += "\n" + str(
            _("Needs an interpreter") if draft.interpreter else _("Does not need an interpreter")
        )
    return {
        "asker_text": str(dict(ASKER_CHOICES).get(extra.asker, "")),
        "help_text": "\n".join(helps),
        "contact_text": contact,
        "address_text": "\n".join(line for line in address if line),
        "language_text": language,
    }


@private
def sent(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation: also what a double click or a resubmission ends up seeing."""
    found = request_or_404(token)
    if found.status == SupportRequest.Status.DRAFT:
        return redirect(step_url(found, "check"))
    return render(
        request,
        "frontdoor/sent.html",
        {
            "support_request": found,
            "confirmation": rules.confirmation_route(
                contact_method=found.contact_method,
                phone=found.phone,
                email=found.email,
                texts_possible=sends_by(SMS),
            ),
            "resume_url": _resume_url(request, found),
            "days": rules.FIRST_CONTACT_WORKING_DAYS,
            "social_care_phone": services.social_care_phone(),
        },
    )


def _email_link_rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMIT_EMAIL_LINK


# Emailing the link is limited per client address (settings.RATE_LIMIT_EMAIL_LINK): the form
# sends an email to any address typed into it.
@ratelimit(key="ip", rate=_email_link_rate, method="POST")
@with_draft
def save(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    """Save and come back later: the link, and an offer to email it."""
    resume_url = _resume_url(request, draft)
    expires = timezone.localdate(rules.draft_expires_at(draft.created))
    form = questions.EmailLinkForm(
        request.POST if request.method == "POST" else None, initial={"email": draft.email}
    )
    emailed = ""
    if request.method == "POST" and form.is_valid():
        emailed = form.cleaned_data["email"]
        services.resume_link_send(draft, to=emailed, link=resume_url, expires=expires)
        form = questions.EmailLinkForm(initial={"email": emailed})
    return render(
        request,
        "frontdoor/save.html",
        {
            "draft": draft,
            "form": form,
            "resume_url": resume_url,
            "expires": expires,
            "emailed": emailed,
            "back_url": services.resume_link(draft),
        },
    )
