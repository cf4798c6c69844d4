"""Tests of the dev provider sinks, each run on real sockets bound to free ports."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import inspect
import json
import logging
import os
import re
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from urllib.parse import parse_qs

import httpx
import pytest
from remit_local.sinks import RunningSinks, SinkSettings, SinkStartError, running_sinks, twilio
from remit_local.sinks.pdf import count_pages, is_pdf
from remit_local.sinks.runner import serve_sinks
from remit_local.sinks.segments import count_segments, encoding
from remit_local.sinks.store import Record, RecordStore

CLIENT_EMAIL = "jane.client@example.com"
FIRM_EMAIL = "billing@smith-law.example"
CLIENT_PHONE = "+15551234567"
FIRM_PHONE = "+15557654321"
ACCOUNT = "AC" + "1" * 32
AUTH = ("AC" + "1" * 32, "dev-token")
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
    b"4 0 obj <</Type/Page/Parent 2 0 R>> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
ADDRESS = {
    "name": "Jane Client",
    "address_line1": "1 Main St",
    "address_city": "Springfield",
    "address_state": "IL",
    "address_zip": "62701",
}
FIRM_ADDRESS = {**ADDRESS, "name": "Smith & Partners LLP", "address_line1": "9 Court Sq"}


def free_config(**overrides: object) -> SinkSettings:
    """Every listener on an OS-chosen free port, fast callbacks."""
    ports = dict(smtp_port=0, smtp_http_port=0, sms_port=0, print_port=0, hook_port=0)
    return SinkSettings(host="127.0.0.1", sms_callback_delay=0.01, **{**ports, **overrides})


@pytest.fixture
async def sinks() -> AsyncIterator[RunningSinks]:
    async with running_sinks(free_config()) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


async def eventually(check: Callable[[], object], within: float = 5.0) -> object:
    """Poll ``check`` until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


# --- SMTP ------------------------------------------------------------------------------------


def reminder_email() -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Smith & Partners <{FIRM_EMAIL}>"
    message["To"] = CLIENT_EMAIL
    message["Subject"] = "Faktura FV/2024/001 — przypomnienie o płatności"
    message["List-Unsubscribe"] = "<https://remit.example/u/abc>"
    message.set_content("Dear Jane,\nInvoice 001 is due soon.\n")
    message.add_alternative("<p>Dear Jane,<br>Invoice <b>001</b> is due soon.</p>", subtype="html")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="invoice-001.pdf")
    return message


def send_mail(port: int, message: EmailMessage, rcpts: list[str], login: bool = False) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        if login:
            client.login("any-user", "any-password")
        client.send_message(message, from_addr=FIRM_EMAIL, to_addrs=rcpts)


async def test_smtp_keeps_multipart_message_with_attachment(sinks, http):
    message = reminder_email()
    await asyncio.to_thread(send_mail, sinks.ports["smtp"], message, [CLIENT_EMAIL])

    listing = (await http.get(f"{sinks.url('smtp_http')}/api/messages")).json()
    assert len(listing) == 1
    mail = listing[0]
    assert mail["envelope_from"] == FIRM_EMAIL
    assert mail["from"] == f"Smith & Partners <{FIRM_EMAIL}>"
    assert mail["to"] == [CLIENT_EMAIL]
    assert mail["subject"] == "Faktura FV/2024/001 — przypomnienie o płatności"
    assert mail["text"] == "Dear Jane,\nInvoice 001 is due soon.\n"
    assert "<b>001</b>" in mail["html"]
    assert mail["headers"]["List-Unsubscribe"] == "<https://remit.example/u/abc>"
    assert mail["received_at"].endswith("+00:00")
    [attachment] = mail["attachments"]
    assert attachment["filename"] == "invoice-001.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert attachment["size"] == len(PDF)
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert "data" not in attachment

    one = (await http.get(f"{sinks.url('smtp_http')}/api/messages/{mail['id']}")).json()
    assert one == mail
    raw = await http.get(f"{sinks.url('smtp_http')}/api/messages/{mail['id']}/raw")
    assert raw.headers["content-type"].startswith("message/rfc822")
    reparsed = BytesParser(policy=default_policy).parsebytes(raw.content)
    assert reparsed["Subject"] == mail["subject"]
    part = await http.get(f"{sinks.url('smtp_http')}/api/messages/{mail['id']}/attachments/0")
    assert part.content == PDF


