"""Channels: opt-outs always win; bounces and unopened emails escalate."""

from remit_scheduler.domain.outcomes import SkipReason
from remit_scheduler.domain.policy import Channel, StepKind
from scheduler_factories import client, keys, local, plan, policy, sent, step, us_default

EMAIL, SMS, LETTER = Channel.EMAIL, Channel.SMS, Channel.LETTER


def _overdue(timeline):
    return next(r for r in timeline.planned if r.step_key == "step:3")


def test_sms_opt_out_leaves_overdue_reminders_on_email_with_a_note():
    timeline = plan(pol=us_default(), cli=client(opted_out_channels={SMS}))
    overdue = _overdue(timeline)
    assert overdue.channels == (EMAIL,)
    assert "opted out" in overdue.explanation


def test_step_whose_every_channel_is_opted_out_is_skipped():
    timeline = plan(pol=us_default(), cli=client(opted_out_channels={EMAIL}))
    assert timeline.skip_reason("step:1") is SkipReason.OPTED_OUT_ALL_CHANNELS
    assert _overdue(timeline).channels == (SMS,)


def test_client_opted_out_of_everything_gets_nothing():
    everything = set(Channel)
    timeline = plan(pol=us_default(), cli=client(opted_out_channels=everything))
    assert timeline.planned == ()


def test_bounced_email_switches_later_steps_to_sms():
    history = [sent("step:1", local(2025, 6, 24, 9), bounced=True)]
    timeline = plan(pol=us_default(), history=history, now=local(2025, 6, 25, 10))
    assert _overdue(timeline).channels == (SMS,)
    assert "bounced" in _overdue(timeline).explanation


def test_bounce_does_not_switch_steps_that_did_not_ask_for_it():
    history = [sent("step:1", local(2025, 6, 24, 9), bounced=True)]
    timeline = plan(pol=us_default(), history=history, now=local(2025, 6, 25, 10))
    assert timeline.planned[0].step_key == "step:2"
    assert timeline.planned[0].channels == (EMAIL,)


def test_opt_out_beats_bounce_escalation():
    history = [sent("step:1", local(2025, 6, 24, 9), bounced=True)]
    cli = client(opted_out_channels={SMS})
    timeline = plan(pol=us_default(), cli=cli, history=history, now=local(2025, 6, 25, 10))
    assert timeline.skip_reason("step:3") is SkipReason.OPTED_OUT_ALL_CHANNELS


def _escalating_policy():
    return policy(
        step(0, StepKind.DUE),
        step(10, channels=(EMAIL,)),
        step(20, channels=(SMS, LETTER), only_if_previous_email_unopened=True),
    )


def test_escalation_step_is_skipped_when_the_previous_email_was_opened():
    history = [sent("step:2", local(2025, 7, 11, 9), opened=True)]
    timeline = plan(pol=_escalating_policy(), history=history, now=local(2025, 7, 12, 10))
    assert timeline.skip_reason("step:3") is SkipReason.PREVIOUS_EMAIL_OPENED
    assert timeline.planned == ()


def test_escalation_step_goes_out_when_the_previous_email_was_not_opened():
    history = [sent("step:2", local(2025, 7, 11, 9))]
    timeline = plan(pol=_escalating_policy(), history=history, now=local(2025, 7, 12, 10))
    assert keys(timeline) == ["step:3"]
    assert timeline.planned[0].channels == (SMS, LETTER)
    assert "not opened" in timeline.planned[0].explanation


def test_escalation_step_is_planned_conditionally_before_the_previous_email_went_out():
    timeline = plan(pol=_escalating_policy())
    escalation = timeline.planned[-1]
    assert escalation.step_key == "step:3"
    assert "only if the email of step:2" in escalation.explanation
