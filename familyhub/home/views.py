"""/staff/: where every member of staff lands after signing in, with their own work first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from familyhub.home.cards import cards_for


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home/home.html",
        {"cards": cards_for(request.user, now=timezone.now()), "nav_current": "home"},
    )
