"""Sending a message to a family or a member of staff: one interface, two channels (email and
SMS), shaped like GOV.UK Notify.

    send("request_received", to="07700 900982", channel=SMS,
         personalisation={"reference": "FH-K7QW2M", ...}, reference="request_received:42")

A message is a template name, a channel, an address (an email address or a mobile number), the
template's placeholders (`personalisation`, plain strings, as Notify takes them) and a
`reference`, which names the message for good (its idempotency key). Email templates are
TEMPLATES (subject and body), text messages SMS_TEMPLATES (a short body): both are translated
like the rest of the service and written in the message's language.

The backend is one class, chosen by `backend()`:
- GovukNotify when NOTIFY_API_KEY is set: the real GOV.UK Notify client. Template names map to
  Notify template ids in NOTIFY_TEMPLATE_IDS; every message also carries our own rendered
  `subject` and `body`, so one generic Notify template per channel ("((subject))", "((body))")
  will do for a council that keeps its wording (and translations) here.
- FakeNotify in development (DEBUG) and in tests: records every message in `fake_sent`, an
  in-memory list tests can read, sends emails through Django's email backend (the console while
  developing, locmem in tests) and prints text messages to the console while developing.
- EmailNotify otherwise (production without a Notify key): Django email over SMTP. It has no
  SMS channel: a text message fails, and administrators see it at /staff/jobs/.
NOTIFY_BACKEND (a dotted path) overrides the choice.

The email's Message-ID is made from `reference`, so a message sent again (a worker stopped after
the mail server took it but before the outbox said so) is recognisably the same email; Notify
takes the `reference` for the same purpose.

Nothing calls `send` inside a web request: notifications.services.message_send writes the message
to the outbox and a background job calls `send` (see notifications/services.py).
"""

import hashlib
import logging
import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "familyhub.notifications.notify.EmailNotify"
FAKE_BACKEND = "familyhub.notifications.notify.FakeNotify"
GOVUK_NOTIFY_BACKEND = "familyhub.notifications.notify.GovukNotify"

