"""Accounts under attack: a stranger cannot lock staff out, no page says whether an email has an
account, and public forms that send email or sign in are rate limited per client address."""

import ipaddress
import itertools
import re
import secrets
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory, TestCase

from familyhub.accounts.models import Role
from familyhub.cache import CountingDatabaseCache
from familyhub.client_address import client_ip_address
from familyhub.directory.models import OrganisationApplication
from tests.accounts.helpers import PASSWORD, totp_device
from tests.factories import StaffFactory

# Every test stands in one council (tests/conftest.py), the one the join form's answers name.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("council")]

SIGN_IN = "/staff/sign-in"
JOIN = "/list-your-organisation"
CODE_STEP = "/staff/sign-in/code"
LOCKED = "Your account is locked for 1 hour after 5 failed attempts."
TOO_MANY = "You have sent this form too many times"


# Client addresses in 10.0.0.0/8, each used once: the rate limits count in a cache that may be
# shared (Redis), so no two tests, or test processes, count against one address.
_next_address = itertools.count(secrets.randbelow(2**23))


def an_address() -> str:
    return str(ipaddress.IPv4Address("10.0.0.0") + next(_next_address))


def at(address: str, **headers) -> Client:
    """A browser at this client address."""
    return Client(REMOTE_ADDR=address, **headers)


@pytest.fixture
def triage_officer():
    officer = StaffFactory(role=Role.TRIAGE, email="triage.officer@example.org")
    totp_device(officer)
    return officer


