"""Writes for the 2-year-old offer: a termly list imported, its families invited, a take-up
recorded, a letter list read. Each is one transaction with its audit event.

    imported = list_import(local_authority=council, term=Term(2026, "autumn"),
                           data=csv_bytes, file_name="dwp.csv", by=analyst)
    # after the commit, the job queue runs invitations_send for the term: each eligibility
    # gets one Invitation (unique), by email, text or letter, however often the job runs
    take_up_record(eligibility=e, provider=nursery, started=date(2026, 9, 7), by=admin)
"""

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record, audit_search_hits
from familyhub.directory.models import Service
from familyhub.directory.selectors import postcode_served_by
from familyhub.earlyeducation import lists, rules, selectors
from familyhub.earlyeducation.lists import ListedChild
from familyhub.earlyeducation.models import (
    Eligibility,
    EligibleChild,
    Invitation,
    ListImport,
    TakeUp,
)
from familyhub.earlyeducation.rules import Term
from familyhub.notifications import notify
from familyhub.notifications.services import message_send
from familyhub.places.models import LocalAuthority, Locality
from familyhub.places.rules import PostcodeError, normalise_postcode
from familyhub.places.selectors import postcode_council_elsewhere, postcode_get

logger = logging.getLogger(__name__)

INVITE = "familyhub.earlyeducation.services.invitations_send"
TEMPLATE = "two_year_offer_invitation"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a letter


def _code() -> str:
    """An eligibility code the family quotes, e.g. 2Y-K7QW-2MXA."""
    part = "".join(secrets.choice(CODE_ALPHABET) for _n in range(8))
    return f"2Y-{part[:4]}-{part[4:]}"


class _Place:
    """Postcode → locality, or why the row is refused; each postcode looked up once a list."""

    def __init__(self, local_authority: LocalAuthority) -> None:
        self.local_authority = local_authority
        self.seen: dict[str, tuple[str, Locality | str]] = {}

    def of(self, raw: str) -> tuple[str, Locality | str]:
        """(the postcode as written, its locality) or (raw, the reason)."""
        if raw not in self.seen:
            self.seen[raw] = self._look_up(raw)
        return self.seen[raw]

    def _look_up(self, raw: str) -> tuple[str, Locality | str]:
        try:
            code = normalise_postcode(raw)
        except PostcodeError:
            return raw, _("postcode is not a postcode")
        try:
            postcode = postcode_get(code)
        except PostcodeError:
            elsewhere = postcode_council_elsewhere(code)
            if elsewhere is None:
                return raw, _("postcode is not one we know")
            return raw, self._outside(elsewhere.name)
        if postcode.local_authority_code != self.local_authority.code:
            other = LocalAuthority.objects.filter(code=postcode.local_authority_code).first()
            return raw, self._outside(other.name if other else "")
        locality = postcode_served_by(postcode).locality
        if locality is None:
            return raw, _("No locality serves the postcode")
        return code, locality

    def _outside(self, council: str) -> str:
        if council:
            return _("The postcode is outside %(ours)s, in %(council)s") % {
                "ours": self.local_authority.name,
                "council": council,
            }
        return _("The postcode is outside %(ours)s") % {"ours": self.local_authority.name}


def list_import(
    *,
    local_authority: LocalAuthority,
    term: Term,
    data: bytes,
    file_name: str,
    by: User | None,
) -> ListImport:
    """Import one termly list: good rows kept, bad ones reported by row number and reason.

    A child already on this term's list (a re-sent list) is not added again, and a child on an
    earlier term's list gets this term's eligibility on the same child. The invitations are
    queued for after the commit."""
    rows_read, kept, problems = _rows_checked(local_authority, term, data)
    with transaction.atomic():
        imported = ListImport.objects.create(
            local_authority=local_authority,
            term_year=term.year,
            term_season=term.season,
            # A browser may send any bytes as a file's name: keep only what can be stored.
            file_name="".join(char for char in file_name if char.isprintable())[:255],
            imported_by=by,
            rows_read=rows_read,
            problems=problems,
        )
        for row in kept:
            if _eligibility_add(imported, row, term):
                imported.added += 1
            else:
                imported.already_listed += 1
        imported.save(update_fields=["added", "already_listed"])
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            record=imported,
            details={
                "term": term.key,
                "rows": imported.rows_read,
                "added": imported.added,
                "already_listed": imported.already_listed,
                "refused": imported.refused,
            },
        )
        if kept:
            transaction.on_commit(lambda: _enqueue(local_authority.code, term.key))
    return imported


@dataclass(frozen=True)
class _Kept:
    """A good row, with what the database adds to it: its child's key, where it lives."""

    listed: ListedChild
    key: str
    postcode: str
    locality: Locality


def _rows_checked(
    local_authority: LocalAuthority, term: Term, data: bytes
) -> tuple[int, list[_Kept], list[list]]:
    """(rows read, the rows to keep, [row number, reason] for the others). Reads only."""
    try:
        rows = list(lists.rows_of(data))
    except lists.ListUnreadable as error:
        return 0, [], [[1, str(error)]]
    place = _Place(local_authority)
    kept: list[_Kept] = []
    problems: list[list] = []
    first_row_of: dict[str, int] = {}
    for number, values in rows:
        checked = lists.check(number, values, term)
        if isinstance(checked, str):
            problems.append([number, checked])
            continue
        postcode, locality = place.of(checked.postcode)
        if isinstance(locality, str):
            problems.append([number, locality])
            continue
        key = rules.child_key(
            local_authority_id=local_authority.code,
            ni_number=checked.ni_number,
            date_of_birth=checked.date_of_birth,
            first_name=checked.first_name,
            last_name=checked.last_name,
        )
        if key in first_row_of:
            problems.append(
                [number, _("The same child as row %(row)s") % {"row": first_row_of[key]}]
            )
            continue
        first_row_of[key] = number
        kept.append(_Kept(checked, key, postcode, locality))
    return len(rows), kept, problems


