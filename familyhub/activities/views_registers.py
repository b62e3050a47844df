"""Registers at sessions, for staff (/staff/sessions/): the day's sessions of the worker's
organisations, a session's register on a phone (tick who came, add a walk-in, register a new
family with the hub) and booking a family a place. Who may is one rule,
activities.rules.may_take_register; anyone else is told nothing of the session (404)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from familyhub.activities import rules, selectors, services
from familyhub.activities.forms import (
    HubRegistrationForm,
    RegisterForm,
    StaffBookingForm,
    WalkInForm,
)
from familyhub.activities.models import Attendance, Session
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record

# The days the list moves between stay within these years: any other "day" means today.
YEARS_SHOWN = range(2000, 2100)


def _day(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()
    return day if day.year in YEARS_SHOWN else timezone.localdate()


@login_required
@require_http_methods(["GET", "HEAD"])
def sessions(request: HttpRequest) -> HttpResponse:
    if not rules.takes_registers(request.user):
        raise PermissionDenied
    day = _day(request.GET.get("day", ""))
    return render(
        request,
        "activities/registers/sessions.html",
        {
            "sessions": selectors.register_sessions(request.user, day=day),
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.register_session_get(request.user, pk)
    rows = selectors.register_rows(session)
    form = RegisterForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.register_save(
                session=session,
                shown=form.cleaned_data["shown"],
                ticked=form.cleaned_data["came"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Register saved: %(added)s ticked in, %(removed)s taken off.")
                % {"added": saved.added, "removed": saved.removed},
            )
            return redirect("registers:register", pk=session.pk)
    if request.method != "POST":
        # The register names the families booked and who came: a read of personal data.
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            record=session,
            details={"page": "register"},
        )
    now = timezone.now()
    return render(
        request,
        "activities/registers/register.html",
        {
            "session": session,
            "rows": rows,
            "unregistered": [row for row in rows if row.came and not row.linked],
            "back_url": reverse("registers:sessions")
            + f"?day={timezone.localdate(session.starts).isoformat()}",
            "form": form,
            "came": sum(1 for row in rows if row.came),
            "open": rules.register_can_be_taken(session, now=now),
            "corrections": rules.register_open_for_corrections(session, now=now),
            "bookable": rules.is_bookable(session, now=now),
            "sustained": rules.SUSTAINED_VISITS,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.register_session_get(request.user, pk)
    form = WalkInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendance = services.walk_in_add(
                session=session, name=data["name"], children=data["children"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["register"]:
                url = reverse("registers:register-family", args=[session.pk])
                return redirect(f"{url}?attendance={attendance.pk}")
            messages.success(request, _("%(name)s is on the register.") % {"name": data["name"]})
            return redirect("registers:register", pk=session.pk)
    return render(request, "activities/registers/walk_in.html", {"session": session, "form": form})


def _attendance(request: HttpRequest, session: Session) -> Attendance | None:
    """The walk-in (or ticked-in family) being registered, named by the page's address or form."""
    value = request.POST.get("attendance") or request.GET.get("attendance") or ""
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Http404
    return selectors.attendance_for_registration(session, int(value))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register_family(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.register_session_get(request.user, pk)
    attendance = _attendance(request, session)
    organisation = selectors.register_organisation(request.user, session)
    labels = {"contacted_by": organisation.name, "hub": session.location.name}
    initial = {"language": translation.get_language(), "attendance": attendance and attendance.pk}
    if attendance is not None:
        initial["name"] = attendance.name.split()[-1] if attendance.name.split() else ""
    posted = request.POST.copy() if request.method == "POST" else None
    form = HubRegistrationForm(posted, initial=initial, **labels)
    warned = False
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        if not data["warned"] and selectors.may_already_be_known(
            local_authority_code=session.activity.local_authority_id,
            family_name=data["parent_family_name"],
            children=form.children(),
            postcode=data["postcode"],
        ):
            # Said once; the same answers sent again register the family.
            warned = True
            posted["warned"] = "True"
            form = HubRegistrationForm(posted, initial=initial, **labels)
        else:
            try:
                services.hub_registration_make(
                    session=session,
                    household=services.NewHousehold(
                        name=data["name"],
                        postcode=data["postcode"],
                        address_1=data["address_1"],
                        parent_given_name=data["parent_given_name"],
                        parent_family_name=data["parent_family_name"],
                        children=form.children(),
                        due_date=form.due(),
                        channel=data["channel"],
                        contact=form.contact(),
                        language=data["language"],
                    ),
                    by=request.user,
                    attendance=attendance,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The %(name)s household is registered with the hub.")
                    % {"name": data["name"]},
                )
                return redirect("registers:register", pk=session.pk)
    return render(
        request,
        "activities/registers/register_family.html",
        {"session": session, "form": form, "warned": warned, "attendance": attendance},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.register_session_get(request.user, pk)
    now = timezone.now()
    bookable = rules.is_bookable(session, now=now)
    form = StaffBookingForm(
        request.POST if request.method == "POST" else None,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and bookable and form.is_valid():
        data = form.cleaned_data
        family = None
        if data["family_reference"]:
            family = selectors.bookable_family_get(request.user, data["family_reference"], now=now)
            if family is None:
                form.add_error("family_reference", _("No family you work with has this reference"))
        if not form.errors:
            try:
                booking = services.booking_make(
                    session=session,
                    contact_name=data["contact_name"],
                    children=data["children"],
                    children_ages=data["children_ages"],
                    channel=data["channel"],
                    contact=form.contact(),
                    language=data["language"],
                    by=request.user,
                    family=family,
                )
            except ValidationError as error:
                form.add_error("email" if data["channel"] == "email" else "mobile", error.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s is booked.") % {"name": booking.contact_name}
                    if booking.place_id
                    else _("%(name)s is on the waiting list.") % {"name": booking.contact_name},
                )
                return redirect("registers:register", pk=session.pk)
    return render(
        request,
        "activities/registers/book.html",
        {"session": session, "form": form, "bookable": bookable},
    )
