"""One JSON line per received item, without personal data.

Sinks log *what happened* (sink, event, ids, counts, sizes), never addresses, phone numbers,
names or bodies: callers pass only such fields to :func:`log_event`. Lines go to the
``remit_local.sinks`` logger; :func:`configure_json_logging` prints them to stderr as-is.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from .store import utc_now_iso

LOGGER_NAME = "remit_local.sinks"
logger = logging.getLogger(LOGGER_NAME)


def log_event(sink: str, event: str, **fields: Any) -> None:
    """Log one item as a JSON object. Pass ids and counts only, never personal data."""
    line = {"time": utc_now_iso(), "level": "info", "sink": sink, "event": event, **fields}
    logger.info(json.dumps(line, separators=(",", ":"), default=str))


def configure_json_logging(level: int = logging.INFO) -> None:
    """Send sink lines to stderr unchanged (they are already JSON) when run standalone."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