def _eligibility_add(imported: ListImport, row: _Kept, term: Term) -> bool:
    """The child (updated from this list) on the term's list; False if already on it."""
    listed = row.listed
    child, _created = EligibleChild.objects.update_or_create(
        child_key=row.key,
        defaults={
            "local_authority_id": imported.local_authority_id,
            "first_name": listed.first_name,
            "last_name": listed.last_name,
            "date_of_birth": listed.date_of_birth,
            "parent_name": listed.parent_name,
            "address_1": listed.address_1,
            "address_2": listed.address_2,
            "address_3": listed.address_3,
            "postcode": row.postcode,
            "email": listed.email,
            "mobile": listed.mobile,
            "language": listed.language,
        },
    )
    _eligibility, created = Eligibility.objects.get_or_create(
        child=child,
        term_year=term.year,
        term_season=term.season,
        defaults={"locality": row.locality, "code": _code(), "first_listed_in": imported},
    )
    return created


def _enqueue(local_authority_id: str, term_key: str) -> None:
    # Never raises into the import: a queue that cannot be reached leaves the families
    # uninvited, and importing the list again (which adds nothing) queues them again.
    try:
        async_task(INVITE, local_authority_id, term_key, group="two-year-offer")
    except Exception:
        logger.exception("two-year offer: could not queue the invitations for %s", term_key)


def invitations_send(local_authority_id: str, term_key: str) -> int:
    """The job: invite every family of the term's list not yet invited. Running it twice (or
    two at once) invites each once: the Invitation is unique per eligibility, and its message
    has an idempotency key. Returns how many it invited."""
    term = rules.term_from_key(term_key)
    if term is None:
        return 0
    waiting = (
        Eligibility.objects.filter(
            child__local_authority_id=local_authority_id,
            term_year=term.year,
            term_season=term.season,
            invitation__isnull=True,
        )
        .select_related("child")
        .order_by("pk")
    )
    invited = 0
    for eligibility in waiting:
        invited += invitation_send(eligibility=eligibility, term=term)
    return invited


def invitation_send(*, eligibility: Eligibility, term: Term) -> int:
    """One family's invitation: 1 if sent now, 0 if it had been already."""
    child = eligibility.child
    channel = rules.invitation_channel(
        email=child.email, mobile=child.mobile, texts_can_be_sent=notify.sends_by(notify.SMS)
    )
    try:
        providers = selectors.providers_near(postcode_get(child.postcode))
    except PostcodeError:
        providers = []  # retired since the list: the invitation says to ask us
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    eligibility=eligibility,
                    channel=channel,
                    providers=[
                        {"name": p.name, "place": p.place, "postcode": p.postcode, "miles": p.miles}
                        for p in providers
                    ],
                )
        except IntegrityError:
            return 0  # another run invited them first
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            record=invitation,
            details={"channel": channel, "term": term.key},
        )
        if channel != Invitation.Channel.LETTER:
            _tell(invitation, term)
    return 1


def invitation_text(invitation: Invitation, term: Term) -> dict[str, str]:
    """The invitation's words, in the family's language: the letter prints the same."""
    child = invitation.eligibility.child
    with translation.override(child.language):
        named = [
            _("%(name)s, %(place)s %(postcode)s (%(miles)s miles)") % provider
            for provider in invitation.providers
        ] or [_("Ask us: we will help you find a place near you.")]
        return {
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "parent": child.parent_name,
            "child": child.first_name,
            "term": str(term.label),
            "code": invitation.eligibility.code,
            "providers": "\n".join(f"- {line}" for line in named),
            "link": settings.TWO_YEAR_OFFER_URL,
        }


def invitation_letter(invitation: Invitation, term: Term) -> dict[str, str]:
    """The invitation as the letter prints it: the email's subject and body, in the family's
    language."""
    with translation.override(invitation.eligibility.child.language):
        subject, body = notify.render(TEMPLATE, notify.EMAIL, invitation_text(invitation, term))
    return {"subject": subject, "body": body}


def _tell(invitation: Invitation, term: Term) -> None:
    child = invitation.eligibility.child
    message_send(
        template=TEMPLATE,
        channel=invitation.channel,
        to=child.email if invitation.channel == Invitation.Channel.EMAIL else child.mobile,
        language=child.language,
        idempotency_key=f"{TEMPLATE}:{invitation.eligibility_id}",
        personalisation=invitation_text(invitation, term),
    )


def take_up_record(
    *, eligibility: Eligibility, provider: Service, started: dt.date, by: User
) -> TakeUp:
    """The child took up a place. A second record for the same eligibility is refused."""
    try:
        with transaction.atomic():
            take_up = TakeUp.objects.create(
                eligibility=eligibility, provider=provider, started=started, recorded_by=by
            )
            audit_record(
                actor=by,
                action=AuditEvent.Action.CREATE,
                record=take_up,
                details={"code": eligibility.code, "provider": str(provider.pk)},
            )
    except IntegrityError as error:
        raise ValidationError({"code": _("A take-up is already recorded for this code")}) from error
    return take_up


def letters_read(*, by: User, invitations: list[Invitation], term: Term) -> None:
    """The letter list was shown: one audit event per child on it, in one insert."""
    with transaction.atomic():
        audit_search_hits(
            actor=by,
            records=[invitation.eligibility.child for invitation in invitations],
            query=f"two-year offer letters {term.key}",
        )
