"""Channel choice for one step: escalation conditions, bounces and the client's opt-outs.

Order matters and is deliberate: escalation first (it may add SMS), opt-outs last, so an
opt-out always wins — a client who said STOP never gets an SMS because an email bounced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .inputs import ClientProfile, SentReminder
from .outcomes import SkipReason
from .policy import Channel
from .steps import Candidate

__all__ = ["ChannelDecision", "choose_channels"]


@dataclass(frozen=True, slots=True)
class ChannelDecision:
    """Either the channels to use (with notes for people) or a skip with its reason."""

    channels: tuple[Channel, ...]
    notes: tuple[str, ...] = ()
    skip: SkipReason | None = None
    skip_explanation: str = ""


def _switch_bounced_email(channels: list[Channel]) -> list[Channel]:
    at = channels.index(Channel.EMAIL)
    replaced = [*channels[:at], Channel.SMS, *channels[at + 1 :]]
    return list(dict.fromkeys(replaced))  # drop a duplicate SMS, keep order


def choose_channels(
    candidate: Candidate,
    previous_key: str | None,
    client: ClientProfile,
    history: Sequence[SentReminder],
) -> ChannelDecision:
    """Decide the channels of ``candidate``; ``previous_key`` is the step planned before it.

    "Only if the previous email was not opened" can only be judged once that email went out:
    until then the step stays planned with a note, and the recompute triggered by the open
    event drops it.
    """
    channels = list(candidate.channels)
    notes: list[str] = []
    if (
        candidate.switch_to_sms_if_email_bounced
        and Channel.EMAIL in channels
        and any(h.channel is Channel.EMAIL and h.bounced for h in history)
    ):
        channels = _switch_bounced_email(channels)
        notes.append("An earlier email to this client bounced: SMS instead of email.")
    if candidate.only_if_previous_email_unopened and previous_key is not None:
        emails = [h for h in history if h.step_key == previous_key and h.channel is Channel.EMAIL]
        if any(h.opened for h in emails):
            return ChannelDecision(
                (),
                skip=SkipReason.PREVIOUS_EMAIL_OPENED,
                skip_explanation=f"The client opened the email of {previous_key}.",
            )
        if emails:
            notes.append(f"The email of {previous_key} was not opened.")
        else:
            notes.append(f"Sent only if the email of {previous_key} is still unopened by then.")
    kept = [c for c in channels if c not in client.opted_out_channels]
    if not kept:
        return ChannelDecision(
            (),
            skip=SkipReason.OPTED_OUT_ALL_CHANNELS,
            skip_explanation="The client opted out of every channel this step uses: "
            + ", ".join(c.value for c in channels)
            + ".",
        )
    dropped = [c.value for c in channels if c not in kept]
    if dropped:
        notes.append(f"Not sent by {', '.join(dropped)}: the client opted out.")
    return ChannelDecision(tuple(kept), tuple(notes))
