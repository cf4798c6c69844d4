"""Consolidation: one message per client per day, listing every invoice and the total."""

from datetime import date

from remit_common.money import Money
from remit_scheduler.domain.consolidation import consolidate
from remit_scheduler.domain.outcomes import Audience, ReminderKind
from remit_scheduler.domain.policy import Channel, ConsolidationMode, StepKind, Tone
from scheduler_factories import client, invoice, plan, policy, step, usd

MODE = ConsolidationMode


def _first_reminders(*invoices, pol=None, cli=None):
    pol = pol or policy(step(0, StepKind.DUE))
    return [plan(inv=inv, pol=pol, cli=cli).planned[0] for inv in invoices]


def _inv(n: int, **kw):
    fields = {"invoice_id": f"inv-{n}", "number": f"2025-{n:04d}", "matter_id": f"m-{n}"}
    fields.update(kw)
    return invoice(**fields)


def test_three_invoices_due_the_same_day_become_one_client_message_with_the_total():
    reminders = _first_reminders(
        _inv(1, balance=usd(10_000)), _inv(2, balance=usd(25_050)), _inv(3, balance=usd(1))
    )
    [message] = consolidate(reminders, MODE.CLIENT)
    assert [line.invoice_number for line in message.lines] == [
        "2025-0001",
        "2025-0002",
        "2025-0003",
    ]
    assert message.total == usd(35_051)
    assert message.local_date == date(2025, 7, 1)


def test_invoice_mode_keeps_one_message_per_invoice():
    reminders = _first_reminders(_inv(1), _inv(2))
    assert len(consolidate(reminders, MODE.INVOICE)) == 2


def test_matter_mode_groups_invoices_of_the_same_matter():
    reminders = _first_reminders(_inv(1, matter_id="m-a"), _inv(2, matter_id="m-a"), _inv(3))
    messages = consolidate(reminders, MODE.MATTER)
    assert sorted(len(m.lines) for m in messages) == [1, 2]


def test_matter_mode_does_not_lump_invoices_without_a_matter_together():
    reminders = _first_reminders(_inv(1, matter_id=None), _inv(2, matter_id=None))
    assert len(consolidate(reminders, MODE.MATTER)) == 2


def test_different_days_are_different_messages():
    reminders = _first_reminders(_inv(1), _inv(2, due_date=date(2025, 7, 2)))
    assert len(consolidate(reminders, MODE.CLIENT)) == 2


def test_currencies_are_never_mixed_in_one_total():
    eur = Money(amount_minor=5_000, currency="EUR")
    reminders = _first_reminders(_inv(1), _inv(2, balance=eur, total=eur), _inv(3))
    messages = consolidate(reminders, MODE.CLIENT)
    assert sorted(str(m.total) for m in messages) == ["3000.00 USD", "50.00 EUR"]


def test_the_firmest_tone_and_most_serious_kind_set_the_message():
    gentle = plan(inv=_inv(1), pol=policy(step(0, StepKind.DUE))).planned[0]
    final = plan(inv=_inv(2), pol=policy(step(0, StepKind.FINAL_NOTICE, tone=Tone.FINAL))).planned[
        0
    ]
    [message] = consolidate([gentle, final], MODE.CLIENT)
    assert (message.kind, message.tone) == (ReminderKind.FINAL_NOTICE, Tone.FINAL)


def test_message_uses_every_channel_its_reminders_use():
    by_email = plan(inv=_inv(1), pol=policy(step(0))).planned[0]
    by_sms = plan(inv=_inv(2), pol=policy(step(0, channels=(Channel.SMS,)))).planned[0]
    [message] = consolidate([by_email, by_sms], MODE.CLIENT)
    assert message.channels == (Channel.EMAIL, Channel.SMS)


def test_firm_notices_are_not_merged_into_client_messages():
    notice = plan(inv=_inv(1), cli=client(trust_balance=usd(10**9))).planned[0]
    reminder = _first_reminders(_inv(2))[0]
    messages = consolidate([notice, reminder], MODE.CLIENT)
    assert {m.audience for m in messages} == {Audience.FIRM, Audience.CLIENT}


def test_different_clients_never_share_a_message():
    a = _first_reminders(_inv(1))[0]
    b = _first_reminders(_inv(2, client_id="cl-2"), cli=client(client_id="cl-2"))[0]
    assert len(consolidate([a, b], MODE.CLIENT)) == 2


def test_no_reminders_no_messages():
    assert consolidate([], MODE.CLIENT) == []
