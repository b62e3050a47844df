"""Errors to Sentry, only where SENTRY_DSN is set, and without personal data.

`send_default_pii=False` keeps out users, cookies and IP addresses. Sentry would still send
request bodies (form answers about a family), the local variables of each stack frame (records
being read) and the URL (a family's secret link, a record's id): all three are switched off or
removed here. An event's transaction is the route pattern, which says where it happened.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_sdk.types import Event


def without_urls(event: "Event", hint: dict[str, Any]) -> "Event":
    """Sentry's before_send: drop the request's URL and query string from an event."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("url", "query_string"):
            request.pop(key, None)
    return event


def sentry_init(*, dsn: str, environment: str, release: str) -> bool:
    """Start Sentry if a DSN is given; returns whether it started."""
    if not dsn:
        return False
    import sentry_sdk  # only where it is used: most machines never load it
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=without_urls,
    )
    return True
