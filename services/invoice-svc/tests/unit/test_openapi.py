"""The committed OpenAPI document is current, and every schema in it carries an example."""

from __future__ import annotations

import json

from remit_common.openapi_export import render
from remit_invoice.openapi_export import PATH, app


def test_committed_document_is_fresh() -> None:
    assert PATH.read_text(encoding="utf-8") == render(app), (
        "docs/openapi/invoice-svc.json is stale: run "
        "`uv run python -m remit_invoice.openapi_export`"
    )


def test_every_schema_has_an_example_and_errors_are_problem_json() -> None:
    doc = json.loads(render(app))
    schemas = doc["components"]["schemas"]
    missing = [name for name, s in schemas.items() if not (s.get("examples") or s.get("example"))]
    assert missing == []
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (
                        path,
                        method,
                        status,
                    )
    expected = {
        "/v1/firms",
        "/v1/clients",
        "/v1/matters",
        "/v1/invoices",
        "/v1/invoices:batch",
        "/v1/invoices/{invoice_id}/void",
        "/v1/invoices/{invoice_id}/write-off",
        "/v1/invoices/{invoice_id}/dispute",
        "/v1/invoices/{invoice_id}/resolve-dispute",
        "/v1/invoices/{invoice_id}/views",
        "/v1/payments",
        "/v1/payments/{payment_id}/reverse",
    }
    assert expected <= set(doc["paths"])


def test_writes_document_the_idempotency_key() -> None:
    doc = json.loads(render(app))
    create = doc["paths"]["/v1/payments"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    assert doc["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
