"""A real worker (`manage.py qcluster`, another process) killed in the middle of sending an email
and started again: the email arrives exactly once and the message is marked sent.

With the ORM queue (the default) the job itself comes back: the queue hands out again a job
that was never acknowledged. With Redis the killed worker's job is gone (django-q2's Redis
broker pops a job with no acknowledgement), and the sweep, run every minute by the schedule,
queues the message again once its claim has run out. Either way the claim on the message row
is what keeps it to one email.

The worker runs on the test's own database (conftest.py, shared_database_url).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
import redis
from django_q.conf import Conf
from django_q.models import OrmQ

from familyhub.notifications import notify
from familyhub.notifications.models import Message
from familyhub.notifications.services import message_send, messages_deliver_due
from tests.notifications.mail_server import MailServer, free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("jobs_worker")]

ROOT = Path(__file__).resolve().parents[2]
# This part's Redis database, never another's.
REDIS_URL = "redis://127.0.0.1:6379/5"
WAIT = 45  # seconds: far longer than any step should take, so a failure is a real one


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}; the worker said:\n{log.read_text()[-4000:]}")
        time.sleep(0.1)


def group_alive(group: int) -> list[int]:
    """Processes of the group that are still running (zombies are gone, only not yet reaped)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


class Worker:
    """`manage.py qcluster` in a process group of its own, so it can be killed whole."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to the cluster and every process it started: nothing gets to clean up."""
        if self.process is None:
            return
        group = self.process.pid
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 10
        while group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group_alive(group) == [], "a worker process survived SIGKILL"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture(params=["orm", "redis"])
def broker(request, monkeypatch) -> Iterator[str]:
    """This process queues jobs where the worker takes them from: a queue of the test's own."""
    queue = f"familyhub-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "CLUSTER_NAME", queue)
    if request.param == "orm":
        monkeypatch.setattr(Conf, "ORM", "default")
        yield "orm"
        return
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
    yield REDIS_URL
    client.delete(f"django_q:{queue}:q")


@pytest.fixture
def worker(broker, shared_database_url, mail_server, tmp_path) -> Iterator[Worker]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": shared_database_url,
        "JOBS_TEST_BROKER": broker,
        "JOBS_TEST_QUEUE": Conf.CLUSTER_NAME,
        "EMAIL_PORT": str(mail_server.port),
        "PYTHONUNBUFFERED": "1",
    }
    worker = Worker(env, tmp_path / "worker.log")
    yield worker
    worker.kill()


def status(message: Message) -> str:
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def test_a_worker_killed_mid_send_and_restarted_sends_the_email_once(worker, mail_server, broker):
    mail_server.stall = True
    message = message_send(
        template="resume_link",
        to="sam@example.org",
        personalisation={
            "link": "https://example.org/request-support/abc/",
            "expires": "1 May 2026",
            "service_name": "Family Hub",
            "council_name": "Tower Hamlets Council",
        },
        idempotency_key="resume_link:worker-test",
    )

    worker.start()
    wait_for(mail_server.stalled.is_set, "the worker to start sending", worker.log)
    assert status(message) == Message.Status.SENDING
    worker.kill()  # mid-conversation: the server has not accepted the email
    assert mail_server.accepted == []

    mail_server.stall = False
    worker.start()
    if broker == "orm":
        # The unacknowledged job is still in the queue, to be handed out again.
        assert OrmQ.objects.filter(key=Conf.CLUSTER_NAME).count() == 1
    else:
        # The Redis queue lost the job with the worker: the sweep finds the message instead,
        # once the dead worker's claim has run out. (The test runs the sweep itself rather than
        # wait up to a minute for its schedule.)
        assert redis.Redis.from_url(REDIS_URL).llen(f"django_q:{Conf.CLUSTER_NAME}:q") == 0
        wait_for(lambda: messages_deliver_due() == 1, "the sweep to queue it again", worker.log)
    wait_for(lambda: status(message) == Message.Status.SENT, "the message to be sent", worker.log)
    if broker == "orm":
        queued = OrmQ.objects.filter(key=Conf.CLUSTER_NAME)
        wait_for(lambda: not queued.exists(), "the job to be acknowledged", worker.log)
    worker.kill()

    [received] = mail_server.accepted
    assert received["To"] == "sam@example.org"
    assert received["Message-ID"] == notify.message_id_for("resume_link:worker-test")
    message.refresh_from_db()
    assert message.attempts == 2  # the killed attempt counts
