"""The family record page.

It shows what three apps hold: the shared record and its consent (families), the family's own
words and how they asked to be contacted, from each request joined to the family (frontdoor),
and the open episode with its lead professional (casework). Casework is the lowest app above
all three, so the page is put together here, asking each through its selectors; the project's
urls.py mounts it among the families pages, where it has always been. The JSON export, which
shows the shared record alone, stays in families.

What each part shows follows the family's consent (families.rules): contact details, requests
and the episode go with the people part of the record; the family's own words, which tell their
story, only where the events part is shared too. Every record shown is audited, in one append.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from familyhub.audit.models import AuditEvent
from familyhub.casework.selectors import open_episode_of
from familyhub.families import services as family_services
from familyhub.families.rules import (
    may_edit_household_given,
    may_grant_override_given,
    may_withdraw_consent_given,
)
from familyhub.families.selectors import chronology_page, family_record_for_user, record_viewers
from familyhub.frontdoor.selectors import requests_joined_to

EVENTS_PER_PAGE = 50
VIEWERS_SHOWN = 25


@never_cache
@login_required
def family_detail(request: HttpRequest, pk) -> HttpResponse:
    now = timezone.now()
    with transaction.atomic():
        record = family_record_for_user(request.user, pk, now=now)
        requests = requests_joined_to(record.family) if record.shows_people else []
        episode = open_episode_of(record.family) if record.shows_people else None
        family_services.family_record_read(
            family=record.family,
            by=request.user,
            action=AuditEvent.Action.VIEW,
            kinds=record.kinds,
            also_read=requests,
        )
        chronology = chronology_page(record, request.GET.get("page"), per_page=EVENTS_PER_PAGE)
        viewers = list(record_viewers(record.family)[:VIEWERS_SHOWN])
    return render(
        request,
        "families/record.html",
        {
            "record": record,
            "family": record.family,
            "requests": requests,
            "shows_family_words": record.shows_people and record.shows_chronology,
            "episode": episode,
            "page_obj": chronology,
            "viewers": viewers,
            "may_grant_override": may_grant_override_given(
                request.user, record.involvements, now=now
            ),
            "may_edit_household": may_edit_household_given(
                request.user, sees_people=record.shows_people
            ),
            "may_withdraw_consent": may_withdraw_consent_given(
                request.user,
                record.family,
                record.involvements,
                sees_people=record.shows_people,
                now=now,
            ),
        },
    )
