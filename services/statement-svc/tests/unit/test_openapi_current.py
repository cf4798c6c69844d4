"""The committed OpenAPI document matches the code (python -m remit_statement.openapi)."""

from remit_statement.openapi import DOC, document


def test_committed_openapi_is_current():
    assert DOC.is_file(), f"missing {DOC}; run python -m remit_statement.openapi"
    assert DOC.read_text() == document(), "stale; run python -m remit_statement.openapi"


def test_every_contract_route_is_documented():
    paths = set(__import__("json").loads(document())["paths"])
    assert {"/v1/clients/{client_id}/statement", "/v1/matters/{matter_id}/statement",
            "/v1/reports/balance-due", "/v1/reports/aging", "/v1/kpis", "/v1/statement-batches",
            "/v1/statement-batches/{batch_id}", "/v1/statement-batches/{batch_id}/pdf"} <= paths
