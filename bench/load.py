"""Mixed traffic against gunicorn on PostgreSQL, with a PostgreSQL restart in the middle.

Creates its own PostgreSQL cluster (initdb) in a temporary folder on its own port, never the
machine's server; migrates it, loads the demo borough and a few families with open episodes and
draft assessments; starts gunicorn with production settings and the job worker; then, for a fixed
time, drives from threads on loopback:

- search: the public directory search, a postcode and filters;
- front door: a family's whole journey through /request-support/, each request retried (as a
  browser's user would) after a connection error or a 5xx, the submission with the same draft
  and the same submission key; some submissions are sent twice on purpose, as after a lost
  response;
- record: a lead professional's read of a family record (each read writes its audit event);
- autosave: the same lead's autosaves of a draft assessment, one episode per thread.

Half way through it restarts PostgreSQL (`pg_ctl restart -m fast`) and keeps the traffic going.
At the end it prints throughput, p50/p95 per kind, errors by kind, and checks the submissions the
families saw acknowledged (the reference on the "sent" page) against the requests stored.

    uv run python bench/load.py              # 60 seconds
    uv run python bench/load.py --seconds 30

Everything it starts is stopped and the temporary folder removed on the way out.
"""

import argparse
import base64
import glob
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
PG_PORT = 55432
WEB_PORTS = range(8600, 8610)
DATABASE = "familyhub_bench_load"
PASSWORD = "familyhub-demo-2026"  # every demo account's (README)
TOTP_SECRET = "FAMILYHUBDEMOTOTPSECRETKEY234567"  # the demo accounts' published secret (README)
LEAD = "lead.professional@example.org"
POSTCODES = ["E1 0AA", "E1 6AN", "E14 2BG", "E3 2AA", "E2 0AA"]
TIMEOUT = 15
# A family's browser gives up on one request after this many tries (a quarter second apart).
TRIES = 60
REFERENCE = re.compile(r"FH-[A-HJ-NP-Z2-9]{6}")
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')

# Bench rows made through the same services the pages use: families the demo lead professional's
# organisation works with under consent, each with an open episode and a draft assessment.
SETUP = """
import json
from familyhub.accounts.models import Membership, User
from familyhub.casework.models import Episode
from familyhub.casework.services.assessment import assessment_start
from familyhub.casework.services.episodes import episode_open
from familyhub.families.models import Consent
from tests.families_factories import FamilyMembershipFactory, family_with_consent_for
lead = User.objects.get(email="%(lead)s")
organisation = Membership.objects.filter(user=lead).first().organisation
episodes = []
for n in range(%(families)d):
    family = family_with_consent_for(
        organisation, worker=lead, scope=Consent.Scope.WHOLE_RECORD,
        local_authority=organisation.local_authority, reference=f"BENCH{n:04d}",
    )
    FamilyMembershipFactory(family=family)
    episode = episode_open(
        family=family, lead_professional=lead, lead_organisation=organisation,
        source=Episode.Source.TRIAGE, by=lead,
    )
    assessment_start(episode, lead)
    episodes.append({"family": str(family.pk), "episode": str(episode.pk)})
print("BENCH-ROWS " + json.dumps(episodes))
"""


# --- Processes ------------------------------------------------------------------------------