async def test_smtp_filters_by_recipient_and_clears(sinks, http):
    port, base = sinks.ports["smtp"], sinks.url("smtp_http")
    await asyncio.to_thread(send_mail, port, reminder_email(), [CLIENT_EMAIL])
    await asyncio.to_thread(send_mail, port, reminder_email(), ["other@example.com"], True)

    assert len((await http.get(f"{base}/api/messages")).json()) == 2
    only = (await http.get(f"{base}/api/messages", params={"to": CLIENT_EMAIL.upper()})).json()
    assert [m["to"] for m in only] == [[CLIENT_EMAIL]]
    assert (await http.get(f"{base}/api/messages/nope")).status_code == 404

    assert (await http.delete(f"{base}/api/messages")).json() == {"deleted": 2}
    assert (await http.get(f"{base}/api/messages")).json() == []


async def test_smtp_simulated_outage_then_recovery(sinks, http):
    base = sinks.url("smtp_http")
    await http.post(f"{base}/api/faults", json={"status": 451, "count": 1})
    with pytest.raises(smtplib.SMTPDataError) as failure:
        await asyncio.to_thread(send_mail, sinks.ports["smtp"], reminder_email(), [CLIENT_EMAIL])
    assert failure.value.smtp_code == 451
    await asyncio.to_thread(send_mail, sinks.ports["smtp"], reminder_email(), [CLIENT_EMAIL])
    assert len((await http.get(f"{base}/api/messages")).json()) == 1


