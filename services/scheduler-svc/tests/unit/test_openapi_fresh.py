"""The committed OpenAPI document is what the code produces (regenerate with the exporter)."""

from remit_common.openapi_export import render
from remit_scheduler.openapi_export import PATH, app


def test_committed_openapi_is_up_to_date():
    assert PATH.exists(), "run: uv run python -m remit_scheduler.openapi_export"
    assert PATH.read_text(encoding="utf-8") == render(app), (
        "docs/openapi/scheduler-svc.json is stale; run "
        "`uv run python -m remit_scheduler.openapi_export`"
    )


def test_every_route_is_documented_and_firm_scoped():
    import json

    spec = json.loads(render(app))
    paths = spec["paths"]
    assert "/v1/invoices/{invoice_id}/timeline" in paths and "/v1/preview" in paths
    for path, ops in paths.items():
        for op in ops.values():
            params = {p["name"].lower() for p in op.get("parameters", [])}
            assert "authorization" in params, path
