"""The e2e harness: the whole stack (four services, dev sinks) on the real Kafka and PostgreSQL.

Tests talk to the stack only through its public HTTP APIs, the dev sinks' listings and Kafka;
they never import service code. The stack is started with `remit_local` (the same code as
`make up`) unless it is already running, in which case it is reused and left running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx

SERVICE_URLS = {
    "invoice": "http://127.0.0.1:8001",
    "scheduler": "http://127.0.0.1:8002",
    "notifier": "http://127.0.0.1:8003",
    "statement": "http://127.0.0.1:8004",
}
SINK_URLS = {
    "mail": "http://127.0.0.1:8025",
    "sms": "http://127.0.0.1:8026",
    "print": "http://127.0.0.1:8027",
    "hooks": "http://127.0.0.1:8028",
}


@dataclass
class PersonalData:
    """Every email address, phone number and API key the e2e run handed to the system.

    The actors record what they create here; the last e2e module greps the stack's logs for
    each of them (personal data must never reach a log).
    """

    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    api_keys: set[str] = field(default_factory=set)

    def add(
        self,
        *,
        emails: list[str] | tuple[str, ...] = (),
        phone: str | None = None,
        api_key: str | None = None,
    ) -> None:
        self.emails.update(e for e in emails if e)
        if phone:
            self.phones.add(phone)
        if api_key:
            self.api_keys.add(api_key)

    def values(self) -> dict[str, set[str]]:
        return {"email": self.emails, "phone": self.phones, "api key": self.api_keys}


# One registry per test session (the e2e suite runs in one process).
PERSONAL_DATA = PersonalData()


@dataclass
class Stack:
    """Handles on the running system."""

    admin_token: str
    kafka_bootstrap: str
    http: httpx.AsyncClient

    def url(self, service: str, path: str) -> str:
        return f"{SERVICE_URLS[service]}{path}"

    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    async def now(self) -> datetime:
        """The system's (shared, controllable) clock."""
        response = await self.http.get(self.url("invoice", "/v1/_clock"))
        response.raise_for_status()
        return datetime.fromisoformat(response.json()["now"])

    async def advance_clock(self, delta: timedelta) -> datetime:
        """Move every service's clock forward by ``delta`` (they share one clock file)."""
        response = await self.http.post(
            self.url("invoice", "/v1/_clock"),
            json={"advance": delta.total_seconds()},
            headers=self.admin_headers(),
        )
        response.raise_for_status()
        return datetime.fromisoformat(response.json()["now"])
