"""parse_event rejects anything that is not a valid Remit event, with a readable reason."""

import json
from typing import Any

import pytest
from remit_common.events import InvalidEvent, parse_event
from remit_common.events import examples as ex

PII = "ap@acme.example"


def issued() -> dict[str, Any]:
    return json.loads(ex.example_envelope("remit.invoice.issued.v1").to_json_bytes())


def reject(record: dict[str, Any] | bytes) -> InvalidEvent:
    raw = record if isinstance(record, bytes) else json.dumps(record).encode()
    with pytest.raises(InvalidEvent) as excinfo:
        parse_event(raw)
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert error.reason == str(error)
    assert "pydantic" not in error.reason and "errors.pydantic.dev" not in error.reason
    assert PII not in error.reason  # reasons name fields, never echo values
    return error


def test_unknown_type() -> None:
    record = {**issued(), "type": "remit.invoice.exploded.v1"}
    error = reject(record)
    assert error.reason == "unknown event type 'remit.invoice.exploded.v1'"
    assert error.event_id == record["id"]


def test_missing_or_non_string_type() -> None:
    record = issued()
    del record["type"]
    assert reject(record).reason == "missing required attribute 'type'"
    assert "must be a string" in reject({**issued(), "type": 7}).reason


def test_missing_id() -> None:
    record = issued()
    del record["id"]
    error = reject(record)
    assert error.reason == "invalid remit.invoice.issued.v1 event: id: required but missing"
    assert error.event_type == "remit.invoice.issued.v1"


def test_float_amount() -> None:
    record = issued()
    record["data"]["invoice"]["total"]["amount_minor"] = 1250.5
    reason = reject(record).reason
    assert "data.invoice.total.amount_minor" in reason
    assert "must be an integer number of minor units" in reason
    assert "got float" in reason


def test_float_amount_even_when_whole() -> None:
    raw = ex.example_envelope("remit.payment.received.v1").to_json_bytes()
    raw = raw.replace(b'"amount_minor":100000', b'"amount_minor":100000.0', 1)
    assert "data.amount.amount_minor" in reject(raw).reason


def test_naive_time() -> None:
    reason = reject({**issued(), "time": "2025-03-14T14:00:00"}).reason
    assert reason.startswith("invalid remit.invoice.issued.v1 event: time:")
    assert "UTC offset" in reason


def test_bad_currency() -> None:
    record = issued()
    record["data"]["invoice"]["balance"]["currency"] = "XYZ"
    reason = reject(record).reason
    assert "data.invoice.balance.currency: currency XYZ is not an active ISO 4217 code" in reason
    record["data"]["invoice"]["balance"]["currency"] = "usd"
    assert "three upper-case letters" in reject(record).reason


def test_not_json_not_an_object() -> None:
    assert reject(b"{not json").reason.startswith("not valid JSON")
    assert reject(b'{"amount": NaN}').reason.startswith("not valid JSON")
    assert reject(b"[1, 2]").reason == "an event must be a JSON object"
    assert reject(b"\xff\xfe").reason.startswith("not valid JSON")


def test_unknown_field_is_named() -> None:
    record = issued()
    record["firm_id"] = record.pop("firmid")  # the typo an external producer would make
    reason = reject(record).reason
    assert "firmid: required but missing" in reason
    assert "firm_id: not a known field" in reason


def test_wrong_specversion_and_dataschema() -> None:
    assert "specversion" in reject({**issued(), "specversion": "0.3"}).reason
    reason = reject({**issued(), "dataschema": "urn:remit:schema:remit.invoice.issued.v2"}).reason
    assert "dataschema must be urn:remit:schema:remit.invoice.issued.v1" in reason


def test_subject_must_be_the_invoice() -> None:
    record = {**issued(), "subject": str(ex.CLIENT_ID)}
    assert "subject must be the invoice id" in reject(record).reason


def test_many_errors_are_summarised() -> None:
    reason = reject({"type": "remit.invoice.issued.v1"}).reason
    assert "id: required but missing" in reason
    assert reason.count(";") <= 8


def test_optional_attributes_may_be_absent() -> None:
    record = issued()
    del record["dataschema"], record["datacontenttype"]
    assert parse_event(json.dumps(record)).dataschema is None


def test_external_producer_record_parses() -> None:
    record = {
        "specversion": "1.0",
        "id": "b1c1f0a2-6f3e-4a55-9d6c-0e6f1f3a7b21",
        "type": "remit.payment.received.v1",
        "source": "https://pay.example/webhooks",
        "time": "2025-03-14T09:30:00-05:00",
        "subject": str(ex.INVOICE_ID),
        "firmid": str(ex.FIRM_ID),
        "data": {
            "invoice_id": str(ex.INVOICE_ID),
            "external_id": "ch_9",
            "amount": {"amount_minor": 2500, "currency": "USD"},
            "received_at": "2025-03-14T09:29:58-05:00",
            "method": "card",
        },
    }
    event = parse_event(json.dumps(record).encode())
    assert event.data.amount.amount_minor == 2500
    assert event.time.isoformat() == "2025-03-14T14:30:00+00:00"
    assert event.data.invoice is None
