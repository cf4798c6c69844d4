"""Property-based tests of the timeline engine over random policies, invoices and clocks.

What must hold whatever the firm configured and whenever the engine runs: a closed invoice is
never reminded; every send time is inside the window on an allowed local day; sent steps are
never planned again; reminders are ordered and spaced; a late invoice gets at most one catch-up.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from remit_common.money import Money
from remit_scheduler.domain.calendar import is_allowed_day
from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.inputs import (
    ClientProfile,
    InvoiceState,
    InvoiceStatus,
    PaymentRecord,
    SentReminder,
)
from remit_scheduler.domain.outcomes import Audience, Timeline
from remit_scheduler.domain.policy import (
    Anchor,
    Channel,
    HolidayCalendar,
    ReminderPolicy,
    Repeat,
    Step,
    StepKind,
    Tone,
)
from remit_scheduler.domain.timeline import plan_timeline

ZONES = [
    "America/New_York",
    "Europe/Warsaw",
    "Australia/Sydney",
    "UTC",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
    "Europe/London",
    "America/Sao_Paulo",
]
CALENDARS = [
    None,
    HolidayCalendar(country="US"),
    HolidayCalendar(country="US", subdivision="NY"),
    HolidayCalendar(country="PL"),
    HolidayCalendar(country="AU", subdivision="NSW"),
    HolidayCalendar(country="IL"),
]
CLOSED = [InvoiceStatus.PAID, InvoiceStatus.VOIDED, InvoiceStatus.WRITTEN_OFF]
# Weighted towards open invoices: closed and disputed ones plan nothing, so they are cheap
# to cover and would otherwise crowd out the interesting cases.
MOSTLY_OPEN = st.sampled_from(
    [InvoiceStatus.ISSUED] * 6
    + [InvoiceStatus.PARTIALLY_PAID] * 2
    + [*CLOSED, InvoiceStatus.DISPUTED]
)
KEYS = [f"step:{n}" for n in range(1, 7)] + [f"repeat:{n}" for n in range(1, 9)]
KEYS += ["notice:invoice_available", "notice:trust_covers_balance", "manual:1"]

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws (plain integer draws are biased towards their bounds)."""
    return st.sampled_from([False] * (n - 1) + [True])


channels_st = st.lists(st.sampled_from(Channel), min_size=1, max_size=3, unique=True).map(tuple)


