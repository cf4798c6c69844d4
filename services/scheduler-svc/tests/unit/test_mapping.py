"""Read-model rows become the engine's inputs without losing a client's opt-outs."""

import uuid
from types import SimpleNamespace

from remit_scheduler.domain.policy import Channel
from remit_scheduler.service_layer.mapping import client_profile


def _row(**overrides):
    fields = dict(
        client_id=uuid.uuid4(),
        timezone="America/New_York",
        language="en",
        trust_minor=None,
        trust_currency=None,
        client_group=None,
        opted_out=[],
        notifier_opt_outs=[],
    )
    return SimpleNamespace(**(fields | overrides))


def test_opt_outs_from_the_pms_and_from_sms_stop_both_count():
    profile = client_profile(_row(opted_out=["letter"], notifier_opt_outs=["sms"]), [])
    assert profile.opted_out_channels == {Channel.LETTER, Channel.SMS}


def test_an_unknown_channel_name_is_ignored_not_fatal():
    profile = client_profile(_row(notifier_opt_outs=["carrier-pigeon", "email"]), [])
    assert profile.opted_out_channels == {Channel.EMAIL}
