"""No ``value in SomeEnum`` tests: on Python 3.11 a plain string there raises TypeError.

That is how an SMS opt-out once crashed the consumer (``"sms" in Channel``).  Membership is
checked against a set of values instead (``c in {x.value for x in Channel}``).
"""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
from pathlib import Path

import remit_common
import remit_scheduler


def _enum_names() -> set[str]:
    names = set()
    for package in (remit_scheduler, remit_common):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            names |= {
                name
                for name, obj in vars(module).items()
                if isinstance(obj, type) and issubclass(obj, enum.Enum)
            }
    return names


def test_no_membership_test_against_an_enum_class():
    enums = _enum_names()
    assert {"Channel", "Tone", "InvoiceStatus"} <= enums
    offenders = []
    for path in Path(remit_scheduler.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                for op, right in zip(node.ops, node.comparators, strict=True):
                    if isinstance(op, ast.In | ast.NotIn) and (
                        (isinstance(right, ast.Name) and right.id in enums)
                        or (isinstance(right, ast.Attribute) and right.attr in enums)
                    ):
                        offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
