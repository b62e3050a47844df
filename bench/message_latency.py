"""Benchmark: how long a message takes from its commit to sent, with a real worker running.

Starts `manage.py qcluster` on a bench database, then writes --messages messages one after
another, each in its own transaction as a family's request would, and times each from the
commit until the outbox says it is sent. Emails go to Django's in-memory backend, so the figure
is the queue's (the worker's polling and the job), not a mail server's.

    uv run python bench/message_latency.py                         # ORM queue, ./bench-jobs.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_jobs \\
        uv run python bench/message_latency.py                     # ORM queue on PostgreSQL
    REDIS_URL=redis://127.0.0.1:6379/0 uv run python bench/message_latency.py   # Redis queue

It runs `migrate` itself and never touches a developer's database (bench/benchdb.py).
"""

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

POLL = 0.005  # seconds between looks at the outbox: small beside what is measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between messages")
    options = parser.parse_args()

    configure_database("bench-jobs.sqlite3")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    broker = "Redis" if settings.Q_CLUSTER.get("redis") else "ORM (the database)"
    print(f"Queue: {broker}, {settings.Q_CLUSTER['workers']} worker(s)")

    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "qcluster"],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        send_and_wait(warm_up=True)
        latencies = []
        for _ in range(options.messages):
            time.sleep(options.gap)
            latencies.append(send_and_wait())
    finally:
        stop(worker)
    latencies.sort()
    print(f"Commit to sent, {len(latencies)} messages, one at a time:")
    print(f"  median {statistics.median(latencies) * 1000:.0f} ms")
    print(f"  p90    {latencies[int(len(latencies) * 0.9) - 1] * 1000:.0f} ms")
    print(f"  max    {latencies[-1] * 1000:.0f} ms")


def stop(worker: subprocess.Popen) -> None:
    """Ask the cluster to stop, as a process manager would; kill what is left after 10 s."""
    worker.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        worker.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def send_and_wait(warm_up: bool = False) -> float:
    """Write one message in a transaction; seconds from its commit until it is sent."""
    from django.db import transaction

    from familyhub.notifications.models import Message
    from familyhub.notifications.services import message_send

    committed: list[float] = []
    with transaction.atomic():
        # Registered first, so it runs first after the commit, before the job is queued.
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        message = message_send(
            template="resume_link",
            to="bench@example.org",
            personalisation={
                "link": "https://example.org/request-support/bench/",
                "expires": "1 May 2026",
                "service_name": "Family Hub",
                "council_name": "Bench Council",
            },
            idempotency_key=f"bench:{uuid.uuid4()}",
        )
    deadline = committed[0] + (120 if warm_up else 30)
    sent = Message.objects.filter(pk=message.pk, status=Message.Status.SENT)
    while not sent.exists():
        if time.perf_counter() > deadline:
            sys.exit(f"message {message.pk} was not sent in time: is the worker failing?")
        time.sleep(POLL)
    return time.perf_counter() - committed[0]


if __name__ == "__main__":
    main()
