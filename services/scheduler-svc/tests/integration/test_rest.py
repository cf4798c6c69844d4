"""REST: tenancy, policies by level, timeline, commands, preview vs dispatch, reconcile."""

from __future__ import annotations

import uuid

import pytest
from remit_scheduler.domain.policy import default_policy
from scenarios import Invoice, Scenario, utc
from scheduler_stack import envelope, wait_for
from test_flow import PRE_DUE_AT, planned, wait_planned

pytestmark = pytest.mark.integration


async def issued(stack, sc: Scenario | None = None, **kw) -> tuple[Scenario, Invoice]:
    sc = sc or Scenario()
    inv = Invoice(sc, **kw)
    await stack.send(envelope(inv.issued(), sc.firm_id))
    await wait_planned(stack, inv.invoice_id)
    return sc, inv


async def test_another_firms_ids_are_not_found_and_errors_are_problem_json(stack):
    sc, inv = await issued(stack)
    mine, theirs = stack.auth(sc.firm_id), stack.auth(uuid.uuid4())
    ok = await stack.http.get(f"/v1/invoices/{inv.invoice_id}/timeline", headers=mine)
    assert ok.status_code == 200, ok.text
    for method, path in [
        ("GET", f"/v1/invoices/{inv.invoice_id}/timeline"),
        ("GET", f"/v1/invoices/{inv.invoice_id}/policy"),
        ("PUT", f"/v1/clients/{sc.client_id}/policy"),
        ("POST", f"/v1/invoices/{inv.invoice_id}/reminders/pause"),
        ("POST", f"/v1/invoices/{inv.invoice_id}/reminders/send-now"),
    ]:
        body = default_policy().model_dump(mode="json") if method == "PUT" else None
        resp = await stack.http.request(method, path, headers=theirs, json=body)
        assert resp.status_code == 404, (path, resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json")
    assert (await stack.http.get("/v1/policies/default")).status_code == 401
    # Nothing of the other firm's attempts touched the invoice.
    assert {r.status for r in await planned(stack, inv.invoice_id)} == {"planned"}


async def test_policies_by_level_and_the_timeline_says_which_applied(stack):
    sc, inv = await issued(stack)
    h = stack.auth(sc.firm_id)
    default = await stack.http.get("/v1/policies/default", headers=h)
    assert default.json()["level"] == "built_in"

    firm_policy = default_policy().model_copy(update={"min_gap_days": 2}).model_dump(mode="json")
    put = await stack.http.put("/v1/policies/default", headers=h, json=firm_policy)
    assert put.status_code == 200 and put.json()["replan_scheduled_invoices"] == 1
    assert (await stack.http.put("/v1/policies/default", headers=h, json=firm_policy)).json()[
        "replan_scheduled_invoices"
    ] == 0  # same body again: nothing changed, nothing replanned
    await stack.container.dispatcher.replan_once()
    tl = (await stack.http.get(f"/v1/invoices/{inv.invoice_id}/timeline", headers=h)).json()
    assert tl["policy_level"] == "firm_default"

    one_step = {"steps": [{"offset_days": 3, "kind": "overdue", "tone": "firm",
                           "channels": ["email"]}]}  # fmt: skip
    resp = await stack.http.put(f"/v1/invoices/{inv.invoice_id}/policy", headers=h, json=one_step)
    assert resp.status_code == 200, resp.text
    tl = (await stack.http.get(f"/v1/invoices/{inv.invoice_id}/timeline", headers=h)).json()
    assert tl["policy_level"] == "invoice"
    assert [r["step_key"] for r in tl["reminders"] if r["status"] == "planned"] == ["step:1"]
    assert {r["reason"] for r in tl["reminders"] if r["status"] == "skipped"} == {"replanned"}

    bad = await stack.http.put(
        f"/v1/invoices/{inv.invoice_id}/policy", headers=h, json={"steps": []}
    )
    assert bad.status_code == 422
    gone = await stack.http.delete(f"/v1/invoices/{inv.invoice_id}/policy", headers=h)
    assert gone.status_code == 204
    again = await stack.http.delete(f"/v1/invoices/{inv.invoice_id}/policy", headers=h)
    assert again.status_code == 404
    tl = (await stack.http.get(f"/v1/invoices/{inv.invoice_id}/timeline", headers=h)).json()
    assert tl["policy_level"] == "firm_default"
    assert tl["reminders"][0]["step_key"] == "step:1" and tl["reminders"][0]["status"] == "planned"

    group = await stack.http.put("/v1/policies/client-groups/vip", headers=h, json=one_step)
    assert group.status_code == 200
    got = await stack.http.get("/v1/policies/client-groups/vip", headers=h)
    assert got.json()["policy"]["steps"][0]["offset_days"] == 3


async def test_pause_snooze_resume_and_send_now(stack):
    sc, inv = await issued(stack)
    h = stack.auth(sc.firm_id)
    stack.clock.set(utc(2026, 3, 3, 15))
    base = f"/v1/invoices/{inv.invoice_id}/reminders"
    paused = await stack.http.post(f"{base}/pause", headers=h)
    assert paused.status_code == 200, paused.text
    assert paused.json()["state"] == "paused"
    assert {r["reason"] for r in paused.json()["reminders"]} == {"paused_manually"}

    resumed = await stack.http.post(f"{base}/resume", headers=h, json=None)
    assert resumed.json()["state"] == "active"
    promise = await stack.http.post(
        f"{base}/pause", headers=h, json={"kind": "promise_to_pay", "until": "2026-04-10"}
    )
    assert promise.json()["resumes_on"] == "2026-04-11"
    assert (
        await stack.http.post(f"{base}/pause", headers=h, json={"kind": "snooze"})
    ).status_code == 422
    await stack.http.post(f"{base}/resume", headers=h)

    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = await stack.http.post(f"{base}/send-now", headers=h | key)
    second = await stack.http.post(f"{base}/send-now", headers=h | key)
    assert first.status_code == 200 and second.json() == first.json()
    await stack.container.dispatcher.dispatch_once()
    out = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert [e.data.step.kind for e in out] == ["pre_due"]
    reused = await stack.http.post(f"{base}/resume", headers=h | key)
    assert reused.status_code == 409


async def test_preview_matches_what_is_later_dispatched(stack):
    sc = Scenario()
    inv = Invoice(sc)
    h = stack.auth(sc.firm_id)
    stack.clock.set(utc(2026, 3, 2, 15))
    body = {
        "invoice": {
            "invoice_id": str(inv.invoice_id), "number": inv.number,
            "client_id": str(sc.client_id), "status": "issued", "issue_date": "2026-03-02",
            "due_date": "2026-03-31",
            "total": {"amount_minor": 125000, "currency": "USD"},
            "balance": {"amount_minor": 125000, "currency": "USD"},
        },
        "client": {"client_id": str(sc.client_id), "timezone": "America/New_York"},
    }  # fmt: skip
    resp = await stack.http.post("/v1/preview", headers=h, json=body)
    assert resp.status_code == 200, resp.text
    preview = resp.json()
    assert preview["policy_level"] == "built_in"
    first = preview["reminders"][0]
    assert first["local_send_at"].startswith("2026-03-24T09:00:00-04:00")
    assert await stack.sql("SELECT 1 FROM invoices WHERE invoice_id = :i", i=inv.invoice_id) == []

    await stack.send(envelope(inv.issued(), sc.firm_id))
    rows = await wait_planned(stack, inv.invoice_id)
    assert [(r.step_key, r.send_at.isoformat()) for r in rows] == [
        (p["step_key"], p["send_at"].replace("Z", "+00:00")) for p in preview["reminders"]
    ]
    await stack.dispatch(PRE_DUE_AT)
    out = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert out[0].data.scheduled_for.isoformat() == first["send_at"].replace("Z", "+00:00")
    assert list(out[0].data.channels) == first["channels"]


async def test_reconcile_repairs_invoices_whose_plan_was_lost(stack):
    sc, inv = await issued(stack)
    h = stack.auth(sc.firm_id)
    async with stack.container.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(
            text("DELETE FROM reminders WHERE invoice_id = :i"), {"i": inv.invoice_id}
        )
    report = await stack.http.post("/v1/reconcile", headers=h, json={"limit": 10})
    assert report.status_code == 200, report.text
    assert report.json()["repaired"] == 1 and report.json()["examined"] == 1
    assert await planned(stack, inv.invoice_id)
    again = (await stack.http.post("/v1/reconcile", headers=h)).json()
    assert again["examined"] == 0
