"""Schemathesis against each service's live OpenAPI document, with and without a valid key.

Every operation gets schema-valid and schema-violating cases with a valid key (or the admin or
internal token on the routes that take one), and schema-valid cases with no key and with an
unknown key. No response may be a 5xx or hang; every response must match the document (status
code, content type, body schema, headers); a schema-violating request must be refused; a
request without a valid key must get 401 on every firm route.

History: this suite first found that three services documented FastAPI's default errors
instead of the problem+json they send, that U+0000 in text answered 500, and that local times
were documented as RFC 3339 ``time``; all are fixed (``remit_common.web.openapi``,
``remit_common.web.problems``), so every finding now fails the test.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from schemathesis.generation.modes import GenerationMode

from .fuzzing import CHECKS, NEGATIVE_CHECKS, Finding, Tally, failures, generate, operations, send
from .stack import ADMIN_TOKEN, INTERNAL_TOKEN, SERVICES, Stack

POSITIVE_PER_OPERATION = 4
NEGATIVE_PER_OPERATION = 3
UNAUTHENTICATED_PER_OPERATION = 1  # each of: no header, an unknown key
REQUEST_DEADLINE_S = 10.0

# Routes that take no firm key by design: signed tracking links and provider webhooks.
PUBLIC_PREFIXES = ("/t/", "/v1/providers/")


def valid_authorization(path: str, firm_key: str) -> str:
    if path.startswith("/v1/firms") or path.startswith("/v1/_admin"):
        return f"Bearer {ADMIN_TOKEN}"
    if path.startswith("/v1/_internal"):
        return f"Bearer {INTERNAL_TOKEN}"
    return f"Bearer {firm_key}"


async def fuzz(stack: Stack, service: str) -> Tally:
    svc = stack[service]
    firm = await stack.new_firm(f"Fuzz {service} LLP")
    tally = Tally(service)
    plans = [
        ("valid", GenerationMode.POSITIVE, POSITIVE_PER_OPERATION, CHECKS),
        ("valid", GenerationMode.NEGATIVE, NEGATIVE_PER_OPERATION, NEGATIVE_CHECKS),
        ("missing", GenerationMode.POSITIVE, UNAUTHENTICATED_PER_OPERATION, CHECKS),
        ("invalid", GenerationMode.POSITIVE, UNAUTHENTICATED_PER_OPERATION, CHECKS),
    ]
    for operation in operations(svc.app.openapi()):
        label = f"{operation.method.upper()} {operation.path}"
        public = operation.path.startswith(PUBLIC_PREFIXES)
        for auth, mode, count, checks in plans:
            authorization = {
                "valid": valid_authorization(operation.path, firm.key),
                "missing": None,
                "invalid": "Bearer rk_live_abuse_not_a_real_key",
            }[auth]
            for case in generate(operation, mode, count):
                try:
                    response = await asyncio.wait_for(
                        send(svc.http, case, authorization), REQUEST_DEADLINE_S
                    )
                except TimeoutError:
                    tally.findings.append(
                        Finding(
                            label,
                            auth,
                            mode.value,
                            0,
                            "",
                            "Hang",
                            f"no answer in {REQUEST_DEADLINE_S}s",
                        )
                    )
                    continue
                except (UnicodeEncodeError, ValueError, TypeError):
                    # A generated header or parameter httpx cannot put on the wire at all.
                    tally.skipped += 1
                    continue
                tally.record(response)
                content_type = response.headers.get("content-type", "")
                found = [
                    Finding(
                        label,
                        auth,
                        mode.value,
                        response.status_code,
                        content_type,
                        f.title,
                        f.message,
                        _describe(response.request),
                    )
                    for f in failures(case, response, checks)
                    # A mutated Authorization header is replaced by ours: not the app's doing.
                    if not (
                        f.title == "Schema-violating request accepted"
                        and "authorization" in f.message.lower()
                    )
                ]
                if auth != "valid" and not public and response.status_code != 401:
                    found.append(
                        Finding(
                            label,
                            auth,
                            mode.value,
                            response.status_code,
                            content_type,
                            "Not refused without a valid key",
                            response.text[:200],
                        )
                    )
                tally.findings.extend(found)
    return tally


def _describe(request: httpx.Request) -> str:
    return f"{request.method} {request.url} body={request.content[:4000]!r}"


@pytest.mark.parametrize("service", SERVICES)
async def test_openapi_fuzz(stack: Stack, service: str) -> None:
    started = time.monotonic()
    tally = await fuzz(stack, service)
    real = tally.findings
    print(
        f"\n[fuzz] {service}: {tally.cases} cases sent ({tally.skipped} unsendable skipped) "
        f"in {time.monotonic() - started:.1f}s; statuses {dict(sorted(tally.statuses.items()))}; "
        f"{len(real)} violations"
    )
    for finding in real[:40]:
        print("  VIOLATION", finding.line(), "\n     sent:", finding.request[:300])
    assert tally.cases > 0
    assert not [f for f in real if f.status >= 500 or f.title == "Hang"], "server errors/hangs"
    assert not real, f"{len(real)} schema violations, first: {real[0].line()}"
