"""The domain stays pure: no I/O libraries, no reading of the clock."""

import ast
from pathlib import Path

import remit_statement.domain as domain

FORBIDDEN_IMPORTS = {"sqlalchemy", "fastapi", "aiokafka", "httpx", "asyncpg", "requests", "os"}
# ("time" is left out: datetime.time() reads a field, not the clock.)
CLOCK_CALLS = {"now", "utcnow", "today", "time_ns", "monotonic", "perf_counter"}
SOURCES = sorted(Path(domain.__file__).parent.glob("*.py"))


def test_domain_modules_import_no_io_libraries():
    for source in SOURCES:
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_IMPORTS, f"{source.name}: {name}"


def test_domain_modules_never_read_the_clock():
    for source in SOURCES:
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in CLOCK_CALLS, f"{source.name}:{node.lineno}"
