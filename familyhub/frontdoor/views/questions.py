"""The one-question pages: each saves its answer to the draft as soon as it is sent."""

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from familyhub.frontdoor import forms as questions
from familyhub.frontdoor import services
from familyhub.frontdoor.journey import step_after
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.selectors import MAIN_LANGUAGES, language_get, request_extra
from familyhub.frontdoor.views.base import (
    back_url,
    go_on,
    is_returning,
    private,
    step_url,
    with_draft,
)


def _bound(request: HttpRequest, form_class: type[forms.Form], initial: dict) -> forms.Form:
    return form_class(request.POST if request.method == "POST" else None, initial=initial)


def ask(
    request: HttpRequest,
    draft: SupportRequest | None,
    *,
    step: str,
    form: forms.Form,
    save: Callable[[forms.Form], SupportRequest],
    template: str = "frontdoor/question.html",
    **context: object,
) -> HttpResponse:
    """Show a question; on a good answer save it and move on, on a bad one show why."""
    if request.method == "POST":
        if form.is_valid():
            draft = save(form)
            return go_on(request, draft, step_after(step))
        # "Save and come back later" never traps a family behind an error on this page.
        if "save_later" in request.POST and draft is not None:
            return redirect(step_url(draft, "save"))
    return render(
        request,
        template,
        {"form": form, "draft": draft, "step": step, "back_url": back_url(request, draft, step)}
        | context,
    )


@private
def who_new(request: HttpRequest) -> HttpResponse:
    """The first question, before there is a draft: answering it creates one."""
    form = _bound(request, questions.AskerForm, {})
    return ask(
        request,
        None,
        step="who",
        form=form,
        save=lambda f: services.draft_start(asker=f.cleaned_data["asker"]),
    )


@with_draft
def who(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    form = _bound(request, questions.AskerForm, {"asker": request_extra(draft).asker})
    return ask(
        request,
        draft,
        step="who",
        form=form,
        save=lambda f: services.extra_update(draft, asker=f.cleaned_data["asker"]),
    )


@with_draft
def worries(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    form = _bound(request, questions.WorriesForm, {"worries": draft.worries})
    return ask(
        request,
        draft,
        step="worries",
        form=form,
        save=lambda f: services.draft_update(draft, worries=f.cleaned_data["worries"]),
    )


@with_draft
def help_wanted(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    extra = request_extra(draft)
    form = _bound(request, questions.HelpForm, {"help": extra.help, "help_other": extra.help_other})
    return ask(
        request,
        draft,
        step="help",
        form=form,
        save=lambda f: services.extra_update(
            draft, help=f.cleaned_data["help"], help_other=f.cleaned_data["help_other"].strip()
        ),
        template="frontdoor/help.html",
    )


@with_draft
def safety(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    extra = request_extra(draft)
    initial = {"at_risk": "yes" if draft.safeguarding_concern else "no"}
    form = _bound(request, questions.SafetyForm, initial if extra.safety_answered else {})

    def save(f: forms.Form) -> SupportRequest:
        return services.draft_update(draft, safeguarding_concern=f.cleaned_data["at_risk"] == "yes")

    response = ask(
        request,
        draft,
        step="safety",
        form=form,
        save=save,
        template="frontdoor/safety.html",
        social_care_phone=services.social_care_phone(),
    )
    # "Yes" always shows who to call now, even on the way back to check answers.
    answered_yes = response.status_code == 302 and draft.safeguarding_concern
    if answered_yes and "save_later" not in request.POST:
        return redirect(step_url(draft, "urgent", returning=is_returning(request)))
    return response


@with_draft
def urgent(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    """Shown straight after "yes, someone is at risk": who to call now, then carry on."""
    next_url = step_url(draft, "check" if is_returning(request) else step_after("safety"))
    return render(
        request,
        "frontdoor/urgent.html",
        {
            "draft": draft,
            "next_url": next_url,
            "back_url": step_url(draft, "safety"),
            "social_care_phone": services.social_care_phone(),
        },
    )


@with_draft
def address(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    initial = {
        "address_1": draft.address_1,
        "address_2": draft.address_2,
        "city": draft.city,
        "postcode": draft.postcode,
    }
    form = _bound(request, questions.AddressForm, initial)

    def save(f: questions.AddressForm) -> SupportRequest:
        data = f.cleaned_data
        return services.address_save(
            draft,
            address_1=data["address_1"],
            address_2=data["address_2"],
            city=data["city"],
            postcode=f.postcode_found,
        )

    return ask(
        request, draft, step="address", form=form, save=save, template="frontdoor/address.html"
    )


@with_draft
def contact(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    is_text = draft.contact_method == SupportRequest.Contact.TEXT
    initial = {
        "contact_name": draft.contact_name,
        "contact_method": draft.contact_method,
        "phone": "" if is_text else draft.phone,
        "mobile": draft.phone if is_text else "",
        "email": draft.email,
    }
    form = _bound(request, questions.ContactForm, initial)
    return ask(
        request,
        draft,
        step="contact",
        form=form,
        save=lambda f: services.draft_update(draft, **f.model_fields()),
        template="frontdoor/contact.html",
    )


@with_draft
def language(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    if draft.language_id:
        main = draft.language_id in MAIN_LANGUAGES
        initial = {
            "language": draft.language_id if main else "other",
            "other_language": "" if main else draft.language_id,
            "interpreter": "yes" if draft.interpreter else "no",
        }
    else:
        # Somebody reading the service in Bengali or Somali most likely wants that language.
        page_language = translation.get_language() or "en"
        initial = {"language": page_language if page_language in MAIN_LANGUAGES else None}
    form = _bound(request, questions.LanguageForm, initial)
    return ask(
        request,
        draft,
        step="language",
        form=form,
        save=lambda f: services.draft_update(
            draft,
            language=language_get(f.language_code()),
            interpreter=f.cleaned_data["interpreter"] == "yes",
        ),
        template="frontdoor/language.html",
    )


@with_draft
def sharing(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    extra = request_extra(draft)
    initial = (
        {"consent": "yes" if draft.consent_to_share else "no"} if extra.sharing_answered else {}
    )
    form = _bound(request, questions.SharingForm, initial)

    def save(f: forms.Form) -> SupportRequest:
        return services.draft_update(draft, consent_to_share=f.cleaned_data["consent"] == "yes")

    return ask(
        request, draft, step="sharing", form=form, save=save, template="frontdoor/sharing.html"
    )