def sign_in(client: Client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def same_page(html: str) -> str:
    """The page without what differs on every response (CSRF token, CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


# Lockout: the email and the address together


def test_a_strangers_wrong_passwords_do_not_lock_staff_out_at_their_own_address(triage_officer):
    stranger, officer = at("198.51.100.7"), at("192.0.2.10")
    for _ in range(5):
        sign_in(stranger, triage_officer.email, "guessing")
    assert LOCKED in sign_in(stranger, triage_officer.email, PASSWORD).content.decode()

    response = sign_in(officer, triage_officer.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == CODE_STEP


def test_five_wrong_passwords_from_one_address_still_lock_that_email_there(triage_officer):
    attacker = at("198.51.100.8")
    for _ in range(4):
        assert sign_in(attacker, triage_officer.email, "guessing").status_code == 200

    fifth = sign_in(attacker, triage_officer.email, "guessing")
    right = sign_in(attacker, triage_officer.email, PASSWORD)

    assert fifth.status_code == 429 and right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "_auth_user_id" not in attacker.session


def test_a_forwarded_for_header_is_not_believed_without_a_trusted_proxy(triage_officer):
    # The stranger claims to be at the officer's address: without a trusted proxy the header is
    # ignored, so the failures count against the stranger's own address.
    stranger = at("198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.11")
    for _ in range(5):
        sign_in(stranger, triage_officer.email, "guessing")

    assert sign_in(at("192.0.2.11"), triage_officer.email, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings, triage_officer):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The client may put anything in the header; the proxy appends the address it saw.
    stranger = at(proxy, HTTP_X_FORWARDED_FOR="192.0.2.12, 198.51.100.10")
    for _ in range(5):
        sign_in(stranger, triage_officer.email, "guessing")
    assert sign_in(stranger, triage_officer.email, PASSWORD).status_code == 429

    officer = at(proxy, HTTP_X_FORWARDED_FOR="192.0.2.12")

    assert sign_in(officer, triage_officer.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "192.0.2.1", "198.51.100.1", "192.0.2.1"),
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        # Fewer entries than proxies, or not an address: the connection's address.
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_what_the_proxies_wrote(
    settings, proxies, remote, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == client


# Enumeration: the same answer for a known and an unknown email


def test_sign_in_answers_the_same_for_a_known_and_an_unknown_email(triage_officer):
    known = sign_in(at(an_address()), triage_officer.email, "guessing")
    unknown = sign_in(at(an_address()), "nobody.here@example.org", "guessing")

    assert known.status_code == unknown.status_code == 200
    page = same_page(known.content.decode()).replace(triage_officer.email, "EMAIL")
    assert page == same_page(unknown.content.decode()).replace("nobody.here@example.org", "EMAIL")


def test_the_join_page_answers_the_same_for_a_known_and_an_unknown_email(triage_officer):
    def apply(email: str) -> str:
        response = at(an_address()).post(
            JOIN,
            {
                "local_authority": "E09000030",
                "name": "Shadwell Dads Club",
                "sector": "voluntary",
                "description": "Saturday mornings for dads and their children.",
                "contact_name": "Sam Example",
                "contact_email": email,
            },
        )
        assert response.status_code == 200
        assert "We have your application" in response.content.decode()
        return same_page(response.content.decode())

    assert apply(triage_officer.email) == apply("nobody.here@example.org")


# Rate limits on public forms, counted per client address


def join_answers(n: int) -> dict:
    return {
        "local_authority": "E09000030",
        "name": f"Club {n}",
        "sector": "voluntary",
        "description": "Saturday mornings.",
        "contact_name": "Sam Example",
        "contact_email": f"sam{n}@example.org",
    }


def test_the_join_form_is_limited_per_address(settings):
    settings.RATE_LIMIT_JOIN = "3/h"
    visitor = at(an_address())
    for n in range(3):
        assert visitor.post(JOIN, join_answers(n)).status_code == 200

    refused = visitor.post(JOIN, join_answers(3))

    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert "Nothing you sent this time has been saved" in refused.content.decode()
    assert OrganisationApplication.objects.count() == 3
    # Reading the form is not limited, and another address is counted apart.
    assert visitor.get(JOIN).status_code == 200
    assert at(an_address()).post(JOIN, join_answers(4)).status_code == 200


def test_sign_in_is_limited_per_address_whatever_the_email(settings):
    settings.RATE_LIMIT_SIGN_IN = "4/10m"
    sprayer = at(an_address())
    for n in range(4):
        assert sign_in(sprayer, f"person{n}@example.org", "Summer2026!").status_code == 200

    refused = sign_in(sprayer, "person4@example.org", "Summer2026!")

    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert sign_in(at(an_address()), "person4@example.org", "x").status_code == 200


def test_email_me_my_link_is_limited_per_address(settings, postcodes):
    from tests.frontdoor_factories import SupportRequestFactory

    settings.RATE_LIMIT_EMAIL_LINK = "2/h"
    draft = SupportRequestFactory()
    family = at(an_address())
    save = f"/request-support/{draft.resume_token}/save"
    for n in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert family.post(save, {"email": f"family{n}@example.org"}).status_code == 200

    refused = family.post(save, {"email": "family2@example.org"})

    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert family.get(save).status_code == 200


def test_the_429_page_is_in_the_visitors_language(settings):
    settings.RATE_LIMIT_JOIN = "1/h"
    visitor = at(an_address())
    visitor.cookies["django_language"] = "so"
    visitor.post(JOIN, join_answers(0))

    refused = visitor.post(JOIN, join_answers(1))

    assert refused.status_code == 429
    assert TOO_MANY not in refused.content.decode()
    assert 'lang="so"' in refused.content.decode()


# The database cache the limits count in


def test_the_database_cache_counts_every_increment_and_keeps_the_window():
    counter = CountingDatabaseCache("familyhub_cache", {})
    key = f"test-counter-{secrets.token_hex(4)}"
    counter.add(key, 0, timeout=3600)
    for _ in range(3):
        counter.incr(key)

    assert counter.get(key) == 3
    with pytest.raises(ValueError):
        counter.incr(f"{key}-missing")


def test_an_increment_does_not_extend_or_shorten_the_window():
    from django.db import connection

    counter = CountingDatabaseCache("familyhub_cache", {})
    key = f"test-window-{secrets.token_hex(4)}"
    counter.add(key, 0, timeout=3600)
    stored = counter.make_and_validate_key(key)

    def expires():
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM familyhub_cache WHERE cache_key = %s", [stored])
            return cursor.fetchone()[0]

    before = expires()
    counter.incr(key)
    assert expires() == before


def test_the_limits_count_in_the_shared_database_cache_without_redis(settings):
    assert not settings.REDIS_URL, "this suite runs without Redis"
    assert isinstance(caches["ratelimit"], CountingDatabaseCache)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM familyhub_cache")
        before = cursor.fetchone()[0]

    at(an_address()).post(JOIN, join_answers(0))

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM familyhub_cache")
        assert cursor.fetchone()[0] == before + 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_increments_are_all_counted():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # SQLite's shared-cache memory database (the test database) locks tables instead of
        # waiting for the writer, so threads there fail whatever the cache does; CI runs this on
        # PostgreSQL, where Django's own database cache lost most (9 of 80 counted, once measured).
        pytest.skip("needs a database that waits for its writers: run on PostgreSQL")
    counter = CountingDatabaseCache("familyhub_cache", {})
    key = f"test-race-{secrets.token_hex(4)}"
    counter.add(key, 0, timeout=3600)

    def increment_ten_times():
        try:
            for _ in range(10):
                counter.incr(key)
        finally:
            connection.close()

    threads = [threading.Thread(target=increment_ten_times) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert counter.get(key) == 80
