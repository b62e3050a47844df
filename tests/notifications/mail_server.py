"""A real SMTP server on a loopback port (aiosmtpd), for tests that need one.

It records each email it accepted. With `stall` on it holds every conversation at the end of
DATA, neither accepting nor refusing, until `stall` is turned off (then it refuses, 451): that
is a send in flight, for a test to kill the worker in the middle of.
"""

import asyncio
import email
import random
import socket
import threading
from email.message import Message

from aiosmtpd.controller import Controller

# This part's own ports (see the team's notes); tried in random order so that parallel test
# workers rarely reach for the same one.
PORTS = range(8200, 8260)


def free_port() -> int:
    """A port in PORTS with nothing listening on it now: connecting to it is refused."""
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class MailServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.accepted: list[Message] = []
        self.stall = False
        self.stalled = threading.Event()  # set once a conversation is being held
        self._controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        if self.stall:
            self.stalled.set()
            while self.stall:
                await asyncio.sleep(0.05)
            return "451 Try again later"
        self.accepted.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    def start(self) -> "MailServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self.stall = False
        self._controller.stop()