class Stack:
    """The cluster, gunicorn and the worker; `close()` stops whatever was started."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix="familyhub-load-"))
        self.data = self.tmp / "pgdata"
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []
        self.pg_started = False
        bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bindir:
            sys.exit("PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin)")
        self.bin = Path(bindir[-1])
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}",
            "FAMILYHUB_DEMO": "true",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "STATIC_ROOT": str(self.tmp / "static"),
            "LOG_LEVEL": "WARNING",
            "BIND_ADDRESS": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONPATH": str(REPO),
        }

    # PostgreSQL refuses to run as root: its commands run as the postgres user.
    def _pg(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=self.tmp)

    def start_database(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PG_PORT)) == 0:
                sys.exit(f"port {PG_PORT} is taken: another load bench running?")
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {PG_PORT} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=on"
        self.pg_started = True
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.tmp / "pg.log"),
            "-w",
            "start",
        )
        for _ in range(100):
            try:
                self._pg("pg_isready", "-h", "127.0.0.1", "-p", str(PG_PORT))
                break
            except subprocess.CalledProcessError:
                time.sleep(0.1)
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", DATABASE)

    def restart_database(self) -> tuple[float, float]:
        """When the restart began and when PostgreSQL took connections again (monotonic)."""
        started = time.monotonic()
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "restart")
        return started, time.monotonic()

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"manage.py {args[0]} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return done.stdout

    def spawn(self, name: str, *args: str) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed in close()
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                [sys.executable, *args],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own, stopped as one
            )
        )

    def wait_for_web(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/accessibility", timeout=10).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still booting
                pass
            time.sleep(0.2)
        sys.exit("gunicorn did not start:\n" + (self.tmp / "gunicorn.log").read_text()[-3000:])

    def logged_errors(self, name: str) -> str:
        """The exceptions a process logged (JSON lines, familyhub/logs.py), counted."""
        found: Counter = Counter()
        for line in (self.tmp / f"{name}.log").read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("level") in ("ERROR", "CRITICAL"):
                last = (entry.get("exception") or entry.get("message") or "").strip()
                found[last.splitlines()[-1][:160] if last else "?"] += 1
        return "; ".join(f"{count} x {what}" for what, count in found.most_common(5))

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self.logs:
            log.close()
        if self.pg_started:
            try:
                self._pg("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")
            except subprocess.CalledProcessError:
                print("pg_ctl stop failed; see", self.tmp / "pg.log")
                return
        shutil.rmtree(self.tmp, ignore_errors=True)


def _free_port() -> int:
    for port in WEB_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    sys.exit(f"no free port in {WEB_PORTS.start}-{WEB_PORTS.stop - 1}")


# --- Clients --------------------------------------------------------------------------------


class Record:
    """Every request's kind, outcome (status code or error name) and time, from all threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.acknowledged: list[tuple[str, str]] = []  # (reference, email)
        self.abandoned = 0
        self.replayed = 0
        self.failures: list[tuple[float, str]] = []  # (when it ended, "kind outcome")

    def add(self, kind: str, outcome: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.outcomes[kind][outcome] += 1
            if not outcome.isdigit() or int(outcome) >= 500:
                self.failures.append((time.monotonic(), f"{kind} {outcome}"))


def browser() -> requests.Session:
    """A browser with a CSRF cookie of its own (a 32-character secret Django accepts)."""
    session = requests.Session()
    csrf = secrets.token_hex(16)
    session.cookies.set("csrftoken", csrf)
    session.headers["X-CSRFToken"] = csrf
    return session


def timed(
    record: Record, kind: str, session: requests.Session, method: str, url: str, **kwargs
) -> requests.Response | None:
    started = time.monotonic()
    try:
        response = session.request(method, url, timeout=TIMEOUT, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        record.add(kind, type(exc).__name__, time.monotonic() - started)
        return None
    record.add(kind, str(response.status_code), time.monotonic() - started)
    return response


def retried(record: Record, kind: str, session, method: str, url: str, **kwargs):
    """As a family would: a connection error or a server error, and they try again."""
    for _ in range(TRIES):
        response = timed(record, kind, session, method, url, **kwargs)
        if response is not None and response.status_code < 500:
            return response
        time.sleep(0.25)
    return None


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: the code an authenticator app shows now (SHA-1, 30 s, 6 digits)."""
    import hashlib
    import hmac
    import struct

    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def same_browser(session: requests.Session) -> requests.Session:
    """Another tab of the same browser: the same cookies, a session object of its own."""
    tab = requests.Session()
    tab.cookies.update(session.cookies)
    tab.headers.update(session.headers)
    return tab


def keep_csrf(session: requests.Session, response: requests.Response) -> None:
    """Signing in rotates the CSRF secret: keep only the new one and send it, as a form would."""
    rotated = response.cookies.get("csrftoken")
    if rotated:
        for cookie in [c for c in session.cookies if c.name == "csrftoken"]:
            session.cookies.clear(cookie.domain, cookie.path, cookie.name)
        session.cookies.set("csrftoken", rotated)
        session.headers["X-CSRFToken"] = rotated


def sign_in(base: str, email: str) -> requests.Session:
    """Password, then the authenticator code, through the real sign-in pages."""
    session = browser()
    steps = [
        ("/staff/sign-in", {"username": email, "password": PASSWORD}),
        ("/staff/sign-in/code", {"code": totp(TOTP_SECRET)}),
    ]
    for path, data in steps:
        response = session.post(base + path, data=data, timeout=TIMEOUT, allow_redirects=False)
        if response.status_code != 302 or "/sign-in" in response.headers["Location"].replace(
            "/sign-in/code", ""
        ):
            sys.exit(f"{path} refused {email}: {response.status_code}")
        keep_csrf(session, response)
    return session


def search_loop(base: str, record: Record, until: float, seed: int) -> None:
    rng = random.Random(seed)
    session = browser()
    while time.monotonic() < until:
        params = {"postcode": rng.choice(POSTCODES), "distance": rng.choice(["1", "2", "5"])}
        params |= rng.choice(
            [
                {"age": "0-2"},
                {"cost": "free"},
                {"day": "6"},
                {"delivery": "online"},
                {"q": "baby"},
                {},
            ]
        )
        timed(record, "search", session, "GET", base + "/find", params=params)


def journey(base: str, record: Record, rng: random.Random, email: str) -> None:
    """One family's request, every answer retried until the server takes it."""
    session = browser()
    response = retried(
        record,
        "frontdoor",
        session,
        "POST",
        base + "/request-support/who",
        data={"asker": "parent"},
    )
    if response is None or response.status_code != 302:
        record.abandoned += 1
        return
    token = response.headers["Location"].split("/request-support/")[1].split("/")[0]
    url = f"{base}/request-support/{token}/"
    answers = [
        (
            "people/add/child",
            {
                "given_name": "Amira",
                "family_name": "Bench",
                "date_of_birth_day": "14",
                "date_of_birth_month": "2",
                "date_of_birth_year": "2021",
            },
        ),
        ("people", {"add_another": "no"}),
        ("worries", {"worries": "My son does not sleep and I am tired."}),
        ("help", {"help": ["parenting", "money"]}),
        ("safety", {"at_risk": "no"}),
        ("address", {"address_1": "1 Example Street", "city": "London", "postcode": "E1 0AA"}),
        ("contact", {"contact_name": "Sam Bench", "contact_method": "email", "email": email}),
        ("language", {"language": "bn", "interpreter": "no"}),
        ("sharing", {"consent": "yes"}),
    ]
    for step, data in answers:
        response = retried(record, "frontdoor", session, "POST", url + step, data=data)
        if response is None or response.status_code != 302:
            record.abandoned += 1
            return
    response = retried(record, "frontdoor", session, "GET", url + "check")
    found = SUBMISSION_KEY.search(response.text) if response is not None else None
    if found is None:
        record.abandoned += 1
        return
    key = found.group(1)
    # Sometimes the answer to "send" is lost and the family presses it again: same key.
    sends = 2 if rng.random() < 0.2 else 1
    record.replayed += sends - 1
    for _ in range(sends):
        response = retried(
            record, "submit", session, "POST", url + "check", data={"submission_key": key}
        )
    if (
        response is None
        or response.status_code != 302
        or "/sent" not in response.headers["Location"]
    ):
        record.abandoned += 1
        return
    response = retried(record, "frontdoor", session, "GET", url + "sent")
    reference = REFERENCE.search(response.text) if response is not None else None
    if reference is None:
        record.abandoned += 1
        return
    with record.lock:
        record.acknowledged.append((reference.group(0), email))


def frontdoor_loop(base: str, record: Record, until: float, seed: int) -> None:
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < until:
        n += 1
        journey(base, record, rng, f"bench-{seed}-{n}@example.org")


def record_loop(base, record, until, session, families, seed) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        family = rng.choice(families)
        timed(record, "record", session, "GET", f"{base}/staff/families/{family}/")


def autosave_loop(base, record, until, session, episode, seed) -> None:
    url = f"{base}/staff/casework/{episode}/assessment/autosave"
    version = 1
    n = 0
    while time.monotonic() < until:
        n += 1
        data = {"base_version": str(version), "analysis": f"Autosave {seed}-{n}"}
        response = timed(record, "autosave", session, "POST", url, data=data)
        if response is None:
            continue
        if response.status_code == 200:
            version = response.json()["version"]
        elif response.status_code == 409:
            version = response.json()["conflict"]["version"]
        time.sleep(0.2)  # the page's autosave is seconds apart; several tabs make up the rate


# --- The run --------------------------------------------------------------------------------


def stored_requests(stack: Stack) -> list[tuple[str, str]]:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=DATABASE) as conn:
        rows = conn.execute(
            "SELECT reference, email FROM frontdoor_supportrequest "
            "WHERE status <> 'draft' AND email LIKE 'bench-%%@example.org'"
        ).fetchall()
    return [(str(reference), str(email)) for reference, email in rows]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(record: Record, seconds: float, restart: tuple[float, float], stored) -> None:
    total = sum(len(times) for times in record.times.values())
    print(f"\n{total} requests in {seconds:.1f} s: {total / seconds:.1f} requests/s")
    down, up = restart
    print(f"PostgreSQL restart (pg_ctl restart -m fast) took {up - down:.2f} s")
    print(f"\n{'kind':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}  outcomes")
    for kind in ("search", "frontdoor", "submit", "record", "autosave"):
        times = record.times.get(kind)
        if not times:
            continue
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(record.outcomes[kind].items()))
        print(
            f"{kind:<10} {len(times):>8} {statistics.median(times) * 1000:>8.0f} "
            f"{percentile(times, 0.95) * 1000:>8.0f}  {outcomes}"
        )
    errors = Counter()
    for kind, outcomes in record.outcomes.items():
        for outcome, count in outcomes.items():
            if not outcome.isdigit() or int(outcome) >= 500:
                errors[f"{kind} {outcome}"] += count
    print("\nerrors by kind:", ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none")
    # A request that ended while the database was down, or within a second of it coming back
    # (requests already waiting on the old connection), is the restart's; any other is a fault.
    phases: dict[str, Counter] = defaultdict(Counter)
    for ended, what in record.failures:
        phase = "before" if ended < down else "during" if ended <= up + 1 else "after"
        phases[phase][what] += 1
    for phase in ("before", "during", "after"):
        found = ", ".join(f"{k}: {v}" for k, v in sorted(phases[phase].items())) or "none"
        print(f"  {phase} the restart: {found}")

    acknowledged = {reference for reference, _ in record.acknowledged}
    stored_references = Counter(reference for reference, _ in stored)
    by_email = Counter(email for _, email in stored)
    lost = acknowledged - set(stored_references)
    duplicated = sum(n - 1 for n in by_email.values() if n > 1)
    unacknowledged = set(stored_references) - acknowledged
    print(
        f"\nsubmissions: {len(acknowledged)} acknowledged, {len(stored)} stored, "
        f"{len(lost)} lost, {duplicated} duplicated"
    )
    print(
        f"({record.replayed} sends pressed twice on purpose; {record.abandoned} journeys given "
        f"up; {len(unacknowledged)} stored but never acknowledged)"
    )
    if lost:
        print("lost:", ", ".join(sorted(lost)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--search", type=int, default=2, help="search threads")
    parser.add_argument("--frontdoor", type=int, default=3, help="front-door threads")
    parser.add_argument("--records", type=int, default=2, help="record-reading threads")
    parser.add_argument("--autosaves", type=int, default=2, help="autosaving threads")
    args = parser.parse_args()

    stack = Stack(args.workers)
    try:
        print(f"PostgreSQL cluster in {stack.tmp} on 127.0.0.1:{PG_PORT}")
        stack.start_database()
        for command in (
            ["migrate", "--no-input"],
            ["load_demo_borough"],
            ["load_demo_frontdoor"],
            ["collectstatic", "--no-input"],
        ):
            started = time.monotonic()
            stack.manage(*command)
            print(f"  manage.py {command[0]}: {time.monotonic() - started:.1f} s")
        setup = SETUP % {"lead": LEAD, "families": max(args.records, args.autosaves, 4)}
        out = stack.manage("shell", "-c", setup)
        rows = json.loads(out.split("BENCH-ROWS ", 1)[1])
        stack.spawn("gunicorn", "-m", "gunicorn", "--config", "gunicorn.conf.py", "familyhub.wsgi")
        stack.spawn("qcluster", "manage.py", "qcluster")
        stack.wait_for_web()
        print(f"gunicorn ({args.workers} workers) on {stack.url}, job worker running")

        staff = sign_in(stack.url, LEAD)  # one verified session, shared as tabs of one browser
        families = [row["family"] for row in rows]
        record = Record()
        started = time.monotonic()
        until = started + args.seconds
        threads = []
        for n in range(args.search):
            threads.append((search_loop, (stack.url, record, until, n)))
        for n in range(args.frontdoor):
            threads.append((frontdoor_loop, (stack.url, record, until, 100 + n)))
        for n in range(args.records):
            threads.append(
                (record_loop, (stack.url, record, until, same_browser(staff), families, 200 + n))
            )
        for n in range(args.autosaves):
            episode = rows[n]["episode"]
            threads.append(
                (autosave_loop, (stack.url, record, until, same_browser(staff), episode, 300 + n))
            )
        running = [threading.Thread(target=f, args=a, daemon=True) for f, a in threads]
        for thread in running:
            thread.start()
        print(f"{len(running)} client threads for {args.seconds:.0f} s; restart half way")
        time.sleep(args.seconds / 2)
        restart = stack.restart_database()
        print(f"PostgreSQL restarted at {time.monotonic() - started:.1f} s")
        for thread in running:
            thread.join()  # a journey under way finishes (its retries are bounded)
        elapsed = time.monotonic() - started
        report(record, elapsed, restart, stored_requests(stack))
        for name in ("gunicorn", "qcluster"):
            print(f"\n{name}'s logged errors:", stack.logged_errors(name) or "none")
    finally:
        stack.close()


if __name__ == "__main__":
    main()
