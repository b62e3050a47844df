"""Reads for the staff accounts pages: the council's staff, each with what an administrator
needs to help them sign in (an authenticator set up, a set-password link waiting, a lockout)."""

import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.staffaccounts.rules import councils_administered_by, staff_manageable_by

PAGE_SIZE = 25


def _lockout_began_after(now: dt.datetime) -> dt.datetime:
    """Failures older than django-axes' cool-off no longer lock anyone out."""
    return now - (get_cool_off() or dt.timedelta(0))


def lockouts(*, now: dt.datetime | None = None) -> QuerySet[AccessAttempt]:
    """django-axes' counts that lock their email out now: the failure limit reached, within the
    cool-off. axes counts an email at one client address, so one email may have several."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=_lockout_began_after(now or timezone.now()),
    )


def _council_memberships(admin: User) -> Prefetch:
    """Only the memberships the admin may see: those in their own councils."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(
            organisation__local_authority__in=councils_administered_by(admin)
        )
        .select_related("organisation")
        .order_by("organisation__name", "role"),
        to_attr="council_memberships",
    )


def _with_sign_in_state(users: QuerySet[User]) -> QuerySet[User]:
    """Each account with whether it has an authenticator, waits to set a password, is locked."""
    return users.annotate(
        enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        # An unusable password: the account was made by an invitation
        # (or an organisation's approval) and its owner has not set a password yet.
        awaiting_password=ExpressionWrapper(
            Q(password__startswith=UNUSABLE_PASSWORD_PREFIX), output_field=BooleanField()
        ),
        locked_out=Exists(lockouts().filter(username=Lower(OuterRef("email")))),
    )


def staff_search(admin: User, query: str = "") -> QuerySet[User]:
    """The admin's council's staff, by name, matching every word of `query` in the name or
    email address."""
    users = staff_manageable_by(admin)
    for word in query.split():
        users = users.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return (
        _with_sign_in_state(users)
        .prefetch_related(_council_memberships(admin))
        .order_by("last_name", "first_name", "email")
    )


def staff_get_for_admin(admin: User, pk: int) -> User:
    """One of the admin's council's staff, or a 404: another council's staff are not theirs."""
    user = staff_search(admin).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def organisations_for_admin(admin: User) -> QuerySet[Organisation]:
    """The approved organisations of the admin's councils, which staff may be invited to."""
    return Organisation.objects.filter(
        local_authority__in=councils_administered_by(admin),
        status=Organisation.Status.APPROVED,
    ).order_by("name")


def council_membership_get(admin: User, user: User, pk: int) -> Membership:
    """One of `user`'s memberships in the admin's councils, or a 404."""
    membership = (
        Membership.objects.filter(
            pk=pk, user=user, organisation__local_authority__in=councils_administered_by(admin)
        )
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def active_administrator_memberships_locked(local_authority_id: str) -> list[tuple[int, int]]:
    """The council's administrator memberships of active accounts, as (membership, user) ids,
    locked to the end of the transaction: two administrators removing each other at the same
    moment cannot leave the council with none. (SQLite's transactions are one at a time.)"""
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(
            organisation__local_authority=local_authority_id,
            role=Role.ADMINISTRATOR,
            user__is_active=True,
        )
        .values_list("pk", "user_id")
    )
