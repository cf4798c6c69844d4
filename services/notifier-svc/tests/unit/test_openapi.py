"""The committed OpenAPI document matches the code (python -m remit_notifier.openapi)."""

from remit_common.openapi_export import render
from remit_notifier.openapi import PATH, app


def test_committed_openapi_is_current():
    assert PATH.exists(), "run: uv run python -m remit_notifier.openapi"
    assert PATH.read_text(encoding="utf-8") == render(app), (
        "docs/openapi/notifier-svc.json is stale; run: uv run python -m remit_notifier.openapi"
    )


def test_documented_surface():
    paths = set(__import__("json").loads(render(app))["paths"])
    assert {
        "/v1/templates",
        "/v1/templates/lint",
        "/v1/notifications",
        "/v1/dead-letters",
        "/v1/dead-letters/{dead_letter_id}/replay",
        "/v1/providers/{provider}/events",
        "/t/o/{token}",
        "/t/c/{token}",
    } <= paths
