"""The shared test helpers: domain purity checks and the OpenAPI exporter."""

import importlib
import sys
import textwrap

from fastapi import FastAPI
from remit_common.openapi_export import export, render
from remit_common.testing import clock_reads, io_imports


def test_purity_checks_find_io_imports_and_clock_reads(tmp_path, monkeypatch):
    package = tmp_path / "demo_domain"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "pure.py").write_text(
        "from datetime import datetime\n\ndef due(now: datetime) -> datetime:\n    return now\n"
    )
    (package / "sub" / "leaky.py").write_text(
        textwrap.dedent("""\
        import httpx
        from sqlalchemy.orm import Session
        from datetime import datetime

        def due():
            return datetime.now()
    """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        domain = importlib.import_module("demo_domain")
        assert io_imports(domain) == ["sub/leaky.py: httpx", "sub/leaky.py: sqlalchemy.orm"]
        assert clock_reads(domain) == ["sub/leaky.py:6"]
    finally:
        sys.modules.pop("demo_domain", None)


def app() -> FastAPI:
    api = FastAPI(title="demo")

    @api.get("/v1/things")
    async def things() -> list[str]:
        return []

    return api


def test_the_exporter_writes_then_checks(tmp_path, capsys):
    path = tmp_path / "openapi" / "demo.json"
    assert export(app, path, ["--check"]) == 1, "a missing file is stale"
    assert export(app, path, []) == 0
    assert path.read_text(encoding="utf-8") == render(app)
    assert render(app).endswith("}\n") and '"/v1/things"' in render(app)
    assert export(app, path, ["--check"]) == 0
    path.write_text("{}\n", encoding="utf-8")
    assert export(app, path, ["--check"]) == 1
