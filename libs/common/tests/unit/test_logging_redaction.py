"""Personal data and secrets never reach the log output, whatever the call site logs."""

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from remit_common.logging import JsonFormatter, StripQueryStringFilter, bind_log_context
from remit_common.redaction import redact_text


@pytest.fixture(scope="module")
def capture():
    """A logger writing JSON lines to a buffer; returns a function logging and parsing one line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("test-svc"))
    logger = logging.getLogger("remit.test.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)

    def emit(*args, **kwargs) -> tuple[str, dict]:
        stream.seek(0)
        stream.truncate()
        logger.info(*args, **kwargs)
        raw = stream.getvalue()
        return raw, json.loads(raw)

    emit.logger = logger
    emit.stream = stream
    return emit


_digit = st.integers(0, 9).map(str)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.lists(_digit, min_size=n, max_size=n).map("".join)


e164 = st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True)
nanp = st.tuples(st.integers(200, 999), st.integers(200, 999), _digits(4)).flatmap(
    lambda t: st.sampled_from(
        [
            f"({t[0]}) {t[1]}-{t[2]}",
            f"{t[0]}-{t[1]}-{t[2]}",
            f"{t[0]}.{t[1]}.{t[2]}",
            f"+1 {t[0]} {t[1]} {t[2]}",
            f"+1 ({t[0]}) {t[1]}-{t[2]}",
            f"{t[0]}{t[1]}{t[2]}",
        ]
    )
)
international = st.tuples(st.integers(20, 99), _digits(2), _digits(4), _digits(4)).map(
    lambda t: f"+{t[0]} {t[1]} {t[2]} {t[3]}"
)
phones = st.one_of(e164, nanp, international)
_settings = settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(email=st.emails())
def test_emails_never_appear(capture, email):
    raw, rec = capture("reminder sent to %s today", email, extra={"note": f"cc {email}"})
    assert email not in raw
    assert "[redacted-email]" in rec["message"]
    assert rec["note"] == "cc [redacted-email]"


@_settings
@given(phone=phones)
def test_phone_numbers_never_appear(capture, phone):
    raw, rec = capture(f"sms to {phone}, queued", extra={"details": {"recipient_phone": phone}})
    assert phone not in raw
    assert "[redacted-phone]" in rec["message"]


@_settings
@given(email=st.emails(), phone=e164)
def test_nested_extra_is_redacted_by_key_and_content(capture, email, phone):
    raw, rec = capture(
        "client updated",
        extra={"client": {"contact": {"email": email, "mobile": phone}, "aliases": [email]}},
    )
    assert email not in raw and phone not in raw
    assert rec["client"]["contact"] == {"email": "[redacted-email]", "mobile": "[redacted-phone]"}


@pytest.mark.parametrize(
    "message, secret",
    [
        ("auth header Authorization: Bearer abc.DEF-123_xyz", "abc.DEF-123_xyz"),
        ("got bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJzdWIiOiIxIn0"),
        ("firm key rk_live_9f8e7d6c5b4a3210 created", "rk_live_9f8e7d6c5b4a3210"),
        ("test key rk_test_AbCdEf123456 used", "rk_test_AbCdEf123456"),
        ("GET /t/o?token=s3cr3tvalue&x=1", "s3cr3tvalue"),
        ("api_key=topsecretvalue1", "topsecretvalue1"),
        ("dsn postgresql+asyncpg://remit:hunter2pw@db:5432/remit", "hunter2pw"),
    ],
)
def test_tokens_and_keys_never_appear(capture, message, secret):
    raw, _ = capture(message)
    assert secret not in raw


def test_secret_fields_in_extra_are_replaced(capture):
    raw, rec = capture(
        "request", extra={"headers": {"Authorization": "Bearer abc123", "x-api-key": "k-999999"}}
    )
    assert "abc123" not in raw and "k-999999" not in raw
    assert rec["headers"]["Authorization"] == "[redacted-token]"


@pytest.mark.parametrize(
    "message, amount",
    [
        ("client paid $1,234.56 on invoice", "1,234.56"),
        ("balance is 1234.56 USD", "1234.56"),
        ("outstanding EUR 9,876.00", "9,876.00"),
        ("charged £75", "75"),
        ("amount=123456 recorded", "123456"),
        ("total: 4321.99", "4321.99"),
    ],
)
def test_money_in_messages_never_appears(capture, message, amount):
    _raw, rec = capture(message)
    # The timestamp may contain the same digits by chance ("08:48:48.675Z" holds "75").
    assert amount not in json.dumps({k: v for k, v in rec.items() if k != "timestamp"})
    assert "[redacted-amount]" in rec["message"]


@given(minor=st.integers(0, 10**12))
def test_amount_fields_are_replaced_whatever_their_type(capture, minor):
    raw, rec = capture(
        "payment applied",
        extra={
            "amount": {"amount_minor": minor, "currency": "USD"},
            "balance_minor": minor,
            "invoice": {"total": minor},
        },
    )
    assert rec["amount"] == "[redacted-amount]"
    assert rec["balance_minor"] == "[redacted-amount]"
    assert rec["invoice"]["total"] == "[redacted-amount]"
    assert f": {minor}," not in raw and f": {minor}}}" not in raw


def test_exception_text_is_redacted(capture):
    try:
        raise ValueError("could not send to jane.doe@example.com at +14155552671")
    except ValueError:
        capture.stream.seek(0)
        capture.stream.truncate()
        capture.logger.exception("send failed")
    raw = capture.stream.getvalue()
    rec = json.loads(raw)
    assert rec["exc_type"] == "ValueError"
    assert "jane.doe@example.com" not in raw and "4155552671" not in raw
    assert "[redacted-email]" in rec["exc"]


def test_core_fields_and_context(capture):
    with bind_log_context(request_id="req-1", trace_id="a" * 32, span_id="b" * 16):
        _, rec = capture("hello", extra={"level": "spoofed", "invoice_id": "inv-1"})
    assert rec["level"] == "INFO" and rec["service"] == "test-svc"
    assert rec["logger"] == "remit.test.redaction" and rec["message"] == "hello"
    assert rec["timestamp"].endswith("Z")
    assert rec["request_id"] == "req-1" and rec["trace_id"] == "a" * 32
    assert rec["invoice_id"] == "inv-1"
    _, after = capture("outside")
    assert "request_id" not in after


@pytest.mark.parametrize(
    "text",
    [
        "at 2026-11-26T10:15:00.123Z",
        "from 127.0.0.1:8001",
        "processed 1500000 rows",
        "event 550e8400-e29b-41d4-a716-446655440000",
        "HTTP/1.1 200",
        "partition 3 offset 42",
    ],
)
def test_ordinary_values_survive(text):
    assert redact_text(text) == text


def test_access_log_drops_query_strings(capture):
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/v1/invoices?api_key=abc&email=x", "1.1", 200),
        None,
    )
    StripQueryStringFilter().filter(record)
    line = JsonFormatter("svc").format(record)
    assert "?" not in json.loads(line)["message"] and "abc" not in line
