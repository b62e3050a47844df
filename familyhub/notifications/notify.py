"""Sending a message to a family: one small interface, so GOV.UK Notify can replace email.

    send("request_received", to="sam@example.org", personalisation={"reference": "FH-K7QW2M", ...})

The backend is one class named by the NOTIFY_BACKEND setting (a dotted path). The default sends
Django email, whose templates are below and translated like the rest of the service. A GOV.UK
Notify backend would map the same template names to Notify template ids and pass
`personalisation` on unchanged, which is why the keys are plain strings.

`reference` names the message for good (its idempotency key): the email's Message-ID is made
from it, so if a message is ever sent again (a worker stopped after the mail server took it but
before the outbox said so) the copy is recognisably the same email. GOV.UK Notify takes a
`reference` for the same purpose.

Nothing calls `send` inside a web request: notifications.services.message_send writes the message
to the outbox and a background job calls `send` (see notifications/services.py).

Tests use Django's locmem email backend, so nothing leaves the machine.
"""

import hashlib
import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "familyhub.notifications.notify.EmailNotify"

# name → (subject, body). Placeholders are the personalisation keys.
TEMPLATES = {
    "request_received": (
        _("We have your request for help: %(reference)s"),
        _(
            "Thank you for asking %(service_name)s for help.\n\n"
            "Your reference is %(reference)s.\n\n"
            "Someone from the Family Hub will contact you within %(days)s working days.\n\n"
            "If a child is in danger right now, call 999. If you are worried a child is being "
            "harmed, call children's social care on %(social_care_phone)s.\n\n"
            "See your request at any time with this link. Keep it private:\n%(link)s\n\n"
            "%(council_name)s"
        ),
    ),
    # To the organisation a practitioner referred to. No family details: email is not a safe
    # place for them, only the reference and who to ask.
    "referral_received": (
        _("New referral to %(service)s: %(reference)s"),
        _(
            "%(referrer)s at %(referrer_organisation)s has referred a family to %(service)s.\n\n"
            "Reference: %(reference)s\n\n"
            "Contact %(referrer)s at %(referrer_email)s for the referral's details, and say "
            "the reference. The family agreed to this referral and to their information being "
            "shared with you.\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    # At the end of an episode of early help. No family details: only who their adviser is.
    "episode_feedback": (
        _("How was the help your family got from %(service_name)s?"),
        _(
            "Your family's early help from %(service_name)s has now finished.\n\n"
            "We would like to know how it went for you and your children, what helped and "
            "what we could do better. Reply to this email to tell us, or ask your family "
            "adviser.\n\n"
            "Your family adviser is %(adviser)s at %(adviser_organisation)s. You can contact "
            "them if you need help again.\n\n"
            "%(council_name)s"
        ),
    ),
    # To a family's lead professional and the council's locality managers (staff, English).
    # No family details: only the record's reference and its address, which needs sign-in.
    "consent_withdrawn": (
        _("A family withdrew consent to share: %(reference)s"),
        _(
            "A family you work with or oversee has withdrawn a consent to share their "
            "record. Some of the people working with them, and perhaps you, can no longer "
            "see it or the family's open episode of early help.\n\n"
            "Reference: %(reference)s\n\n"
            "The record, for those who can still see it (sign-in needed):\n%(link)s\n\n"
            "%(service_name)s"
        ),
    ),
    # To someone who asked for their organisation to be listed (directory.services). The
    # page they sent the application from says the same whatever the address: only this email,
    # which reaches the address's owner, says whether it has an account already.
    "organisation_application_received": (
        _("We have your application to list %(organisation)s"),
        _(
            "Dear %(name)s,\n\n"
            "Thank you for asking to list %(organisation)s in the %(service_name)s directory.\n\n"
            "The council's directory team checks every new organisation, usually within 5 "
            "working days. We will email you when your application is decided.\n\n"
            "If you did not apply, you can ignore this email.\n\n"
            "%(council_name)s"
        ),
    ),
    "organisation_application_has_account": (
        _("We have your application to list %(organisation)s"),
        _(
            "Dear %(name)s,\n\n"
            "Thank you for asking to list %(organisation)s in the %(service_name)s directory.\n\n"
            "There is already a %(service_name)s account for this email address. If the "
            "application is approved, that account will be able to edit the organisation's "
            "entries: keep signing in with it as usual.\n\n"
            "The council's directory team checks every new organisation, usually within 5 "
            "working days. We will email you when your application is decided.\n\n"
            "If you did not apply, you can ignore this email.\n\n"
            "%(council_name)s"
        ),
    ),
    "organisation_approved": (
        _("%(organisation)s is approved: create your password"),
        _(
            "Dear %(name)s,\n\n"
            "%(organisation)s is approved, and you are its editor in the %(service_name)s "
            "directory.\n\n"
            "Create your password with this link. It works once, for %(days)s days:\n"
            "%(link)s\n\n"
            "Then you will set up an authenticator app on your phone: you need a code from it "
            "each time you sign in.\n\n"
            "%(council_name)s"
        ),
    ),
    "organisation_approved_has_account": (
        _("%(organisation)s is approved"),
        _(
            "Dear %(name)s,\n\n"
            "%(organisation)s is approved, and your %(service_name)s account can now edit its "
            "entries in the directory. Sign in as usual:\n%(link)s\n\n"
            "%(council_name)s"
        ),
    ),
    "organisation_rejected": (
        _("Your application to list %(organisation)s"),
        _(
            "Dear %(name)s,\n\n"
            "The council's directory team could not approve %(organisation)s for the "
            "%(service_name)s directory.\n\n"
            "If you would like to know why, or think this is a mistake, reply to this email.\n\n"
            "%(council_name)s"
        ),
    ),
    "resume_link": (
        _("Your link to finish asking for help"),
        _(
            "Use this link to go back to your answers and finish asking %(service_name)s for "
            "help:\n%(link)s\n\n"
            "The link works until %(expires)s. Keep it private: anyone with the link can see "
            "your answers.\n\n"
            "%(council_name)s"
        ),
    ),
}


class Notifier(Protocol):
    def send(
        self, template: str, *, to: str, personalisation: dict, reference: str = ""
    ) -> None: ...


def message_id_for(reference: str) -> str:
    """A Message-ID that is the same wherever and however often the message is sent."""
    digest = hashlib.sha256(reference.encode()).hexdigest()[:40]
    domain = (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost").strip(" >")
    return f"<{digest}@{domain}>"


class EmailNotify:
    """Sends the message as a plain-text email in the language that is active now."""

    def send(self, template: str, *, to: str, personalisation: dict, reference: str = "") -> None:
        subject, body = TEMPLATES[template]
        EmailMessage(
            # str() of a lazy string translates it into the active language.
            subject=str(subject) % personalisation,
            body=str(body) % personalisation,
            from_email=None,  # DEFAULT_FROM_EMAIL
            to=[to],
            headers={"Message-ID": message_id_for(reference)} if reference else None,
        ).send()
        # The template name only: addresses and answers are personal data and stay out of logs.
        logger.info("notify: sent %s by email", template)


def backend() -> Notifier:
    return import_string(getattr(settings, "NOTIFY_BACKEND", DEFAULT_BACKEND))()


def send(template: str, *, to: str, personalisation: dict, reference: str = "") -> None:
    """Send one message now. Unknown template names fail loudly, in development and in tests."""
    if template not in TEMPLATES:
        raise KeyError(f"no notification template called {template!r}")
    backend().send(template, to=to, personalisation=personalisation, reference=reference)
