"""notifier-svc on real infrastructure: its migrations apply, and ``/readyz`` is green.

The tests are ``remit_common.testing.AppReadyContract``: the app runs its background workers on
fresh topics under a private consumer-group prefix, so readiness covers them too.
"""

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from remit_common.testing import AppReadyContract
from remit_notifier.config import Settings
from remit_notifier.main import create_app

pytestmark = pytest.mark.integration


class TestAppReady(AppReadyContract):
    service_dir = Path(__file__).resolve().parents[2]
    tables = {"templates", "deliveries"}

    def app(self, **settings: Any) -> FastAPI:
        return create_app(Settings(**settings))