@st.composite
def windows(draw) -> tuple[time, time]:
    typical = [(time(9), time(17)), (time(8, 30), time(18)), (time(2, 30), time(17))]
    if draw(st.booleans()):
        return draw(st.sampled_from(typical))
    start = draw(st.integers(0, 24 * 60 - 2))
    end = draw(st.integers(start + 1, 24 * 60 - 1))
    return time(start // 60, start % 60), time(end // 60, end % 60)


@st.composite
def policies(draw) -> ReminderPolicy:
    count = draw(st.integers(1, 6))
    offsets = sorted(draw(st.sets(st.integers(-30, 120), min_size=count, max_size=count)))
    steps = tuple(
        Step(
            offset_days=offset,
            anchor=draw(st.sampled_from(Anchor)),
            kind=draw(st.sampled_from(StepKind)),
            tone=draw(st.sampled_from(Tone)),
            channels=draw(channels_st),
            only_if_previous_email_unopened=draw(st.booleans()),
            switch_to_sms_if_email_bounced=draw(st.booleans()),
        )
        for offset in offsets
    )
    repeat = draw(
        st.none()
        | st.builds(
            Repeat, every_days=st.integers(1, 45), max_count=st.integers(1, 8), channels=channels_st
        )
    )
    start, end = draw(windows())
    return ReminderPolicy(
        steps=steps,
        repeat=repeat,
        min_balance_minor=draw(st.sampled_from([0, 0, 500, 5_000])),
        min_gap_days=draw(st.integers(0, 10)),
        window_start=start,
        window_end=end,
        business_days_only=draw(st.booleans()),
        holiday_calendar=draw(st.sampled_from(CALENDARS)),
        firm_timezone=draw(st.sampled_from(ZONES)),
    )


def usd(minor: int) -> Money:
    return Money(amount_minor=minor, currency="USD")


@st.composite
def invoices(draw, statuses=MOSTLY_OPEN) -> InvoiceState:
    issue = draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    due = None if draw(one_in(6)) else issue + timedelta(draw(st.integers(0, 90)))
    # Mostly a real balance; sometimes nothing owed or less than a typical minimum.
    balance = draw(st.sampled_from([0, 499])) if draw(one_in(5)) else draw(st.integers(500, 10**7))
    return InvoiceState(
        invoice_id="inv-1",
        number="2025-0001",
        client_id="cl-1",
        status=draw(statuses),
        issue_date=issue,
        due_date=due,
        balance=usd(balance),
        total=usd(balance + 100),
    )


@st.composite
def clients(draw) -> ClientProfile:
    due = date(2024, 1, 1)
    history = draw(st.lists(st.integers(-10, 40), max_size=5))
    return ClientProfile(
        client_id="cl-1",
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        opted_out_channels=frozenset(draw(st.lists(st.sampled_from(Channel), max_size=2))),
        trust_balance=draw(st.integers(0, 10**7).map(usd)) if draw(one_in(5)) else None,
        payment_history=tuple(
            PaymentRecord(due_date=due, paid_date=due + timedelta(days=d)) for d in history
        ),
    )


@st.composite
def holds_st(draw, base: date) -> Holds:
    def dated() -> date | None:
        if not draw(one_in(4)):
            return None
        return base + timedelta(days=draw(st.integers(-20, 120)))

    return Holds(
        promise_to_pay_until=dated(),
        snoozed_until=dated(),
        # Open-ended holds stop everything: keep them rare so the other paths get exercised.
        dispute_open=draw(one_in(12)),
        paused=draw(one_in(12)),
    )


@st.composite
def scenarios(draw, statuses=MOSTLY_OPEN, with_holds=True):
    inv = draw(invoices(statuses))
    start = datetime.combine(inv.issue_date, time(), tzinfo=UTC)
    now = start + timedelta(minutes=draw(st.integers(-2 * 1440, 400 * 1440)))
    history = [
        SentReminder(
            step_key=draw(st.sampled_from(KEYS)),
            channel=draw(st.sampled_from(Channel)),
            sent_at=now - timedelta(minutes=draw(st.integers(1, 120 * 1440))),
            opened=draw(st.booleans()),
            bounced=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    holds = draw(holds_st(inv.issue_date)) if with_holds else Holds()
    return inv, draw(policies()), draw(clients()), history, holds, now


def _client_planned(timeline: Timeline):
    return [r for r in timeline.planned if r.audience is Audience.CLIENT]


@PROPERTY_SETTINGS
@given(scenarios(statuses=st.sampled_from(CLOSED)))
def test_closed_invoice_never_has_a_planned_reminder(scenario):
    assert plan_timeline(*scenario).planned == ()


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_planned_send_is_inside_the_window_on_an_allowed_local_day(scenario):
    inv, pol, cli, history, holds, now = scenario
    timeline = plan_timeline(*scenario)
    for reminder in timeline.planned:
        expected_zone = cli.timezone or pol.firm_timezone
        if reminder.audience is Audience.FIRM:
            expected_zone = pol.firm_timezone
        assert reminder.timezone == expected_zone
        wall = reminder.send_at.astimezone(ZoneInfo(reminder.timezone))
        assert pol.window_start <= wall.time() < pol.window_end, reminder
        assert is_allowed_day(wall.date(), pol), reminder
        assert wall.date() == reminder.local_date
        assert reminder.send_at >= now
        assert reminder.send_at.utcoffset() == timedelta(0)


@PROPERTY_SETTINGS
@given(scenarios(), st.data())
def test_recomputing_after_marking_steps_sent_never_replans_them(scenario, data):
    inv, pol, cli, history, holds, now = scenario
    first = plan_timeline(*scenario)
    marked = data.draw(
        st.lists(st.sampled_from(first.planned), unique_by=lambda r: r.step_key)
        if first.planned
        else st.just([])
    )
    history = history + [
        SentReminder(step_key=r.step_key, channel=c, sent_at=r.send_at)
        for r in marked
        for c in r.channels
    ]
    later = max([now, *(r.send_at for r in marked)])
    again = plan_timeline(inv, pol, cli, history, holds, later)
    assert not {r.step_key for r in marked} & {r.step_key for r in again.planned}


@PROPERTY_SETTINGS
@given(scenarios())
def test_planned_reminders_are_sorted_one_per_day_and_respect_the_minimum_gap(scenario):
    inv, pol, cli, history, holds, now = scenario
    timeline = plan_timeline(*scenario)
    assert list(timeline.planned) == sorted(timeline.planned, key=lambda r: r.send_at)
    client_side = _client_planned(timeline)
    zone = ZoneInfo(cli.timezone or pol.firm_timezone)
    sent_days = [
        h.sent_at.astimezone(zone).date()
        for h in history
        if h.step_key != "notice:trust_covers_balance"
    ]
    days = [r.local_date for r in client_side]
    if sent_days and days:
        assert (days[0] - max(sent_days)).days >= pol.min_gap_days
    for before, after in zip(days, days[1:], strict=False):
        assert (after - before).days >= max(pol.min_gap_days, 1)


@PROPERTY_SETTINGS
@given(scenarios())
def test_at_most_one_catch_up_and_never_a_step_already_sent(scenario):
    inv, pol, cli, history, holds, now = scenario
    timeline = plan_timeline(*scenario)
    assert sum(r.catch_up for r in timeline.planned) <= 1
    assert not {h.step_key for h in history} & {r.step_key for r in timeline.planned}
    assert len({r.step_key for r in timeline.planned}) == len(timeline.planned)


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_candidate_is_accounted_for_once(scenario):
    timeline = plan_timeline(*scenario)
    planned = [r.step_key for r in timeline.planned if r.audience is Audience.CLIENT]
    skipped = [s.step_key for s in timeline.skipped]
    assert len(set(planned + skipped)) == len(planned) + len(skipped)


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_planned_reminder_quotes_the_current_balance(scenario):
    inv = scenario[0]
    assert all(r.amount == inv.balance for r in plan_timeline(*scenario).planned)


@PROPERTY_SETTINGS
@given(scenarios(with_holds=False))
def test_a_dispatcher_following_the_plan_sends_each_step_once_and_catches_up_at_most_once(
    scenario,
):
    inv, pol, cli, history, holds, now = scenario
    history = list(history)
    sent_keys = {h.step_key for h in history}
    catch_ups = 0
    for _ in range(40):
        timeline = plan_timeline(inv, pol, cli, history, holds, now)
        if not timeline.planned:
            break
        due = timeline.planned[0]
        assert due.step_key not in sent_keys
        catch_ups += due.catch_up
        now = due.send_at
        sent_keys.add(due.step_key)
        history += [
            SentReminder(step_key=due.step_key, channel=c, sent_at=now) for c in due.channels
        ]
    assert catch_ups <= 1


@PROPERTY_SETTINGS
@given(scenarios())
def test_the_engine_is_deterministic(scenario):
    assert plan_timeline(*scenario) == plan_timeline(*scenario)
