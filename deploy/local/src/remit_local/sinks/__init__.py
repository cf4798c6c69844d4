"""Development provider sinks: local stand-ins that receive what Remit's notifier sends.

SMTP (1025, API on 8025), SMS in Twilio's shape (8026), print in Lob's shape (8027) and
webhooks (8028), all in one process: ``python -m remit_local.sinks`` or :func:`serve_sinks`.
"""

from .config import SinkSettings
from .runner import RunningSinks, SinkStartError, running_sinks, serve_sinks, start_sinks

__all__ = [
    "RunningSinks",
    "SinkSettings",
    "SinkStartError",
    "running_sinks",
    "serve_sinks",
    "start_sinks",
]
