"""Sandboxed rendering of (firm-editable) templates with hard size, step and time limits.

What a template can do: read the variables it is given (plain dicts, lists, strings, numbers),
loop, branch, and use a short allowlist of filters. What it cannot do: reach any attribute of
any Python object (``''.__class__`` and friends are refused, not merely hidden), import, include
other templates, call anything but the budgeted ``range``, build huge strings by ``*``/``**``
/``%``, or produce more than the output limit. HTML parts are auto-escaped.

Time is bounded without threads: every loop iteration and every output chunk spends from one
step budget and checks a deadline, so ``{% for a in range(10**6) %}{% for b in ... %}`` stops
early instead of hanging a consumer.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

MAX_OUTPUT_CHARS = 256_000
MAX_STEPS = 50_000
MAX_SECONDS = 0.5
_MAX_SEQUENCE = 10_000
_LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "first", "last", "length", "revindex", "revindex0", "previtem", "nextitem"}
)
_ALLOWED_FILTERS = (
    "abs",
    "capitalize",
    "default",
    "d",
    "e",
    "escape",
    "first",
    "int",
    "last",
    "length",
    "count",
    "lower",
    "round",
    "string",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
)


class RenderError(Exception):
    """The template cannot be rendered with these variables; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Budget:
    """Steps and a deadline shared by one render."""

    def __init__(self, steps: int, seconds: float) -> None:
        self.steps = steps
        self.deadline = time.monotonic() + seconds

    def spend(self, n: int = 1) -> None:
        self.steps -= n
        if self.steps < 0:
            raise RenderError("template exceeded its step limit (a loop that runs too long)")
        if time.monotonic() > self.deadline:
            raise RenderError("template exceeded its time limit")


class _BudgetedList(list):
    """A list whose iteration spends the render budget (so nested loops cannot explode)."""

    budget: _Budget | None = None

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            if self.budget is not None:
                self.budget.spend()
            yield item


class _Sandbox(SandboxedEnvironment):
    """A sandbox with no attribute access at all and capped arithmetic."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Only the loop helper's counters; dict keys are reached by item lookup, not attributes.
        return isinstance(obj, LoopContext) and attr in _LOOP_ATTRIBUTES

    def is_safe_callable(self, obj: Any) -> bool:
        return getattr(obj, "_remit_safe", False)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "%" and isinstance(left, str):
            raise RenderError("string formatting with % is not allowed in templates")
        if operator_name == "**" and (abs(_num(right)) > 64 or abs(_num(left)) > 10**6):
            raise RenderError("exponent too large")
        if operator_name == "*" and (isinstance(left, str | list) or isinstance(right, str | list)):
            count = right if isinstance(left, str | list) else left
            size = len(left if isinstance(left, str | list) else right)
            if _num(count) * size > MAX_OUTPUT_CHARS:
                raise RenderError("template builds a value larger than the output limit")
        ops = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}
        result = ops[operator_name](left, right)
        if isinstance(result, str | list) and len(result) > MAX_OUTPUT_CHARS:
            raise RenderError("template builds a value larger than the output limit")
        return result


def _capped_join(builtin_join: Any) -> Any:
    from jinja2.filters import pass_eval_context

    @pass_eval_context
    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        total = sum(len(str(i)) for i in items) + len(d) * len(items)
        if total > MAX_OUTPUT_CHARS or attribute is not None:
            raise RenderError("join would exceed the output limit")
        return builtin_join(eval_ctx, items, d)

    return join


def _num(value: Any) -> int | float:
    return value if isinstance(value, int | float) else 0


def _make_env(autoescape: bool) -> _Sandbox:
    env = _Sandbox(autoescape=autoescape, undefined=StrictUndefined, loader=None)
    # Filters that can multiply sizes (center, replace, format, ...) are left out; join is
    # wrapped so that joining many long strings cannot allocate past the output limit.
    builtin_join = env.filters["join"]
    env.filters = {name: env.filters[name] for name in _ALLOWED_FILTERS}
    env.filters["join"] = _capped_join(builtin_join)
    env.tests = {
        name: env.tests[name]
        for name in ("defined", "undefined", "none", "number", "string", "even", "odd", "eq", "ne")
    }
    env.globals = {}
    return env


_ENVS = {True: _make_env(True), False: _make_env(False)}


@lru_cache(maxsize=512)
def _compile(source: str, html: bool) -> Any:
    return _ENVS[html].from_string(source)


def check_syntax(source: str, *, html: bool = False) -> str | None:
    """None when ``source`` compiles, else the syntax error in words (for lint and save)."""
    try:
        _compile(source, html)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        return f"line {line}: {exc.message}" if line else str(exc.message or exc)
    return None


def _budgeted(value: Any, budget: _Budget) -> Any:
    """Deep copy of plain data with lists made budget-aware; refuses any other object type."""
    if isinstance(value, Markup | str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _budgeted(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if len(value) > _MAX_SEQUENCE:
            raise RenderError("a list variable is too long")
        out = _BudgetedList(_budgeted(v, budget) for v in value)
        out.budget = budget
        return out
    raise RenderError(f"variables must be plain data, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-render limits (defaults suit one message part)."""

    max_output_chars: int = MAX_OUTPUT_CHARS
    max_steps: int = MAX_STEPS
    max_seconds: float = MAX_SECONDS


def render(
    source: str, variables: Mapping[str, Any], *, html: bool = False, limits: Limits = Limits()
) -> str:
    """Render ``source`` with ``variables`` in the sandbox; ``RenderError`` on any failure.

    ``html=True`` escapes every variable (values wrapped in ``Markup`` by our own code, such
    as the QR image, pass through). Undefined variables are errors, not blanks, so a typo in a
    firm's template is caught at lint time rather than sending "Dear ,".
    """
    budget = _Budget(limits.max_steps, limits.max_seconds)
    try:
        template = _compile(source, html)
        data = _budgeted(variables, budget)
        data["range"] = _budgeted_range(budget)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(data):
            size += len(chunk)
            if size > limits.max_output_chars:
                raise RenderError(f"output exceeds {limits.max_output_chars} characters")
            budget.spend()
            chunks.append(chunk)
        return "".join(chunks)
    except RenderError:
        raise
    except TemplateError as exc:
        raise RenderError(f"template error: {exc.message or type(exc).__name__}") from None
    except (RecursionError, MemoryError):
        raise RenderError("template is too deeply nested or too large") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise RenderError(f"template failed: {type(exc).__name__}") from None


def _budgeted_range(budget: _Budget) -> Any:
    def safe_range(*args: int) -> Iterator[int]:
        if len(range(*args)) > _MAX_SEQUENCE:
            raise RenderError(f"range() is limited to {_MAX_SEQUENCE} items")
        for i in range(*args):
            budget.spend()
            yield i

    safe_range._remit_safe = True  # type: ignore[attr-defined]
    return safe_range
