"""HTTP plumbing shared by the sinks: serving, auth, body parsing, faults, health.

Starlette's own form parser needs ``python-multipart``; the sinks parse url-encoded and
multipart bodies with the stdlib instead, so ``remit-local`` needs no extra dependency.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    return sock


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to whoever runs the loop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class HttpServer:
    """One running FastAPI app; ``stop()`` finishes in-flight requests, then returns."""

    server: uvicorn.Server
    task: asyncio.Task[None]
    port: int

    async def stop(self) -> None:
        self.server.should_exit = True
        await self.task


async def start_http(app: FastAPI, sock: socket.socket) -> HttpServer:
    """Serve ``app`` on an already bound socket inside the running loop."""
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=5
    )
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=f"http:{app.title}")
    while not server.started:
        if task.done():  # startup failed: surface the error
            await task
            raise RuntimeError(f"{app.title} did not start")
        await asyncio.sleep(0.01)
    return HttpServer(server, task, sock.getsockname()[1])


def basic_auth(request: Request) -> tuple[str, str] | None:
    """The (user, password) of an HTTP Basic ``Authorization`` header, if well formed."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        user, sep, password = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep and user else None


@dataclass
class UploadedFile:
    """A file part of a multipart body."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class FormData:
    """A parsed form: text fields (multi-valued) and file parts."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else None


async def read_form(request: Request) -> FormData:
    """Parse an ``application/x-www-form-urlencoded`` or ``multipart/form-data`` body."""
    content_type = request.headers.get("content-type", "")
    body = await request.body()
    form = FormData()
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
        message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
        if not message.is_multipart():
            return form
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            data = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None or part.get_content_type() == "application/pdf":
                form.files[name] = UploadedFile(filename, part.get_content_type(), data)
            else:
                form.fields.setdefault(name, []).append(data.decode("utf-8", "replace"))
    else:
        text = body.decode("utf-8", "replace")
        for name, value in parse_qsl(text, keep_blank_values=True):
            form.fields.setdefault(name, []).append(value)
    return form


def is_loopback_url(url: str) -> bool:
    """True when ``url`` is http(s) to ``localhost`` or a loopback IP (no DNS lookups)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class FaultPlan(BaseModel):
    """Make the next ``count`` provider-API calls fail with ``status`` (e.g. a 503 outage)."""

    status: int = Field(503, ge=400, le=599)
    count: int = Field(1, ge=0)


class Faults:
    """Armed failures a sink serves before handling requests normally again."""

    def __init__(self) -> None:
        self.status = 503
        self.remaining = 0

    def arm(self, plan: FaultPlan) -> None:
        self.status, self.remaining = plan.status, plan.count

    def take(self) -> int | None:
        """The status to fail this call with, or None to handle it normally."""
        if self.remaining <= 0:
            return None
        self.remaining -= 1
        return self.status


def add_common_routes(app: FastAPI, faults: Faults | None = None) -> None:
    """``/healthz`` and, for sinks that support outages, ``/api/faults``."""

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Liveness: the sink is serving."""
        return {"status": "ok", "sink": app.title}

    if faults is None:
        return

    @app.post("/api/faults")
    async def arm_faults(plan: FaultPlan) -> dict[str, Any]:
        """Simulate a provider outage for the next ``count`` API calls."""
        faults.arm(plan)
        return {"status": plan.status, "remaining": plan.count}

    @app.delete("/api/faults")
    async def clear_faults() -> dict[str, Any]:
        """Stop simulating an outage."""
        faults.remaining = 0
        return {"remaining": 0}


def json_response(content: Any, status_code: int = 200, **headers: str) -> Response:
    """A JSON response with optional extra headers."""
    return JSONResponse(content, status_code=status_code, headers=headers or None)