# The channels, as Message.channel stores them.
EMAIL = "email"
SMS = "sms"

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
    # The family feedback survey (feedback.services): after an episode of early help closed,
    # and after a session a family came to. No family details: who their adviser is, or which
    # session, and the survey's link.
    "feedback_episode": (
        _("How was the help your family got from %(service_name)s?"),
        _(
            "Your family's early help from %(service_name)s has now finished.\n\n"
            "Please tell us how it went for you and your children: 3 short questions, about "
            "2 minutes. You do not need to sign in:\n%(link)s\n\n"
            "The link works until %(expires)s. You do not have to answer, and what you say will "
            "not change the help your family can get.\n\n"
            "Your family adviser is %(adviser)s at %(adviser_organisation)s. You can contact "
            "them if you need help again.\n\n"
            "%(council_name)s"
        ),
    ),
    "feedback_session": (
        _("How was %(activity)s?"),
        _(
            "Thank you for coming to %(activity)s at %(place)s on %(when)s.\n\n"
            "Please tell us how it went: 3 short questions, about 2 minutes. You do not need "
            "to sign in:\n%(link)s\n\n"
            "The link works until %(expires)s. You do not have to answer.\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    # A notice to a member of staff (notifications.services.notice_send), the same as on their
    # notifications page (staff, English). The text names a family by its reference only.
    "notice": (
        _("%(service_name)s: %(text)s"),
        _("%(text)s\n\nSee it in %(service_name)s (sign-in needed):\n%(link)s\n\n%(service_name)s"),
    ),
    # To the council's locality managers when triage's join waits for one of them (staff,
    # English). No family details: only the request's reference and the joins page, which
    # needs sign-in.
    "join_waiting": (
        _("A join is waiting for a locality manager: %(reference)s"),
        _(
            "Triage matched the people in a request for help to a household whose consent "
            "to share says something different. The request waits until a locality manager "
            "confirms the join or keeps the request apart.\n\n"
            "Request reference: %(reference)s\n\n"
            "Joins waiting for a decision (sign-in needed):\n%(link)s\n\n"
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
    # To a member of staff a council administrator invited (familyhub.staffaccounts; staff,
    # English): the one-time link to create their first password.
    "staff_invited": (
        _("Your %(service_name)s account: create your password"),
        _(
            "Dear %(name)s,\n\n"
            "%(council_name)s has made you a staff account for %(service_name)s.\n\n"
            "Create your password with this link. It works once, for %(days)s days:\n"
            "%(link)s\n\n"
            "Then you will set up an authenticator app on your phone: you need a code from it "
            "each time you sign in.\n\n"
            "If you did not expect this email, tell your manager or the service desk.\n\n"
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
    # To a family triage signposted (triage.services): the services it chose, each with its
    # name, phone and public page (`services`, a list written in the family's language).
    "signposts": (
        _("Services that can help your family: %(reference)s"),
        _(
            "Thank you for asking %(service_name)s for help. Your reference is "
            "%(reference)s.\n\n"
            "We think these services can help your family. You can contact them yourself:\n\n"
            "%(services)s\n\n"
            "If things get harder, you can ask us for help again.\n\n"
            "If a child is in danger right now, call 999.\n\n"
            "%(council_name)s"
        ),
    ),
    # To a family that booked a session (activities.services): booked, waiting, offered a place
    # that came free, and the day before. Each carries the link to cancel.
    "booking_confirmed": (
        _("Your place is booked: %(activity)s"),
        _(
            "You have a place at %(activity)s.\n\n"
            "Where: %(place)s\nWhen: %(when)s\n\n"
            "If you cannot come, please cancel so another family can have your place:\n"
            "%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    "booking_waiting": (
        _("You are on the waiting list: %(activity)s"),
        _(
            "%(activity)s is full, so you are on the waiting list.\n\n"
            "Where: %(place)s\nWhen: %(when)s\n\n"
            "If a place comes free, it is yours and we will tell you.\n\n"
            "To leave the waiting list:\n%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    "booking_place_offered": (
        _("A place came free and it is yours: %(activity)s"),
        _(
            "Good news: a place came free at %(activity)s and it is booked for you.\n\n"
            "Where: %(place)s\nWhen: %(when)s\n\n"
            "If you cannot come, please cancel so another family can have your place:\n"
            "%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    "booking_reminder": (
        _("See you tomorrow: %(activity)s"),
        _(
            "A reminder that you have a place at %(activity)s.\n\n"
            "Where: %(place)s\nWhen: %(when)s\n\n"
            "If you cannot come, please cancel so another family can have your place:\n"
            "%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    # To a new parent, after a birth notification (startforlife.services): the next welcome
    # session at their hub, with the page to book a place.
    "welcome_invitation": (
        _("Congratulations on your baby: come to %(activity)s"),
        _(
            "Congratulations on the birth of your baby.\n\n"
            "Your Family Hub invites you to %(activity)s, a welcome session for new parents "
            "and their babies. Meet other parents, and the people who can help you in your "
            "baby's first years.\n\n"
            "Where: %(place)s\nWhen: %(when)s\n\n"
            "It is free. Book a place here:\n%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
    # To a family on DWP's termly list of eligible 2-year-olds (earlyeducation.services): the
    # nearest providers of funded places (`providers`, written in the family's language) and
    # the code to quote. A family without an email address or mobile gets the same by letter.
    "two_year_offer_invitation": (
        _("Free early education for %(child)s from %(term)s"),
        _(
            "Dear %(parent)s,\n\n"
            "%(child)s can have 15 hours a week of free early education at a nursery, "
            "pre-school or childminder from %(term)s. It is free: you do not pay for these "
            "hours.\n\n"
            "Places near you:\n%(providers)s\n\n"
            "Contact one of them, or any other provider you like, and give them this code: "
            "%(code)s\n\n"
            "Find out more and how to apply:\n%(link)s\n\n"
            "%(service_name)s, %(council_name)s"
        ),
    ),
}


# name → body of the text message, for the templates a family may get by text. Short: a text
# message is read on a phone's lock screen, and Notify bills by the 160-character fragment
# (70 in Bengali script). The link is last, on its own, so phones make it tappable.
SMS_TEMPLATES = {
    "request_received": _(
        "%(service_name)s: we have your request for help. Your reference is %(reference)s. "
        "We will contact you within %(days)s working days. If a child is in danger now, "
        "call 999. Your request (keep this link private):\n%(link)s"
    ),
    "resume_link": _(
        "%(service_name)s: finish asking for help with this link until %(expires)s. "
        "Keep it private:\n%(link)s"
    ),
    "feedback_episode": _(
        "%(service_name)s: your family's early help has finished. How did it go? 3 short "
        "questions, no sign-in. Your family adviser is %(adviser)s at "
        "%(adviser_organisation)s if you need help again.\n%(link)s"
    ),
    "feedback_session": _(
        "%(service_name)s: thank you for coming to %(activity)s. How was it? 3 short "
        "questions, no sign-in:\n%(link)s"
    ),
    "signposts": _(
        "%(service_name)s: about your request %(reference)s, these services can help your "
        "family. Contact them yourself:\n%(services)s"
    ),
    "welcome_invitation": _(
        "%(service_name)s: congratulations on your baby! Come to %(activity)s, a free welcome "
        "session for new parents, at %(place)s, %(when)s. Book a place:\n%(link)s"
    ),
    "booking_confirmed": _(
        "%(service_name)s: your place at %(activity)s, %(place)s, %(when)s is booked. "
        "Cannot come? Cancel:\n%(link)s"
    ),
    "booking_waiting": _(
        "%(service_name)s: %(activity)s, %(place)s, %(when)s is full. You are on the waiting "
        "list and we will text you if a place comes free. To leave the list:\n%(link)s"
    ),
    "booking_place_offered": _(
        "%(service_name)s: a place came free at %(activity)s, %(place)s, %(when)s and it is "
        "booked for you. Cannot come? Cancel:\n%(link)s"
    ),
    "booking_reminder": _(
        "%(service_name)s: see you at %(activity)s, %(place)s, %(when)s. Cannot come? "
        "Cancel:\n%(link)s"
    ),
    "two_year_offer_invitation": _(
        "%(service_name)s: %(child)s can have 15 free hours a week of early education from "
        "%(term)s. Give a nursery or childminder the code %(code)s. Places near you:\n"
        "%(providers)s\nHow to apply:\n%(link)s"
    ),
}

TEMPLATES_BY_CHANNEL = {EMAIL: TEMPLATES, SMS: SMS_TEMPLATES}


class ChannelUnavailable(Exception):
    """This backend cannot send by this channel (EmailNotify has no SMS)."""


class Notifier(Protocol):
    def send(
        self,
        template: str,
        *,
        to: str,
        personalisation: dict,
        reference: str = "",
        channel: str = EMAIL,
    ) -> None: ...


def has_template(template: str, channel: str = EMAIL) -> bool:
    return template in TEMPLATES_BY_CHANNEL.get(channel, {})


def render(template: str, channel: str, personalisation: dict) -> tuple[str, str]:
    """The subject (empty for a text message) and body, in the language that is active now."""
    # str() of a lazy string translates it into the active language.
    if channel == SMS:
        return "", str(SMS_TEMPLATES[template]) % personalisation
    subject, body = TEMPLATES[template]
    return str(subject) % personalisation, str(body) % personalisation


def message_id_for(reference: str) -> str:
    """A Message-ID that is the same wherever and however often the message is sent."""
    digest = hashlib.sha256(reference.encode()).hexdigest()[:40]
    domain = (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost").strip(" >")
    return f"<{digest}@{domain}>"


class EmailNotify:
    """Sends the message as a plain-text email in the language that is active now."""

    # The channels this backend can deliver on (texts need Notify, or the fake).
    channels: tuple[str, ...] = (EMAIL,)

    def send(
        self,
        template: str,
        *,
        to: str,
        personalisation: dict,
        reference: str = "",
        channel: str = EMAIL,
    ) -> None:
        if channel != EMAIL:
            raise ChannelUnavailable(f"{type(self).__name__} cannot send by {channel}")
        subject, body = render(template, EMAIL, personalisation)
        EmailMessage(
            subject=subject,
            body=body,
            from_email=None,  # DEFAULT_FROM_EMAIL
            to=[to],
            headers={"Message-ID": message_id_for(reference)} if reference else None,
        ).send()
        # The template name only: addresses and answers are personal data and stay out of logs.
        logger.info("notify: sent %s by email", template)


@dataclass(frozen=True)
class FakeMessage:
    """What FakeNotify was asked to send, as the family would have read it."""

    channel: str
    template: str
    to: str
    subject: str
    body: str
    reference: str
    language: str


# Every message FakeNotify "sent" in this process, oldest first (the latest FAKE_KEEP: a
# development worker runs for days). Tests clear it: the `fake_notify` fixture.
fake_sent: list[FakeMessage] = []
FAKE_KEEP = 1000


class FakeNotify(EmailNotify):
    """Development and tests: records each message in `fake_sent`, emails through Django's
    email backend (the console, or locmem in tests) and prints text messages while developing,
    so `make run` shows what a family would have received on either channel."""

    channels = (EMAIL, SMS)

    def send(
        self,
        template: str,
        *,
        to: str,
        personalisation: dict,
        reference: str = "",
        channel: str = EMAIL,
    ) -> None:
        subject, body = render(template, channel, personalisation)
        language = translation.get_language() or settings.LANGUAGE_CODE
        if channel == EMAIL:
            # Recorded only once the email backend took it (a test's mail server may refuse).
            super().send(template, to=to, personalisation=personalisation, reference=reference)
        elif settings.DEBUG:
            # Like Django's console email backend: only ever on a developer's machine.
            sys.stdout.write(f"Text message to {to} ({reference}):\n{body}\n{'-' * 79}\n")
            sys.stdout.flush()
        fake_sent.append(FakeMessage(channel, template, to, subject, body, reference, language))
        del fake_sent[:-FAKE_KEEP]
        logger.info("notify (fake): recorded %s by %s", template, channel)


def notify_template_id(template: str, channel: str, language: str) -> str:
    """The GOV.UK Notify template id for this message, from NOTIFY_TEMPLATE_IDS.

    Most specific first: "request_received:sms:bn", then "request_received:sms", then a
    channel's generic template "*:sms" (whose body is our rendered "((body))")."""
    ids: dict[str, str] = getattr(settings, "NOTIFY_TEMPLATE_IDS", {})
    short_language = language.split("-")[0]
    for key in (f"{template}:{channel}:{short_language}", f"{template}:{channel}", f"*:{channel}"):
        if ids.get(key):
            return ids[key]
    raise KeyError(f"no GOV.UK Notify template id for {template!r} by {channel}")


class GovukNotify:
    """The real GOV.UK Notify, used when NOTIFY_API_KEY is set.

    Notify is given the template's own placeholders and our rendered `subject` and `body`, so
    either kind of Notify template works: one written with this service's placeholders, or a
    generic "((subject))" / "((body))" one that leaves the wording and its translations here.
    """

    channels = (EMAIL, SMS)

    def __init__(self) -> None:
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL
        )

    def send(
        self,
        template: str,
        *,
        to: str,
        personalisation: dict,
        reference: str = "",
        channel: str = EMAIL,
    ) -> None:
        subject, body = render(template, channel, personalisation)
        language = translation.get_language() or settings.LANGUAGE_CODE
        arguments = {
            "template_id": notify_template_id(template, channel, language),
            # Notify takes strings (or lists) only.
            "personalisation": {key: str(value) for key, value in personalisation.items()}
            | {"subject": subject, "body": body},
            "reference": reference or None,
        }
        if channel == SMS:
            self.client.send_sms_notification(phone_number=to, **arguments)
        else:
            self.client.send_email_notification(email_address=to, **arguments)
        logger.info("notify: sent %s by %s through GOV.UK Notify", template, channel)


def backend_path() -> str:
    """NOTIFY_BACKEND if set; else Notify with a key, the fake while developing, else email."""
    configured = getattr(settings, "NOTIFY_BACKEND", "")
    if configured:
        return configured
    if getattr(settings, "NOTIFY_API_KEY", ""):
        return GOVUK_NOTIFY_BACKEND
    return FAKE_BACKEND if settings.DEBUG else DEFAULT_BACKEND


def sends_by(channel: str) -> bool:
    """Whether this deployment's backend can deliver on the channel: without a GOV.UK Notify key
    a production site sends email only, so a text would fail every retry."""
    return channel in import_string(backend_path()).channels


def backend() -> Notifier:
    return import_string(backend_path())()


def send(
    template: str,
    *,
    to: str,
    personalisation: dict,
    reference: str = "",
    channel: str = EMAIL,
) -> None:
    """Send one message now. Unknown templates (for this channel) fail loudly, in development
    and in tests."""
    if not has_template(template, channel):
        raise KeyError(f"no {channel} notification template called {template!r}")
    backend().send(
        template, to=to, personalisation=personalisation, reference=reference, channel=channel
    )
