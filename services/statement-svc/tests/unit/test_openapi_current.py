"""The committed OpenAPI document matches the code (python -m remit_statement.openapi)."""

from remit_common.openapi_export import render
from remit_statement.openapi import PATH, app


def test_committed_openapi_is_current():
    assert PATH.is_file(), f"missing {PATH}; run python -m remit_statement.openapi"
    assert PATH.read_text(encoding="utf-8") == render(app), (
        "stale; run python -m remit_statement.openapi"
    )


def test_every_contract_route_is_documented():
    paths = set(__import__("json").loads(render(app))["paths"])
    assert {
        "/v1/clients/{client_id}/statement",
        "/v1/matters/{matter_id}/statement",
        "/v1/reports/balance-due",
        "/v1/reports/aging",
        "/v1/kpis",
        "/v1/statement-batches",
        "/v1/statement-batches/{batch_id}",
        "/v1/statement-batches/{batch_id}/pdf",
    } <= paths
