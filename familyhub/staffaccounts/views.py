"""The staff accounts pages: a council's administrators list, invite and look after its staff.

Every view asks may_manage_staff first (403 for everyone else), then finds the account among
the administrator's own council's staff (404 for any other account, so nothing confirms that an
account exists elsewhere). Changes are POSTs; a change with a reason has a confirmation page.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from familyhub.accounts.models import User
from familyhub.staffaccounts import selectors, services
from familyhub.staffaccounts.forms import (
    InviteForm,
    MembershipAddForm,
    ReasonForm,
    StaffSearchForm,
)
from familyhub.staffaccounts.rules import may_manage_staff, works_only_in_councils_of


def _admin(request: HttpRequest) -> User:
    """The signed-in administrator, or a 403 for anyone else."""
    user = request.user
    if not isinstance(user, User) or not may_manage_staff(user):
        raise PermissionDenied
    return user


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _to_detail(user: User) -> HttpResponse:
    return redirect("staffaccounts:detail", pk=user.pk)


@never_cache
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = StaffSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.staff_search(admin, query), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "staffaccounts/list.html",
        {"form": form, "query": query, "page_obj": page, "querystring": params.urlencode()},
    )


@never_cache
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = InviteForm(_posted(request), organisations=selectors.organisations_for_admin(admin))
    if request.method == "POST" and form.is_valid():
        try:
            user, created = services.staff_invite(
                **form.cleaned_data, by=admin, absolute_uri=request.build_absolute_uri
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if created:
                messages.success(request, f"{user} is invited: we have emailed them a link")
            else:
                messages.success(request, f"{user} has an account already: their roles are added")
            return _to_detail(user)
    return render(request, "staffaccounts/invite.html", {"form": form})


def _detail_page(request: HttpRequest, admin: User, user: User, add_form=None) -> HttpResponse:
    organisations = selectors.organisations_for_admin(admin)
    return render(
        request,
        "staffaccounts/detail.html",
        {
            "member": user,
            "is_self": user.pk == admin.pk,
            "wholly_here": works_only_in_councils_of(admin, user),
            "add_form": add_form or MembershipAddForm(organisations=organisations),
        },
    )


@never_cache
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    return _detail_page(request, admin, selectors.staff_get_for_admin(admin, pk))


@never_cache
@login_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    form = MembershipAddForm(request.POST, organisations=selectors.organisations_for_admin(admin))
    if not form.is_valid():
        return _detail_page(request, admin, user, add_form=form)
    try:
        added = services.membership_add(user=user, by=admin, **form.cleaned_data)
    except ValidationError as error:
        form.add_error("organisation", error)
        return _detail_page(request, admin, user, add_form=form)
    if added:
        messages.success(request, "Roles added")
    else:
        messages.info(request, "They held those roles there already")
    return _to_detail(user)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@never_cache
@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    membership = selectors.council_membership_get(admin, user, membership_pk)
    try:
        if services.membership_remove(membership=membership, by=admin):
            messages.success(
                request,
                f"{membership.get_role_display()} at {membership.organisation} removed",
            )
    except ValidationError as error:
        _refused(request, error)
    return _to_detail(user)


@never_cache
@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    try:
        services.invitation_resend(user=user, by=admin, absolute_uri=request.build_absolute_uri)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Invitation sent again: earlier links no longer work")
    return _to_detail(user)


def _confirmed_with_reason(
    request: HttpRequest,
    pk: int,
    *,
    act: Callable[..., object],
    question: str,
    required_message: str,
    done: str,
    template: str,
) -> HttpResponse:
    """A confirmation page asking why (the reason is kept in the audit trail), then the change:
    `act(user=, by=, reason=)`; `done` is the success message, with {user} for their name."""
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    form = ReasonForm(_posted(request), label=question, required_message=required_message)
    if request.method == "POST" and form.is_valid():
        try:
            act(user=user, by=admin, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, done.format(user=user))
            return _to_detail(user)
    return render(request, template, {"member": user, "form": form})


@never_cache
@login_required
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page: what deactivating does, and why."""
    return _confirmed_with_reason(
        request,
        pk,
        act=services.staff_deactivate,
        question="Why are you deactivating this account?",
        required_message="Enter why you are deactivating this account",
        done="{user}'s account is deactivated",
        template="staffaccounts/deactivate.html",
    )


@never_cache
@login_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    try:
        if services.staff_reactivate(user=user, by=admin):
            messages.success(request, f"{user}'s account is active again")
    except ValidationError as error:
        _refused(request, error)
    return _to_detail(user)


@never_cache
@login_required
def authenticator_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page for removing a lost authenticator app, with the reason."""
    return _confirmed_with_reason(
        request,
        pk,
        act=services.authenticator_reset,
        question="Why does their authenticator app need resetting?",
        required_message="Enter why their authenticator app needs resetting",
        done="{user} will set up a new authenticator app when they next sign in",
        template="staffaccounts/authenticator_reset.html",
    )


@never_cache
@login_required
@require_POST
def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.staff_get_for_admin(admin, pk)
    try:
        services.lockout_lift(user=user, by=admin)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{user} can sign in again")
    return _to_detail(user)
