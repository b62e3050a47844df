"""What's on: the public list of sessions, booking a place without an account, and cancelling
from the link in the confirmation. No writes on GET; the booking form is rate limited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from familyhub.activities import rules, selectors, services
from familyhub.activities.forms import BookingForm, WhatsOnForm

SESSIONS_PER_PAGE = 20


@require_http_methods(["GET", "HEAD"])
def whats_on(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    places, localities = selectors.whats_on_places(now=now)
    form = WhatsOnForm(request.GET or None, places=places, localities=localities)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sessions = selectors.sessions_upcoming(
        now=now,
        location_id=filters.get("place", ""),
        locality_id=filters.get("locality", ""),
        day=form.chosen_day() if filters else None,
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "activities/whats_on.html",
        {"form": form, "page_obj": page, "querystring": params.urlencode()},
    )


def _booking_rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMIT_BOOKING


@ratelimit(key="ip", rate=_booking_rate, method="POST")
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(pk)
    bookable = rules.is_bookable(session, now=timezone.now())
    initial = {"language": translation.get_language()}
    form = BookingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and bookable and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_make(
                session=session,
                contact_name=data["contact_name"],
                children=data["children"],
                children_ages=data["children_ages"],
                channel=data["channel"],
                contact=form.contact(),
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error("email" if data["channel"] == "email" else "mobile", error.messages)
        else:
            return redirect("activities:booking", token=booking.cancel_token)
    return render(
        request,
        "activities/session.html",
        {
            "session": session,
            "bookable": bookable,
            "places_left": selectors.places_left(session),
            "course_sessions": selectors.course_sessions(session),
            "form": form,
        },
    )


@require_http_methods(["GET", "HEAD"])
def booking_done(request: HttpRequest, token: str) -> HttpResponse:
    booking = selectors.booking_by_token(token)
    return render(request, "activities/booking.html", {"booking": booking})


@require_http_methods(["GET", "HEAD", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks "are you sure?"; only the POST cancels."""
    booking = selectors.booking_by_token(token)
    cancelled_now = request.method == "POST" and services.booking_cancel(booking=booking)
    return render(
        request, "activities/cancel.html", {"booking": booking, "cancelled_now": cancelled_now}
    )
