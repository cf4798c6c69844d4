"""Policy model: what a firm can configure, what is refused, and the default it starts with."""

from datetime import time

import pytest
from pydantic import ValidationError
from remit_scheduler.domain.policy import (
    Anchor,
    Channel,
    HolidayCalendar,
    ReminderPolicy,
    Repeat,
    StepKind,
    Tone,
    default_policy,
)
from scheduler_factories import policy, step


def test_default_policy_is_7_before_due_then_0_5_15_30_after_then_monthly_six_times():
    p = default_policy()
    assert [s.offset_days for s in p.steps] == [-7, 0, 5, 15, 30]
    assert [s.kind for s in p.steps] == [
        StepKind.PRE_DUE,
        StepKind.DUE,
        StepKind.OVERDUE,
        StepKind.OVERDUE,
        StepKind.FINAL_NOTICE,
    ]
    assert [s.tone for s in p.steps][-1] is Tone.FINAL
    assert p.repeat == Repeat(every_days=30, max_count=6, switch_to_sms_if_email_bounced=True)
    assert (p.window_start, p.window_end) == (time(9), time(17))
    assert p.business_days_only


def test_default_policy_keeps_courtesy_reminders_to_email_and_adds_sms_once_overdue():
    p = default_policy()
    assert [s.channels for s in p.steps[:2]] == [(Channel.EMAIL,), (Channel.EMAIL,)]
    assert all(Channel.SMS in s.channels for s in p.steps[2:])
    assert all(Channel.LETTER not in s.channels for s in p.steps)


def test_policy_round_trips_through_json_unchanged():
    p = default_policy("Europe/Warsaw", HolidayCalendar(country="PL"))
    assert ReminderPolicy.model_validate_json(p.model_dump_json()) == p


def test_policy_json_uses_plain_strings_for_enums_and_times():
    dumped = default_policy().model_dump(mode="json")
    assert dumped["steps"][0]["channels"] == ["email"]
    assert dumped["steps"][0]["anchor"] == "due_date"
    assert dumped["window_start"] == "09:00:00"


def test_step_keys_are_positions_unless_the_firm_names_them():
    p = policy(step(-7, StepKind.PRE_DUE), step(0, StepKind.DUE, key="due-day"))
    assert [p.step_key(i) for i in range(2)] == ["step:1", "step:due-day"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"window_start": time(17), "window_end": time(9)}, "window_start must be before"),
        ({"window_start": time(9), "window_end": time(9)}, "window_start must be before"),
        ({"firm_timezone": "Mars/Olympus_Mons"}, "unknown IANA time zone"),
        ({"min_balance_minor": -1}, "greater than or equal"),
        ({"steps": ()}, "at least 1"),
    ],
)
def test_policy_refuses_inconsistent_settings(overrides, message):
    with pytest.raises(ValidationError, match=message):
        policy(**overrides)


def test_steps_on_the_same_anchor_must_be_in_increasing_order():
    with pytest.raises(ValidationError, match="increasing offset_days"):
        policy(step(5), step(0, StepKind.DUE))


def test_steps_on_different_anchors_are_not_compared():
    p = policy(step(20, StepKind.PRE_DUE, anchor=Anchor.ISSUE_DATE), step(0, StepKind.DUE))
    assert len(p.steps) == 2


def test_duplicate_step_keys_are_refused():
    with pytest.raises(ValidationError, match="step keys must be unique"):
        policy(step(0, key="a"), step(5, key="a"))


def test_a_step_needs_at_least_one_channel_and_no_repeats():
    with pytest.raises(ValidationError):
        step(0, channels=())
    with pytest.raises(ValidationError, match="must not repeat"):
        step(0, channels=(Channel.EMAIL, Channel.EMAIL))


def test_unknown_channel_is_refused():
    with pytest.raises(ValidationError):
        step(0, channels=("fax",))


def test_holiday_calendar_knows_countries_and_subdivisions():
    assert HolidayCalendar(country="US", subdivision="NY").subdivision == "NY"
    with pytest.raises(ValidationError, match="no holiday calendar"):
        HolidayCalendar(country="XX")
    with pytest.raises(ValidationError, match="unknown subdivision"):
        HolidayCalendar(country="PL", subdivision="NY")


def test_window_times_must_be_local_wall_clock_times():
    with pytest.raises(ValidationError, match="without offset"):
        ReminderPolicy.model_validate(
            {"steps": [step(0).model_dump()], "window_start": "09:00:00+02:00"}
        )


def test_policy_is_immutable():
    p = default_policy()
    with pytest.raises(ValidationError):
        p.min_gap_days = 10  # type: ignore[misc]
