"""The staff account lifecycle, run by a council's administrators: invite, change roles,
deactivate and reactivate, reset a lost authenticator, lift a lockout.

Each write is one transaction with its audit event (the record is the account; details say what
changed; never a password, a token or a link). The invitation email is written to the outbox in
the same transaction, so it is sent only if the change is kept.

Refusals raise ValidationError with the sentence to show the administrator.
"""

from collections.abc import Callable

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.accounts.selectors import user_by_email
from familyhub.accounts.services import set_password_link_days, set_password_path
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.notifications.services import message_send
from familyhub.staffaccounts.rules import (
    councils_administered_by,
    is_own_administrator_role,
    staff_manageable_by,
    works_only_in_councils_of,
)
from familyhub.staffaccounts.selectors import active_administrator_memberships_locked

# The same words whatever the reason, so the form says no more than that the address is taken.
CANNOT_INVITE_HERE = "This email address cannot be invited here; contact the service desk"
ANOTHER_COUNCIL = (
    "This person also works for another council: contact the service desk to change their account"
)


def _check_organisation_is_theirs(by: User, organisation: Organisation) -> None:
    if organisation.local_authority_id not in councils_administered_by(by):
        raise ValidationError("Choose an organisation of your council")


def _check_account_is_theirs(by: User, user: User) -> None:
    if not works_only_in_councils_of(by, user):
        raise ValidationError(ANOTHER_COUNCIL)


def _invitation_send(*, user: User, event: AuditEvent, absolute_uri: Callable[[str], str]) -> None:
    """Email the one-time link to set a password. Named after the audit event of the invitation
    (a new one each time), so a second invitation is a second email and a retry is not."""
    message_send(
        template="staff_invited",
        to=user.email,
        idempotency_key=f"staff_invited:{event.pk}",
        # Staff pages and staff emails are in English.
        language=settings.LANGUAGE_CODE,
        personalisation={
            "name": user.get_full_name() or user.email,
            "link": absolute_uri(set_password_path(user)),
            "days": str(set_password_link_days()),
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def _roles_add(*, user: User, organisation: Organisation, roles: list[str]) -> list[str]:
    """The roles given that the user did not already hold there."""
    return [
        role
        for role in roles
        if Membership.objects.get_or_create(user=user, organisation=organisation, role=role)[1]
    ]


def staff_invite(
    *,
    email: str,
    full_name: str,
    organisation: Organisation,
    roles: list[str],
    by: User,
    absolute_uri: Callable[[str], str],
) -> tuple[User, bool]:
    """Give someone roles in an organisation of the administrator's council.

    An address with no account gets a new one without a usable password, and an email with a
    one-time link to set one; after it they set up an authenticator app at their first sign-in.
    An address whose account already works in this council gains the roles and keeps its
    password. An address whose account works only elsewhere is refused, in words that say
    nothing about that account. Returns the user and whether the account is new.
    """
    with transaction.atomic():
        _check_organisation_is_theirs(by, organisation)
        user = user_by_email(email)
        if user is not None and not staff_manageable_by(by).filter(pk=user.pk).exists():
            raise ValidationError(CANNOT_INVITE_HERE)
        created = user is None
        if user is None:
            first, _, last = full_name.strip().partition(" ")
            user = User.objects.create_user(
                email=email, password=None, first_name=first, last_name=last.strip()
            )
        added = _roles_add(user=user, organisation=organisation, roles=roles)
        event = audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            record=user,
            reason="Invited by an administrator",
            details={
                "organisation": str(organisation.pk),
                "roles_added": added,
                "new_account": created,
                "invitation_sent": created,
            },
        )
        if created:
            _invitation_send(user=user, event=event, absolute_uri=absolute_uri)
    return user, created


def invitation_resend(*, user: User, by: User, absolute_uri: Callable[[str], str]) -> None:
    """Send a new set-password link to someone who has not set a password yet.

    Their password is made unusable afresh, which changes what Django's reset tokens are made
    from: every link sent before stops working, and only the newest one sets a password.
    """
    with transaction.atomic():
        _check_account_is_theirs(by, user)
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise ValidationError("Reactivate the account before you send an invitation")
        if locked.has_usable_password():
            raise ValidationError("They have set a password already: they can sign in")
        locked.set_unusable_password()
        locked.save(update_fields=["password"])
        event = audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked,
            reason="Invitation sent again",
            details={"invitation_sent": True, "earlier_links_cancelled": True},
        )
        _invitation_send(user=locked, event=event, absolute_uri=absolute_uri)
    user.password = locked.password


