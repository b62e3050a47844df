"""The address a request came from, as the lockout (django-axes) and the rate limits
(django-ratelimit) count it.

Behind a proxy or load balancer, REMOTE_ADDR is the proxy's own address: every visitor would
share one count. Each trusted proxy appends the address it received the request from to
X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in front of gunicorn the client is that
many entries from the right. Entries further left are whatever the client sent and are never
believed: otherwise anyone could choose the address they are counted against.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str:
    """The client's address: from X-Forwarded-For as far as trusted proxies wrote it, else the
    connection's. A header shorter than the proxy count, or not an address, is not believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies and (client := _address(forwarded[-proxies])):
            return client
    return _address(remote) or "0.0.0.0"  # noqa: S104 (a request with no address at all)
