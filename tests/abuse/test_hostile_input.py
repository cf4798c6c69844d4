"""Hostile request bodies on every service's write routes: refused with a 4xx, never a 5xx or
a hang.

* a body over ``http_max_body_bytes`` (declared length, and streamed without one): 413
  problem+json;
* JSON nested 10,000 levels deep: 4xx;
* a 100,000-character string in a text field: 422;
* bytes that are not UTF-8: 4xx;
* U+0000 in a text field: 422 (PostgreSQL cannot store it).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from .stack import Stack

# One JSON write route per service, with a valid body whose text field we abuse.
ROUTES = {
    "invoice": (
        "POST",
        "/v1/clients",
        {"name": "Acme", "emails": ["ap@acme.example"], "timezone": "UTC", "language": "en"},
        "name",
    ),
    "scheduler": (
        "PUT",
        "/v1/policies/client-groups/hostile",
        {
            "steps": [
                {
                    "offset_days": 3,
                    "kind": "overdue",
                    "tone": "firm",
                    "channels": ["email"],
                    "key": "k",
                }
            ]
        },
        None,
    ),
    "notifier": (
        "POST",
        "/v1/templates/lint",
        {
            "kind": "pre_due",
            "tone": "friendly",
            "language": "en",
            "subjects": ["s"],
            "html": "<p>x</p>",
            "text": "x",
            "sms": "x",
        },
        "text",
    ),
    "statement": ("PUT", "/v1/firm-profile", {"name": "Firm"}, "name"),
}
DEADLINE_S = 15.0
COUNTS: dict[str, int] = {}


async def call(stack: Stack, service: str, headers: dict[str, str], **kw: object) -> httpx.Response:
    method, path, _, _ = ROUTES[service]
    COUNTS[service] = COUNTS.get(service, 0) + 1
    return await asyncio.wait_for(
        stack[service].http.request(method, path, headers=headers, **kw), DEADLINE_S
    )


def assert_problem(response: httpx.Response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.fixture(scope="module")
def firm_headers() -> dict[str, dict[str, str]]:
    return {}


async def headers_for(stack: Stack, cache: dict[str, dict[str, str]]) -> dict[str, str]:
    if "h" not in cache:
        cache["h"] = (await stack.new_firm("Hostile Input LLP")).headers
    return cache["h"]


@pytest.mark.parametrize("service", list(ROUTES))
async def test_oversized_body_is_413(stack: Stack, service: str, firm_headers) -> None:
    h = await headers_for(stack, firm_headers)
    limit = stack[service].settings.http_max_body_bytes
    big = b'{"name": "' + b"x" * (limit + 10) + b'"}'
    declared = await call(stack, service, h | {"content-type": "application/json"}, content=big)
    assert_problem(declared, 413)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit must still hold
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    streamed = await call(
        stack, service, h | {"content-type": "application/json"}, content=chunks()
    )
    assert_problem(streamed, 413)


@pytest.mark.parametrize("service", list(ROUTES))
async def test_deeply_nested_json_is_refused(stack: Stack, service: str, firm_headers) -> None:
    h = await headers_for(stack, firm_headers)
    deep = b'{"name": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    response = await call(stack, service, h | {"content-type": "application/json"}, content=deep)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


@pytest.mark.parametrize("service", list(ROUTES))
async def test_huge_string_is_422(stack: Stack, service: str, firm_headers) -> None:
    h = await headers_for(stack, firm_headers)
    _, _, body, field = ROUTES[service]
    if field is None:  # scheduler: the step key
        hostile = {"steps": [dict(body["steps"][0], key="k" * 100_000)]}
    else:
        hostile = dict(body, **{field: "x" * 100_000})
    response = await call(stack, service, h, json=hostile)
    assert_problem(response, 422)
    assert "x" * 1000 not in response.text  # the value is not echoed back


@pytest.mark.parametrize("service", list(ROUTES))
async def test_non_utf8_body_is_4xx(stack: Stack, service: str, firm_headers) -> None:
    h = await headers_for(stack, firm_headers)
    raw = b'{"name": "\xff\xfe\xc3\x28 caf\xe9"}'
    response = await call(stack, service, h | {"content-type": "application/json"}, content=raw)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


NUL_WRITES = {
    "invoice": (
        "POST",
        "/v1/clients",
        {"name": "Acme\u0000", "emails": ["ap@acme.example"], "timezone": "UTC", "language": "en"},
    ),
    "scheduler": (
        "PUT",
        "/v1/policies/client-groups/nul",
        {
            "steps": [
                {
                    "offset_days": 3,
                    "kind": "overdue",
                    "tone": "firm",
                    "channels": ["email"],
                    "key": "k\u0000",
                }
            ]
        },
    ),
    "notifier": (
        "PUT",
        "/v1/templates",
        {
            "kind": "pre_due",
            "tone": "friendly",
            "language": "en",
            "subjects": ["{{ invoice_number }}\u0000"],
            "html": "<p>x</p>",
            "text": "x",
            "sms": "x",
            "override": True,
        },
    ),
    "statement": ("PUT", "/v1/firm-profile", {"name": "Firm\u0000"}),
}


@pytest.mark.parametrize("service", list(NUL_WRITES))
async def test_nul_character_is_refused_not_500(stack: Stack, service: str, firm_headers) -> None:
    h = await headers_for(stack, firm_headers)
    method, path, body = NUL_WRITES[service]
    COUNTS[service] = COUNTS.get(service, 0) + 1
    response = await stack[service].http.request(method, path, headers=h, json=body)
    # Refused (422) or, where the field strips or escapes it, accepted; never a 5xx.
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_report_hostile_input_count() -> None:
    print(f"\n[hostile-input] {sum(COUNTS.values())} hostile requests: {COUNTS}")
