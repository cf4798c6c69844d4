"""``python -m remit_local.sinks [--host H]``: run every dev provider sink in one process."""

from __future__ import annotations

import argparse
import asyncio
import sys

from .config import SinkSettings
from .logs import configure_json_logging
from .runner import SinkStartError, serve_sinks


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run until SIGTERM/SIGINT; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m remit_local.sinks",
        description="Local SMTP, SMS (Twilio-like), print (Lob-like) and webhook sinks. "
        "Ports come from REMIT_SINK_SMTP_PORT, REMIT_SINK_SMTP_HTTP_PORT, REMIT_SINK_SMS_PORT, "
        "REMIT_SINK_PRINT_PORT and REMIT_SINK_HOOK_PORT.",
    )
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    args = parser.parse_args(argv)
    configure_json_logging()
    config = SinkSettings(**({"host": args.host} if args.host else {}))
    try:
        asyncio.run(serve_sinks(config))
    except SinkStartError as exc:
        print(f"remit sinks: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
