"""Who lives in your home: add people one at a time, change them, remove them (add another)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyhub.families.models import Membership
from familyhub.frontdoor import forms as questions
from familyhub.frontdoor import services
from familyhub.frontdoor.journey import CHILD_ROLES
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.frontdoor.selectors import request_has_people, request_people, request_person_get
from familyhub.frontdoor.views.base import go_on, is_returning, step_url, with_draft

TITLES = {
    Membership.Role.CHILD: questions.PERSON_KINDS[0][1],
    Membership.Role.UNBORN: questions.PERSON_KINDS[1][1],
    Membership.Role.PARENT: questions.PERSON_KINDS[2][1],
    Membership.Role.CARER: questions.PERSON_KINDS[3][1],
}


def _people_url(request: HttpRequest, draft: SupportRequest) -> str:
    return step_url(draft, "people", returning=is_returning(request))


def _form_class(role: str) -> type[questions.JourneyForm]:
    return questions.UnbornForm if role == Membership.Role.UNBORN else questions.PersonForm


def _person_initial(person: RequestPerson) -> dict:
    fields = (
        ["due_date", "sex"]
        if person.role == Membership.Role.UNBORN
        else [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
        ]
    )
    return {name: getattr(person, name) for name in fields}


def _person_label(person: RequestPerson) -> str:
    if person.role == Membership.Role.UNBORN and person.due_date:
        return _("the baby due on %(date)s") % {"date": date_format(person.due_date, "j F Y")}
    return str(person)


@with_draft
def people(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    household = list(request_people(draft))
    if not household:
        return redirect(step_url(draft, "person_kind", returning=is_returning(request)))
    form = questions.AddAnotherForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if "save_later" in request.POST:
            return redirect(step_url(draft, "save"))
        if form.is_valid():
            if form.cleaned_data["add_another"] == "yes":
                return redirect(step_url(draft, "person_kind", returning=is_returning(request)))
            if any(person.role in CHILD_ROLES for person in household):
                return go_on(request, draft, "worries")
            form.add_error("add_another", _("Add a child, or a baby you are expecting"))
    return render(
        request,
        "frontdoor/people.html",
        {
            "draft": draft,
            "form": form,
            "people": household,
            "returning": is_returning(request),
            "back_url": step_url(draft, "check")
            if is_returning(request)
            else step_url(draft, "who"),
        },
    )


@with_draft
def person_kind(request: HttpRequest, draft: SupportRequest) -> HttpResponse:
    form = questions.PersonKindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        url = step_url(draft, "person_add", role=form.cleaned_data["role"])
        return redirect(url + ("?return=check" if is_returning(request) else ""))
    has_people = request_has_people(draft)
    back = _people_url(request, draft) if has_people else step_url(draft, "who")
    return render(
        request,
        "frontdoor/question.html",
        {"draft": draft, "form": form, "back_url": back, "step": "people", "no_save": True},
    )


@with_draft
def person_add(request: HttpRequest, draft: SupportRequest, role: str) -> HttpResponse:
    if role not in TITLES:
        raise Http404
    form_class = _form_class(role)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.person_save(draft, role=role, **form.cleaned_data)
        if "save_later" in request.POST:
            return redirect(step_url(draft, "save"))
        return redirect(_people_url(request, draft))
    return _person_page(request, draft, form, role, back=step_url(draft, "person_kind"))


@with_draft
def person_change(request: HttpRequest, draft: SupportRequest, pk: int) -> HttpResponse:
    person = request_person_get(draft, pk)
    form_class = _form_class(person.role)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            services.person_save(draft, person=person, **form.cleaned_data)
            return go_on(request, draft, "people")
    else:
        form = form_class(initial=_person_initial(person))
    return _person_page(request, draft, form, person.role, back=_people_url(request, draft))


def _person_page(
    request: HttpRequest, draft: SupportRequest, form: questions.JourneyForm, role: str, back: str
) -> HttpResponse:
    return render(
        request,
        "frontdoor/person.html",
        {"draft": draft, "form": form, "role": role, "title": TITLES[role], "back_url": back},
    )


@with_draft
def person_remove(request: HttpRequest, draft: SupportRequest, pk: int) -> HttpResponse:
    person = request_person_get(draft, pk)
    form = questions.RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] == "yes":
            services.person_remove(draft, person)
        return redirect(_people_url(request, draft))
    return render(
        request,
        "frontdoor/person_remove.html",
        {
            "draft": draft,
            "form": form,
            "name": _person_label(person),
            "back_url": _people_url(request, draft),
        },
    )
