"""Casework's notices to staff (notifications.services.notice_send): a new case for its lead
professional, and the plan's actions coming due. Each names the family by its reference only;
the episode's pages apply the access rules."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from familyhub.accounts.models import User
from familyhub.casework.models import Episode, PlanAction
from familyhub.notifications.models import Notice
from familyhub.notifications.services import notice_send

# An action is brought to its lead professional's notice a week before it is due, and after, until
# it is done (once for each due date it is given).
ACTION_DUE_NOTICE = dt.timedelta(days=7)


def case_new_notify(*, episode: Episode, lead: User, by: User) -> None:
    """Tell a lead professional, inside the caller's transaction, that a family's episode is theirs
    now (allocated, stepped down or reassigned to them, or allocated to a family whose open episode
    she joins); not when they did it themselves."""
    if lead.pk == by.pk:
        return
    # Allocated to a family already in early help, she joins its team under its own lead.
    role = (
        "you are the lead professional"
        if episode.lead_professional_id == lead.pk
        else "you have joined the Team Around the Family"
    )
    notice_send(
        recipient=lead,
        kind=Notice.Kind.NEW_CASE,
        text=f"New case: {role} for family {episode.family.reference}",
        link=reverse("casework:episode", args=[episode.pk]),
        # Once a day at most: a case reassigned back to her is news again on a later day.
        key=f"new_case:{episode.pk}:{lead.pk}:{timezone.localdate().isoformat()}",
    )


def actions_due_notify(today: dt.date | None = None) -> int:
    """The daily job: tell each open episode's lead professional of every action in its plan that
    is not done and is due within a week or overdue, once for each action and due date.

    Returns how many notices are new today."""
    today = today or timezone.localdate()
    actions = (
        PlanAction.objects.filter(
            need__episode__status=Episode.Status.OPEN,
            due_on__lte=today + ACTION_DUE_NOTICE,
        )
        .exclude(status=PlanAction.Status.DONE)
        .select_related("need__episode__family", "need__episode__lead_professional")
        .order_by("due_on", "pk")
    )
    sent = 0
    for action in actions:
        with transaction.atomic():
            sent += _action_due_notify(action, today) is not None
    return sent


def _action_due_notify(action: PlanAction, today: dt.date) -> Notice | None:
    episode = action.need.episode
    due = date_format(action.due_on, "j F Y")
    reference = episode.family.reference
    text = (
        f"Action overdue in the plan for family {reference}: it was due on {due}"
        if action.due_on < today
        else f"Action due in the plan for family {reference} on {due}"
    )
    key = f"action_due:{action.pk}:{action.due_on.isoformat()}"
    if Notice.objects.filter(idempotency_key=key).exists():
        return None
    return notice_send(
        recipient=episode.lead_professional,
        kind=Notice.Kind.ACTION_DUE,
        text=text,
        link=reverse("casework:plan", args=[episode.pk]),
        key=key,
    )