@pytest.fixture
def tls_files(tmp_path) -> tuple[str, str]:
    """A throwaway self-signed certificate and key (skips without openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


async def test_smtp_starttls_when_given_a_certificate(tls_files, http):
    cert, key = tls_files

    def send_tls(port: int) -> None:
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.starttls(context=context)
            client.login("any-user", "any-password")
            client.send_message(reminder_email(), FIRM_EMAIL, [CLIENT_EMAIL])

    config = free_config(smtp_tls_cert=cert, smtp_tls_key=key)
    async with running_sinks(config) as sinks:
        await asyncio.to_thread(send_tls, sinks.ports["smtp"])
        [mail] = (await http.get(f"{sinks.url('smtp_http')}/api/messages")).json()
        assert mail["attachments"][0]["filename"] == "invoice-001.pdf"


# --- SMS -------------------------------------------------------------------------------------


def sms_url(sinks: RunningSinks) -> str:
    return f"{sinks.url('sms')}/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


async def test_sms_returns_twilio_message_resource(sinks, http):
    body = "Smith & Partners: invoice 001 ($120.00) is due on 1 May."
    response = await http.post(
        sms_url(sinks), data={"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": body}, auth=AUTH
    )
    assert response.status_code == 201
    resource = response.json()
    assert re.fullmatch(r"SM[0-9a-f]{32}", resource["sid"])
    assert resource["status"] == "queued"
    assert resource["num_segments"] == "1"
    assert resource["to"] == CLIENT_PHONE and resource["from"] == FIRM_PHONE
    assert resource["account_sid"] == ACCOUNT and resource["direction"] == "outbound-api"
    assert resource["uri"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages/{resource['sid']}.json"
    assert resource["date_created"].endswith("+0000")

    fetched = await http.get(f"{sinks.url('sms')}{resource['uri']}", auth=AUTH)
    assert fetched.json()["sid"] == resource["sid"]
    [listed] = (await http.get(f"{sinks.url('sms')}/api/messages")).json()
    assert (listed["sid"], listed["to"], listed["body"], listed["segments"]) == (
        resource["sid"],
        CLIENT_PHONE,
        body,
        1,
    )
    filtered = await http.get(f"{sinks.url('sms')}/api/messages", params={"to": CLIENT_PHONE})
    assert len(filtered.json()) == 1
    assert (await http.delete(f"{sinks.url('sms')}/api/messages")).json() == {"deleted": 1}


async def test_sms_with_messaging_service_is_accepted(sinks, http):
    service = "MG" + "2" * 32
    form = {"To": CLIENT_PHONE, "MessagingServiceSid": service, "Body": "hello"}
    resource = (await http.post(sms_url(sinks), data=form, auth=AUTH)).json()
    assert (resource["status"], resource["messaging_service_sid"]) == ("accepted", service)


async def test_sms_refuses_missing_auth_like_twilio(sinks, http):
    form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": "hi"}
    response = await http.post(sms_url(sinks), data=form)
    assert response.status_code == 401
    assert response.json()["code"] == 20003
    assert set(response.json()) == {"code", "message", "more_info", "status"}
    assert response.headers["www-authenticate"].startswith("Basic")
    assert (await http.get(f"{sinks.url('sms')}/api/messages")).json() == []


@pytest.mark.parametrize("number", ["5551234567", "+0123456", "+1555abc4567", "+1234567890123456"])
async def test_sms_refuses_invalid_numbers_with_21211(sinks, http, number):
    form = {"To": number, "From": FIRM_PHONE, "Body": "hi"}
    response = await http.post(sms_url(sinks), data=form, auth=AUTH)
    assert response.status_code == 400
    assert response.json()["code"] == 21211
    assert response.json()["more_info"] == "https://www.twilio.com/docs/errors/21211"


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"From": FIRM_PHONE, "Body": "hi"}, 21604),
        ({"To": CLIENT_PHONE, "Body": "hi"}, 21603),
        ({"To": CLIENT_PHONE, "From": FIRM_PHONE}, 21602),
        ({"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": "x" * 1601}, 21617),
    ],
)
async def test_sms_other_validation_errors(sinks, http, form, code):
    response = await http.post(sms_url(sinks), data=form, auth=AUTH)
    assert (response.status_code, response.json()["code"]) == (400, code)


@pytest.mark.parametrize(
    ("body", "segments", "kind"),
    [
        ("a" * 160, 1, "GSM-7"),
        ("a" * 161, 2, "GSM-7"),
        ("a" * 306, 2, "GSM-7"),
        ("a" * 307, 3, "GSM-7"),
        ("€" * 80, 1, "GSM-7"),  # extension characters cost two septets
        ("€" * 81, 2, "GSM-7"),
        ("é" * 160, 1, "GSM-7"),  # é is in the GSM-7 basic table
        ("ż" * 70, 1, "UCS-2"),
        ("ż" * 71, 2, "UCS-2"),
        ("ż" * 134, 2, "UCS-2"),
        ("ż" * 135, 3, "UCS-2"),
        ("😀" * 35, 1, "UCS-2"),  # astral characters take two UTF-16 units
        ("😀" * 36, 2, "UCS-2"),
    ],
)
def test_segment_counting(body, segments, kind):
    assert (count_segments(body), encoding(body)) == (segments, kind)


async def test_sms_counts_segments_for_gsm_and_unicode(sinks, http):
    async def segments(body: str) -> str:
        form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": body}
        return (await http.post(sms_url(sinks), data=form, auth=AUTH)).json()["num_segments"]

    assert await segments("Invoice due. " * 12) == "1"  # 156 GSM-7 characters
    assert await segments("Invoice due. " * 13) == "2"  # 169
    assert await segments("Płatność wkrótce. " * 4) == "2"  # 72 UCS-2 characters


async def test_status_callback_reports_delivery_signed(sinks, http):
    callback = f"{sinks.url('hooks')}/hooks/twilio-status"
    form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": "hi", "StatusCallback": callback}
    sid = (await http.post(sms_url(sinks), data=form, auth=AUTH)).json()["sid"]

    def delivered() -> list[dict]:
        calls = sinks.hooks.store.list(lambda r: r.data["name"] == "twilio-status")
        return calls if len(calls) == 2 else []

    calls = [r.data for r in await eventually(delivered)]
    forms = [{k: v[0] for k, v in parse_qs(c["body"]).items()} for c in calls]
    assert [f["MessageStatus"] for f in forms] == ["sent", "delivered"]
    assert all(f["MessageSid"] == sid for f in forms)
    for call, params in zip(calls, forms, strict=True):
        expected = twilio.signature(AUTH[1], callback, params)
        assert call["headers"]["x-twilio-signature"] == expected
    fetched = await http.get(f"{sinks.url('sms')}/api/messages/{sid}")
    assert fetched.json()["status"] == "delivered"


async def test_status_callback_never_leaves_loopback(sinks, http, caplog):
    caplog.set_level(logging.INFO, logger="remit_local.sinks")
    form = {
        "To": CLIENT_PHONE,
        "From": FIRM_PHONE,
        "Body": "hi",
        "StatusCallback": "http://example.com/status",
    }
    assert (await http.post(sms_url(sinks), data=form, auth=AUTH)).status_code == 201
    await eventually(lambda: "callback.skipped" in caplog.text)


async def test_inbound_stop_is_forwarded_and_blocks_further_sends(http):
    config = free_config(sms_auth_token="inbound-secret")  # noqa: S106 - a test-only token
    async with running_sinks(config) as sinks:
        webhook = f"{sinks.url('hooks')}/hooks/sms-inbound"
        sinks.sms.inbound_webhook = webhook
        reply = {"from": CLIENT_PHONE, "to": FIRM_PHONE, "body": " stop "}
        result = (await http.post(f"{sinks.url('sms')}/api/inbound", json=reply)).json()
        assert result["forwarded"] and result["http"] == 200 and result["keyword"] == "STOP"

        [call] = (await http.get(f"{sinks.url('hooks')}/api/hooks?name=sms-inbound")).json()
        params = {k: v[0] for k, v in parse_qs(call["body"]).items()}
        assert (params["From"], params["To"], params["Body"]) == (
            CLIENT_PHONE,
            FIRM_PHONE,
            " stop ",
        )
        assert params["OptOutType"] == "STOP" and params["SmsStatus"] == "received"
        assert call["headers"]["x-twilio-signature"] == twilio.signature(
            "inbound-secret", webhook, params
        )

        form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": "reminder"}
        blocked = await http.post(sms_url(sinks), data=form, auth=AUTH)
        assert (blocked.status_code, blocked.json()["code"]) == (400, 21610)
        reply["body"] = "START"
        await http.post(f"{sinks.url('sms')}/api/inbound", json=reply)
        assert (await http.post(sms_url(sinks), data=form, auth=AUTH)).status_code == 201


async def test_sms_simulated_outage(sinks, http):
    await http.post(f"{sinks.url('sms')}/api/faults", json={"status": 503, "count": 2})
    form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": "hi"}
    codes = [(await http.post(sms_url(sinks), data=form, auth=AUTH)).status_code for _ in "abc"]
    assert codes == [503, 503, 201]


# --- Print -----------------------------------------------------------------------------------


def letter_json(file: str) -> dict:
    return {"to": ADDRESS, "from": FIRM_ADDRESS, "file": file, "color": False}


async def test_letter_with_base64_pdf_is_accepted(sinks, http):
    base = sinks.url("print")
    body = {**letter_json(base64.b64encode(PDF).decode()), "double_sided": True}
    response = await http.post(f"{base}/v1/letters", json=body, auth=("test_key", ""))
    assert response.status_code == 200
    letter = response.json()
    assert re.fullmatch(r"ltr_[0-9a-f]{16}", letter["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", letter["expected_delivery_date"])
    assert letter["object"] == "letter" and letter["to"]["name"] == "Jane Client"

    [listed] = (await http.get(f"{base}/api/letters")).json()
    assert (listed["id"], listed["pages"], listed["double_sided"]) == (letter["id"], 2, True)
    assert listed["file"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (await http.get(f"{base}/api/letters/{letter['id']}/pdf")).content == PDF
    fetched = await http.get(f"{base}/v1/letters/{letter['id']}", auth=("test_key", ""))
    assert fetched.json()["id"] == letter["id"]
    assert (await http.get(letter["url"])).content == PDF
    assert (await http.delete(f"{base}/api/letters")).json() == {"deleted": 1}


async def test_letter_multipart_upload_and_idempotency(sinks, http):
    base = sinks.url("print")
    fields = {f"to[{k}]": v for k, v in ADDRESS.items()}
    fields |= {f"from[{k}]": v for k, v in FIRM_ADDRESS.items()} | {"color": "true"}
    files = {"file": ("statement.pdf", PDF, "application/pdf")}
    headers = {"Idempotency-Key": "reminder-1:letter"}
    first = await http.post(
        f"{base}/v1/letters", data=fields, files=files, auth=("k", ""), headers=headers
    )
    again = await http.post(
        f"{base}/v1/letters", data=fields, files=files, auth=("k", ""), headers=headers
    )
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["color"] is True
    [listed] = (await http.get(f"{base}/api/letters")).json()
    assert listed["file"]["filename"] == "statement.pdf" and listed["to"]["address_zip"] == "62701"


async def test_letter_refuses_non_pdf_missing_fields_and_missing_auth(sinks, http):
    url = f"{sinks.url('print')}/v1/letters"
    not_pdf = base64.b64encode(b"<html>not a pdf</html>").decode()
    refused = await http.post(url, json=letter_json(not_pdf), auth=("k", ""))
    assert refused.status_code == 422
    assert "PDF" in refused.json()["error"]["message"]
    upload = {"file": ("x.pdf", b"GIF89a...", "application/pdf")}
    multipart = await http.post(url, data={"color": "false"}, files=upload, auth=("k", ""))
    assert multipart.status_code == 422
    no_color = {k: v for k, v in letter_json(base64.b64encode(PDF).decode()).items()}
    del no_color["color"]
    assert (await http.post(url, json=no_color, auth=("k", ""))).status_code == 422
    unauthenticated = await http.post(url, json=letter_json(base64.b64encode(PDF).decode()))
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error"]["status_code"] == 401
    assert (await http.get(f"{sinks.url('print')}/api/letters")).json() == []


def test_pdf_helpers():
    assert is_pdf(PDF) and not is_pdf(b"PK\x03\x04")
    assert count_pages(PDF) == 2
    assert count_pages(b"%PDF-1.7 compressed object streams only") is None


# --- Webhooks --------------------------------------------------------------------------------


async def test_webhook_sink_records_headers_and_exact_body(sinks, http):
    base = sinks.url("hooks")
    payload = json.dumps({"type": "remit.notification.sent.v1", "amount_minor": 12000}).encode()
    timestamp = "1714550400"
    signature = hmac.new(b"whsec", timestamp.encode() + b"." + payload, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Remit-Timestamp": timestamp,
        "X-Remit-Signature": f"sha256={signature}",
    }
    response = await http.post(f"{base}/hooks/portal", content=payload, headers=headers)
    assert response.status_code == 200 and response.json()["received"] is True
    await http.post(f"{base}/hooks/other", json={"x": 1})

    [hook] = (await http.get(f"{base}/api/hooks", params={"name": "portal"})).json()
    assert hook["json"]["amount_minor"] == 12000
    assert hook["headers"]["x-remit-timestamp"] == timestamp
    recomputed = hmac.new(
        b"whsec",
        hook["headers"]["x-remit-timestamp"].encode() + b"." + hook["body"].encode(),
        hashlib.sha256,
    ).hexdigest()
    assert hook["headers"]["x-remit-signature"] == f"sha256={recomputed}"
    assert len((await http.get(f"{base}/api/hooks")).json()) == 2
    assert (await http.delete(f"{base}/api/hooks")).json() == {"deleted": 2}


async def test_webhook_sink_simulated_outage(sinks, http):
    base = sinks.url("hooks")
    await http.post(f"{base}/api/faults", json={"status": 503, "count": 1})
    assert (await http.post(f"{base}/hooks/portal", json={})).status_code == 503
    assert (await http.post(f"{base}/hooks/portal", json={})).status_code == 200
    await http.delete(f"{base}/api/faults")


# --- Logs, store, runner ---------------------------------------------------------------------


async def test_logs_carry_ids_but_no_personal_data(http, caplog):
    caplog.set_level(logging.DEBUG)
    private_body = "Jane, invoice 001 for $120.00 is past due"
    async with running_sinks(free_config()) as sinks:
        await asyncio.to_thread(send_mail, sinks.ports["smtp"], reminder_email(), [CLIENT_EMAIL])
        callback = f"{sinks.url('hooks')}/hooks/status"
        form = {"To": CLIENT_PHONE, "From": FIRM_PHONE, "Body": private_body}
        sid = (
            await http.post(sms_url(sinks), data=form | {"StatusCallback": callback}, auth=AUTH)
        ).json()["sid"]
        await eventually(lambda: len(sinks.hooks.store) == 2)
        await http.post(
            f"{sinks.url('sms')}/api/inbound",
            json={"from": CLIENT_PHONE, "to": FIRM_PHONE, "body": "STOP"},
        )
        pdf = base64.b64encode(PDF).decode()
        await http.post(f"{sinks.url('print')}/v1/letters", json=letter_json(pdf), auth=("k", ""))
        await http.post(f"{sinks.url('hooks')}/hooks/portal", json={"email": CLIENT_EMAIL})

    text = "\n".join(record.getMessage() for record in caplog.records)
    for personal in (
        CLIENT_EMAIL,
        FIRM_EMAIL,
        CLIENT_PHONE,
        FIRM_PHONE,
        "15551234567",
        "Jane",
        private_body,
        "Main St",
    ):
        assert personal not in text
    sink_lines = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "remit_local.sinks"
    ]
    events = {(line["sink"], line["event"]) for line in sink_lines}
    assert {
        ("smtp", "message.received"),
        ("sms", "message.received"),
        ("sms", "callback.sent"),
        ("sms", "inbound.received"),
        ("print", "letter.received"),
        ("hooks", "hook.received"),
    } <= events
    assert any(line.get("id") == sid for line in sink_lines)


def test_store_keeps_only_the_newest_records():
    store = RecordStore(capacity=3)
    for i in range(5):
        store.add(Record(str(i), {"n": i}))
    assert [r.id for r in store.list()] == ["2", "3", "4"]
    assert store.get("0") is None and store.get("4") is not None
    assert store.clear() == 3 and len(store) == 0


async def test_busy_port_names_the_env_var():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        config = free_config(sms_port=busy.getsockname()[1])
        with pytest.raises(SinkStartError, match="REMIT_SINK_SMS_PORT"):
            async with running_sinks(config):
                pass


async def test_serve_sinks_stops_when_asked(http):
    stop = asyncio.Event()
    port = free_port()
    task = asyncio.create_task(serve_sinks(free_config(hook_port=port), stop))
    await eventually(lambda: _healthy(http, port))
    stop.set()
    await asyncio.wait_for(task, 10)
    with pytest.raises(httpx.ConnectError):
        await http.get(f"http://127.0.0.1:{port}/healthz")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _healthy(http: httpx.AsyncClient, port: int) -> bool:
    try:
        return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    except httpx.HTTPError:
        return False


async def test_module_entry_point_exits_cleanly_on_sigterm():
    ports = {
        name: str(free_port())
        for name in ("SMTP_PORT", "SMTP_HTTP_PORT", "SMS_PORT", "PRINT_PORT", "HOOK_PORT")
    }
    env = {**os.environ, **{f"REMIT_SINK_{k}": v for k, v in ports.items()}}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "remit_local.sinks", env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        first = json.loads(await asyncio.wait_for(process.stderr.readline(), 20))
        assert first["event"] == "sinks.started"
        assert first["ports"]["hooks"] == int(ports["HOOK_PORT"])
        process.send_signal(signal.SIGTERM)
        rest = await asyncio.wait_for(process.stderr.read(), 20)
        assert await process.wait() == 0
        assert [json.loads(line)["event"] for line in rest.decode().splitlines()] == [
            "sinks.stopping",
            "sinks.stopped",
        ]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
