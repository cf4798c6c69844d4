"""Schemathesis as a case generator and response checker, driven on the test's event loop.

Schemathesis' own runners call the app through a synchronous transport (a loop of their own),
but the services' database pools live on the test's loop. So cases are generated with
Hypothesis up front (:func:`generate`), sent with the stack's in-process ``httpx`` client
(:func:`send`), and judged with ``case.validate_response`` and the response-only checks
(:data:`CHECKS`), which never re-send a request.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.generation.case import Case
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]


def operations(doc: dict[str, Any]) -> list[Any]:
    """Every operation of an OpenAPI document, as schemathesis ``APIOperation`` objects.

    The ``Authorization`` header parameter is left out: the test sets it (valid, missing or
    unknown), so a generated or mutated one would only be overwritten.
    """
    doc = copy.deepcopy(doc)
    for path in doc.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [
                    p
                    for p in operation["parameters"]
                    if not (
                        p.get("in") == "header" and p.get("name", "").lower() == "authorization"
                    )
                ]
    schema = schemathesis.openapi.from_dict(doc)
    return [result.ok() for result in schema.get_all_operations()]


def generate(operation: Any, mode: GenerationMode, count: int) -> list[Case]:
    """Up to ``count`` cases for ``operation`` (no shrinking, no example database)."""
    cases: list[Case] = []

    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(operation.as_strategy(generation_mode=mode))
    def collect(case: Case) -> None:
        cases.append(case)

    # Unsatisfiable: e.g. no negative case exists for an operation without parameters or body.
    with contextlib.suppress(Unsatisfiable):
        collect()
    return cases


def with_auth(headers: dict[str, Any] | None, authorization: str | None) -> dict[str, str]:
    """The case's headers, with whatever ``Authorization`` it generated replaced by ours."""
    out = {k: str(v) for k, v in (headers or {}).items() if k.lower() != "authorization"}
    if authorization is not None:
        out["Authorization"] = authorization
    return out


async def send(http: httpx.AsyncClient, case: Case, authorization: str | None) -> httpx.Response:
    """Send ``case`` in process with the given ``Authorization`` (None: no header)."""
    kwargs = case.as_transport_kwargs(base_url=str(http.base_url).rstrip("/"))
    request: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"],
        "headers": with_auth(kwargs.get("headers"), authorization),
        "params": kwargs.get("params") or None,
        "cookies": kwargs.get("cookies") or None,
    }
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif isinstance(kwargs.get("data"), dict):
        request["data"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        request["content"] = kwargs["data"]
    return await http.request(**request)


def failures(case: Case, response: httpx.Response, checks: list[Any]) -> list[Failure]:
    """What the checks find wrong with ``response`` (empty when it conforms)."""
    try:
        case.validate_response(response, checks=checks)
    except BaseExceptionGroup as group:
        return [f for f in _flatten(group) if isinstance(f, Failure)]
    except Failure as failure:
        return [failure]
    return []


def _flatten(group: BaseExceptionGroup) -> Iterator[BaseException]:
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _flatten(exc)
        else:
            yield exc


@dataclass
class Finding:
    """One check that failed on one response."""

    operation: str
    auth: str
    mode: str
    status: int
    content_type: str
    title: str
    message: str
    request: str = ""

    def line(self) -> str:
        first = (self.message.splitlines() or [""])[0][:200]
        return (
            f"{self.operation} [{self.auth}/{self.mode}] -> {self.status} "
            f"{self.content_type}: {self.title}: {first}"
        )


@dataclass
class Tally:
    """Cases sent and what was found, for one service."""

    service: str
    cases: int = 0
    skipped: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def record(self, response: httpx.Response) -> None:
        self.cases += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
