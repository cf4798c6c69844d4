"""Run every sink in one process on one asyncio loop.

:func:`start_sinks` binds all ports first (so a busy port fails before anything starts), then
serves; :func:`serve_sinks` runs them until SIGTERM/SIGINT (or a given event) and shuts down
cleanly. Tests use :func:`running_sinks` with port 0 everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from .config import ENV_BY_LISTENER, SinkSettings
from .hooks import HookSink
from .letters import LetterSink
from .logs import log_event
from .sms import SmsSink
from .smtp import SmtpSink
from .store import RecordStore
from .web import HttpServer, bind_socket, start_http


class SinkStartError(RuntimeError):
    """A listener could not be bound; the message names the env var to change."""


@dataclass
class RunningSinks:
    """The live sinks and the ports they actually bound."""

    config: SinkSettings
    smtp: SmtpSink
    sms: SmsSink
    letters: LetterSink
    hooks: HookSink
    ports: dict[str, int]
    _smtp_server: asyncio.Server | None = None
    _http: list[HttpServer] = field(default_factory=list)

    def url(self, listener: str) -> str:
        """Base URL of an HTTP listener: ``smtp_http``, ``sms``, ``print`` or ``hooks``."""
        host = self.config.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.ports[listener]}"

    async def aclose(self) -> None:
        """Stop accepting, finish in-flight requests, cancel pending callbacks."""
        if self._smtp_server is not None:
            self._smtp_server.close()
            await self._smtp_server.wait_closed()
        await asyncio.gather(*(server.stop() for server in self._http))
        await self.sms.close()


def _bind_all(config: SinkSettings) -> dict[str, socket.socket]:
    sockets: dict[str, socket.socket] = {}
    try:
        for listener, port in config.ports().items():
            try:
                sockets[listener] = bind_socket(config.host, port)
            except OSError as exc:
                raise SinkStartError(
                    f"cannot listen on {config.host}:{port} for the {listener} sink "
                    f"({exc.strerror}); set {ENV_BY_LISTENER[listener]} to another port"
                ) from exc
    except SinkStartError:
        for sock in sockets.values():
            sock.close()
        raise
    return sockets


def _tls_context(config: SinkSettings) -> ssl.SSLContext | None:
    if not config.smtp_tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(config.smtp_tls_cert, config.smtp_tls_key)
    return context


async def start_sinks(config: SinkSettings | None = None) -> RunningSinks:
    """Bind and start every sink in the running loop; call ``aclose()`` when done."""
    config = config or SinkSettings()
    sockets = _bind_all(config)
    sinks = RunningSinks(
        config=config,
        smtp=SmtpSink(RecordStore(config.capacity), _tls_context(config)),
        sms=SmsSink(
            RecordStore(config.capacity),
            inbound_webhook=config.sms_inbound_webhook,
            auth_token=config.sms_auth_token,
            callback_delay=config.sms_callback_delay,
        ),
        letters=LetterSink(RecordStore(config.capacity)),
        hooks=HookSink(RecordStore(config.capacity)),
        ports={name: sock.getsockname()[1] for name, sock in sockets.items()},
    )
    try:
        sinks._smtp_server = await sinks.smtp.start_smtp(sockets.pop("smtp"))
        for listener, app in (
            ("smtp_http", sinks.smtp.app),
            ("sms", sinks.sms.app),
            ("print", sinks.letters.app),
            ("hooks", sinks.hooks.app),
        ):
            sinks._http.append(await start_http(app, sockets.pop(listener)))
    except BaseException:
        for sock in sockets.values():
            sock.close()
        await sinks.aclose()
        raise
    log_event("runner", "sinks.started", host=config.host, ports=sinks.ports)
    return sinks


@contextlib.asynccontextmanager
async def running_sinks(config: SinkSettings | None = None) -> AsyncIterator[RunningSinks]:
    """``async with running_sinks(cfg) as sinks:`` — started on entry, stopped on exit."""
    sinks = await start_sinks(config)
    try:
        yield sinks
    finally:
        await sinks.aclose()


async def serve_sinks(
    config: SinkSettings | None = None, stop: asyncio.Event | None = None
) -> None:
    """Run the sinks until ``stop`` is set or the process gets SIGTERM/SIGINT."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or no signal support: rely on ``stop``
    try:
        async with running_sinks(config):
            await stop.wait()
            log_event("runner", "sinks.stopping")
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
    log_event("runner", "sinks.stopped")
