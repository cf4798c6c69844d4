"""Turn a received RFC 822 message into the JSON the SMTP sink lists (stdlib ``email`` only)."""

from __future__ import annotations

import hashlib
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

_PARSER = BytesParser(policy=policy.default)


def parse_message(raw: bytes) -> EmailMessage:
    """Parse raw message bytes with the modern ``email`` API."""
    message = _PARSER.parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def _header_str(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # a malformed header must not lose the message
        return None
    return None if value is None else str(value)


def headers_of(message: EmailMessage) -> dict[str, str | list[str]]:
    """Decoded headers; a header that appears more than once maps to a list."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for name, raw_value in message.raw_items():
        try:
            value = str(message.policy.header_fetch_parse(name, raw_value))
        except Exception:  # a malformed header must not lose the message
            value = str(raw_value)
        grouped.setdefault(name.lower(), (name, []))[1].append(value)
    return {name: vals[0] if len(vals) == 1 else vals for name, vals in grouped.values()}


def _body_text(message: EmailMessage, subtype: str) -> tuple[str | None, Any]:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != f"text/{subtype}":
        return None, None
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    return content.replace("\r\n", "\n"), part  # SMTP line endings are wire format


def attachments_of(message: EmailMessage, skip: set[int]) -> list[dict[str, Any]]:
    """Every leaf part that is not the chosen text/HTML body, bytes summarised."""
    found: list[dict[str, Any]] = []
    for part in message.walk():
        if part.is_multipart() or id(part) in skip:
            continue
        payload = part.get_payload(decode=True) or b""
        found.append(
            {
                "index": len(found),
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "content_id": _header_str(part, "content-id"),
                "size": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
        )
    return found


def attachment_part(message: EmailMessage, index: int) -> EmailMessage | None:
    """The ``index``-th attachment as listed by :func:`summarise`."""
    skip = {id(p) for p in (_body_text(message, "plain")[1], _body_text(message, "html")[1]) if p}
    leaves = [p for p in message.walk() if not p.is_multipart() and id(p) not in skip]
    return leaves[index] if 0 <= index < len(leaves) else None


def summarise(raw: bytes) -> dict[str, Any]:
    """Subject, text, HTML, headers and attachment summaries of a raw message."""
    message = parse_message(raw)
    text, text_part = _body_text(message, "plain")
    html, html_part = _body_text(message, "html")
    skip = {id(p) for p in (text_part, html_part) if p is not None}
    return {
        "subject": _header_str(message, "subject"),
        "header_from": _header_str(message, "from"),
        "header_to": _header_str(message, "to"),
        "message_id": _header_str(message, "message-id"),
        "text": text,
        "html": html,
        "headers": headers_of(message),
        "attachments": attachments_of(message, skip),
        "size": len(raw),
    }
