"""Templates over REST: auth, lint, refusal without override, CRUD, and use in a real send."""

from __future__ import annotations

import pytest
from notifier_helpers import reminder_due
from remit_common.events import Channel

pytestmark = pytest.mark.integration

GOOD = {
    "kind": "pre_due",
    "tone": "friendly",
    "language": "en",
    "subjects": ["Heads up: invoice {{ invoice_number }} is due soon", "B: {{ invoice_number }}"],
    "html": "<p>Dear {{ client_name }}, {{ amount_due }} for {{ invoice_number }} is due on "
    "{{ due_date }}. Pay: <a href='{{ payment_link }}'>here</a>. Questions: "
    "{{ firm_contact.email }}</p>",
    "text": "Dear {{ client_name }}, {{ amount_due }} for {{ invoice_number }} is due on "
    "{{ due_date }}. Pay: {{ payment_link }} Questions: {{ firm_contact.email }}",
    "sms": "{{ firm_name }}: {{ amount_due }} ({{ invoice_number }}) due {{ due_date }}. "
    "{{ firm_contact.phone }}",
}


async def test_templates_need_the_firm_key(stack):
    assert (await stack.client.get("/v1/templates")).status_code == 401
    bad = await stack.client.get("/v1/templates", headers={"authorization": "Bearer rk_live_nope"})
    assert bad.status_code == 401 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )


async def test_lint_save_override_and_use_in_a_send(stack):
    auth = {"authorization": f"Bearer {stack.api_key}"}
    threat = dict(
        GOOD, text=GOOD["text"] + " Pay or we will take legal action and you may be arrested."
    )
    lint = (
        await stack.client.post(
            "/v1/templates/lint",
            json={k: threat[k] for k in ("kind", "language", "subjects", "html", "text", "sms")},
            headers=auth,
        )
    ).json()
    assert lint["ok"] is False
    assert {"legal_action_threat", "threat_of_arrest"} <= {f["rule"] for f in lint["findings"]}

    refused = await stack.client.put("/v1/templates", json=threat, headers=auth)
    assert refused.status_code == 422 and refused.json()["findings"]
    forced = await stack.client.put("/v1/templates", json=dict(threat, override=True), headers=auth)
    assert forced.status_code == 200 and forced.json()["lint_overridden"] is True

    saved = await stack.client.put("/v1/templates", json=GOOD, headers=auth)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["version"] == 2 and body["lint_overridden"] is False
    listed = (await stack.client.get("/v1/templates", headers=auth)).json()["items"]
    assert [t["id"] for t in listed] == [body["id"]]

    escape = dict(GOOD, text=GOOD["text"] + " {{ ''.__class__ }}", override=True)
    assert (await stack.client.put("/v1/templates", json=escape, headers=auth)).status_code == 200
    reminder = reminder_due(channels=(Channel.EMAIL,))
    await stack.publish(reminder)

    async def failed():
        rows = await stack.deliveries(reminder_id=str(reminder.reminder_id))
        return rows and rows[0]["status"] == "failed" and rows[0]

    row = await stack.wait_for(failed)
    assert "failed to render" in row["reason"] and "unsafe" in row["reason"]

    assert (await stack.client.put("/v1/templates", json=GOOD, headers=auth)).status_code == 200
    second = reminder_due(channels=(Channel.EMAIL,))
    await stack.publish(second)

    async def email():
        return await stack.sink_json("smtp_http", f"/api/messages?to={second.client.emails[0]}")

    message = (await stack.wait_for(email))[0]
    assert message["subject"] in ("Heads up: invoice 2025-0042 is due soon", "B: 2025-0042")

    deleted = await stack.client.delete(f"/v1/templates/{body['id']}", headers=auth)
    assert deleted.status_code == 204
    assert (await stack.client.get(f"/v1/templates/{body['id']}", headers=auth)).status_code == 404
