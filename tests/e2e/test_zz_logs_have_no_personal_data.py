"""After the e2e run: no email address, phone number or API key in any service or sink log.

Runs last (the name sorts last). It greps every file under `.local/logs/` (current and rotated
logs of the services, the sinks and the broker) for each value the session's actors gave the
system (`harness.PERSONAL_DATA`) and for generic patterns, so a leak from a test that did not
register its data is caught too.
"""

from __future__ import annotations

import re
from pathlib import Path

from remit_local import stack as local_stack
from remit_local.paths import Layout

from .harness import PersonalData

GENERIC = {
    "email at a test domain": re.compile(r"[\w.+-]+@(?:client|halerowe|acme|[\w-]+\.example)\b"),
    "API key": re.compile(r"rk_(?:live|test)_[A-Za-z0-9_-]{8,}"),
    "E.164 phone number": re.compile(r"(?<![\w.:/-])\+[1-9]\d{9,14}\b"),
}


def _log_files(layout: Layout) -> list[Path]:
    return sorted(p for p in layout.logs.glob("*.log*") if p.is_file())


def _leaks(files: list[Path], needles: dict[str, set[str]]) -> list[str]:
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for kind, values in needles.items():
                found += [f"{path.name}:{number}: {kind} {v!r}" for v in values if v in line]
            for kind, pattern in GENERIC.items():
                found += [f"{path.name}:{number}: {kind} {m!r}" for m in pattern.findall(line)]
    return found


def test_no_log_holds_an_email_a_phone_number_or_a_key(
    running_stack: Layout, personal_data: PersonalData
) -> None:
    files = _log_files(running_stack)
    assert any(p.name.startswith("invoice") for p in files), f"no service logs in {files}"
    needles = personal_data.values()
    needles["secret token"] = {
        local_stack.admin_token(running_stack),
        local_stack.internal_token(running_stack),
        local_stack.sms_token(running_stack),
    }
    leaks = _leaks(files, needles)
    assert not leaks, f"{len(leaks)} leak(s):\n" + "\n".join(leaks[:40])
