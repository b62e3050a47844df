"""/staff/two-year-offer/: the take-up figures, the termly list's import, the letter list to
post and the take-up form. Each page asks its rule (rules.py) for the user's council; staff
pages are English only, like the rest of the staff area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from familyhub.casework.views.base import posted
from familyhub.earlyeducation import rules, selectors, services
from familyhub.earlyeducation.forms import ListImportForm, TakeUpForm, TermForm
from familyhub.places.models import LocalAuthority

NAV = "two-year-offer"


def _council(authority_ids: list[str]) -> LocalAuthority:
    """The council the page is for: the user's first where the rule lets them (403 if none)."""
    if not authority_ids:
        raise PermissionDenied
    return LocalAuthority.objects.get(code=authority_ids[0])


def _may(request: HttpRequest) -> dict[str, bool]:
    """Which of the area's other pages to link to."""
    user = request.user
    return {
        "may_import": bool(rules.import_authority_ids(user)),
        "may_print_letters": bool(rules.letter_authority_ids(user)),
        "may_record_take_up": bool(rules.take_up_authority_ids(user)),
        "may_see_figures": bool(rules.figures_authority_ids(user)),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def figures(request: HttpRequest) -> HttpResponse:
    council = _council(rules.figures_authority_ids(request.user))
    form = TermForm(request.GET or None, terms=selectors.terms_listed(council.code))
    term = form.chosen()
    rows, total = selectors.take_up_figures(council.code, term) if term else ([], None)
    return render(
        request,
        "earlyeducation/figures.html",
        {
            "council": council,
            "form": form,
            "term": term,
            "rows": rows,
            "total": total,
            "suppress_below": rules.SUPPRESS_BELOW,
            "nav_current": NAV,
            **_may(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def list_import(request: HttpRequest) -> HttpResponse:
    council = _council(rules.import_authority_ids(request.user))
    form = ListImportForm(posted(request), request.FILES or None, today=timezone.localdate())
    imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["list_file"]
        imported = services.list_import(
            local_authority=council,
            term=form.chosen_term(),
            data=upload.read(),
            file_name=upload.name or "",
            by=request.user,
        )
        form = ListImportForm(today=timezone.localdate())
    return render(
        request,
        "earlyeducation/import.html",
        {
            "council": council,
            "form": form,
            "imported": imported,
            "recent": selectors.imports_recent(council.code),
            "nav_current": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def letters(request: HttpRequest) -> HttpResponse:
    council = _council(rules.letter_authority_ids(request.user))
    form = TermForm(request.GET or None, terms=selectors.terms_listed(council.code))
    term = form.chosen()
    to_post = selectors.letters_to_post(council.code, term) if term else []
    if to_post and term:
        services.letters_read(by=request.user, invitations=to_post, term=term)
    return render(
        request,
        "earlyeducation/letters.html",
        {
            "council": council,
            "form": form,
            "term": term,
            "letters": [
                (invitation, services.invitation_letter(invitation, term)) for invitation in to_post
            ],
            "nav_current": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def take_up(request: HttpRequest) -> HttpResponse:
    council = _council(rules.take_up_authority_ids(request.user))
    form = TakeUpForm(posted(request), providers=selectors.providers_of(council.code))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        eligibility = selectors.eligibility_by_code(council.code, data["code"])
        if eligibility is None:
            form.add_error("code", "No child on this council's lists has this code")
        else:
            try:
                services.take_up_record(
                    eligibility=eligibility,
                    provider=data["provider"],
                    started=data["started"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Take-up recorded for {eligibility.code}")
                return redirect("earlyeducation:take-up")
    return render(
        request,
        "earlyeducation/take_up.html",
        {"council": council, "form": form, "nav_current": NAV},
    )