def membership_add(
    *, user: User, organisation: Organisation, roles: list[str], by: User
) -> list[str]:
    """Give a member of the council's staff roles in one of its organisations. Returns the
    roles that are new (none, and nothing audited, if they held them all)."""
    with transaction.atomic():
        _check_organisation_is_theirs(by, organisation)
        added = _roles_add(user=user, organisation=organisation, roles=roles)
        if added:
            audit_record(
                actor=by,
                action=AuditEvent.Action.CHANGE,
                record=user,
                details={"organisation": str(organisation.pk), "roles_added": added},
            )
    return added


def _check_council_keeps_an_administrator(membership: Membership) -> None:
    """Refuse to remove the last active administrator of a council: nobody could then manage
    its staff accounts, or give the role back."""
    remaining = {
        user_id
        for pk, user_id in active_administrator_memberships_locked(
            membership.organisation.local_authority_id
        )
        if pk != membership.pk
    }
    if not remaining:
        raise ValidationError(
            "They are the council's last administrator: give another member of staff the "
            "administrator role first"
        )


def membership_remove(*, membership: Membership, by: User) -> bool:
    """Take a role in one organisation away from a member of staff.

    Refused for the administrator's own administrator role, for a council's last
    administrator, and for someone's only role in the council (deactivate the account
    instead, so that it stays on the list). Returns False if it was removed already.
    """
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("organisation", "user")
            .filter(pk=membership.pk)
            .first()
        )
        if locked is None:
            return False
        if locked.role == Role.ADMINISTRATOR:
            _check_council_keeps_an_administrator(locked)
        if is_own_administrator_role(by, locked):
            raise ValidationError(
                "You cannot remove your own administrator role: ask another administrator"
            )
        others_here = locked.user.memberships.filter(
            organisation__local_authority__in=councils_administered_by(by)
        ).exclude(pk=locked.pk)
        if not others_here.exists():
            raise ValidationError(
                "This is their only role in the council: deactivate the account instead"
            )
        locked.delete()
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked.user,
            details={"organisation": str(locked.organisation_id), "role_removed": locked.role},
        )
    return True


def _sessions_end(user: User) -> int:
    """Delete every session signed in to the account. Sessions do not say whose they are
    without decoding, so each unexpired one is read; this runs only when an account is
    deactivated or its authenticator reset, and sessions last 12 hours at most."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def staff_deactivate(*, user: User, by: User, reason: str) -> bool:
    """A leaver: they can no longer sign in, and every session they have ends now.

    Django refuses an inactive account at sign-in and on every request (its authentication
    backend), and their sessions are deleted besides. A set-password link not yet used stops
    working. Their memberships stay, so their name still reads right on their casework and the
    account can be reactivated. Returns False if it was deactivated already.
    """
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account")
    with transaction.atomic():
        _check_account_is_theirs(by, user)
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            return False
        # No last-administrator check is needed: `by` is an active administrator of every
        # council this account works in (checked above), and is not this account.
        locked.is_active = False
        links_cancelled = not locked.has_usable_password()
        if links_cancelled:
            locked.set_unusable_password()
        locked.save(update_fields=["is_active", "password"])
        ended = _sessions_end(locked)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked,
            reason=reason,
            details={
                "is_active": False,
                "sessions_ended": ended,
                "invitation_cancelled": links_cancelled,
            },
        )
    user.is_active = False
    return True


def staff_reactivate(*, user: User, by: User) -> bool:
    """A returner, or a deactivation undone. Returns False if the account was active."""
    with transaction.atomic():
        _check_account_is_theirs(by, user)
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            return False
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        audit_record(
            actor=by, action=AuditEvent.Action.CHANGE, record=locked, details={"is_active": True}
        )
    user.is_active = True
    return True


def authenticator_reset(*, user: User, by: User, reason: str) -> int:
    """A lost or replaced phone: remove the account's authenticator apps, so that at their next
    sign-in (password first) they set up a new one. Their sessions end too: a session verified
    with the old app must not be the one that sets up the new. Returns the apps removed."""
    if user.pk == by.pk:
        raise ValidationError("Ask another administrator to reset your own authenticator app")
    with transaction.atomic():
        _check_account_is_theirs(by, user)
        User.objects.select_for_update().get(pk=user.pk)
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        ended = _sessions_end(user)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=user,
            reason=reason,
            details={"authenticator_apps_removed": removed, "sessions_ended": ended},
        )
    return removed


def lockout_lift(*, user: User, by: User) -> int:
    """Clear django-axes' failed sign-in counts for the account's email address, from every
    client address, so they can sign in again now. Returns the counts cleared."""
    with transaction.atomic():
        _check_account_is_theirs(by, user)
        # axes counts the address as accounts.services.lockout_username gives it: lower case.
        cleared = axes_reset(username=user.email.strip().lower())
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=user,
            details={"lockout_lifted": True, "failure_counts_cleared": cleared},
        )
    return cleared
