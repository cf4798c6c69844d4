"""The delivery state machine of one (reminder, channel).

::

    queued -> sending -> sent -> delivered -> opened -> clicked
       |         |         \\-> bounced (also from delivered)
       |         \\-> queued (retry later) | failed (retries exhausted: dead letter)
       \\-> dropped (invoice paid meanwhile, opted out, nothing to send)

``sending`` is the claim: the row says an attempt is in flight, with its attempt number. A
crash leaves it there; recovery decides whether re-sending is safe (see ``after_crash``).
Provider and tracking events arrive late and out of order, so transitions are monotonic:
an "opened" after "clicked" changes nothing, a "delivered" after "opened" changes nothing.
"""

from __future__ import annotations

from enum import StrEnum


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    OPENED = "opened"
    CLICKED = "clicked"
    BOUNCED = "bounced"
    FAILED = "failed"
    DROPPED = "dropped"


S = DeliveryStatus

# Progress after a successful hand-over; a higher rank never goes back to a lower one.
_RANK = {S.SENT: 1, S.DELIVERED: 2, S.OPENED: 3, S.CLICKED: 4}

_ALLOWED: dict[DeliveryStatus, frozenset[DeliveryStatus]] = {
    S.QUEUED: frozenset({S.SENDING, S.DROPPED, S.FAILED}),
    S.SENDING: frozenset({S.SENT, S.QUEUED, S.FAILED, S.DROPPED}),
    S.SENT: frozenset({S.DELIVERED, S.OPENED, S.CLICKED, S.BOUNCED, S.FAILED}),
    S.DELIVERED: frozenset({S.OPENED, S.CLICKED, S.BOUNCED}),
    S.OPENED: frozenset({S.CLICKED}),
    S.CLICKED: frozenset(),
    S.BOUNCED: frozenset(),
    S.FAILED: frozenset({S.QUEUED}),  # only by an operator's replay of the dead letter
    S.DROPPED: frozenset(),
}

TERMINAL = frozenset({S.BOUNCED, S.FAILED, S.DROPPED, S.CLICKED})
HANDED_OVER = frozenset({S.SENT, S.DELIVERED, S.OPENED, S.CLICKED, S.BOUNCED})


class IllegalTransition(ValueError):
    """The delivery cannot move from its current state to the one asked for."""


def can_transition(current: DeliveryStatus, target: DeliveryStatus) -> bool:
    """True when ``current -> target`` is a legal move."""
    return target in _ALLOWED[current]


def advance(current: DeliveryStatus, target: DeliveryStatus) -> DeliveryStatus | None:
    """The new state for a provider/tracking report, or None when it changes nothing.

    Late or duplicate reports (``delivered`` after ``opened``, a second ``opened``) are not
    errors: they return None and the caller records nothing.
    """
    if current == target:
        return None
    if current in _RANK and target in _RANK and _RANK[target] < _RANK[current]:
        return None
    return target if can_transition(current, target) else None


def after_crash(channel_is_idempotent: bool) -> DeliveryStatus:
    """What a delivery left in ``sending`` by a crashed process becomes.

    When the provider deduplicates (e-mail with our deterministic Message-ID at a provider that
    honours it, the print API's Idempotency-Key, webhooks carrying the delivery id), sending
    again is safe: back to ``queued``. Otherwise (SMS: Twilio has no idempotency key) the
    message may or may not have gone out, so it fails into a dead letter for a human to decide
    rather than risk a double text. That is the residual risk: at most one duplicate for
    providers that ignore the dedup key, and a manual decision for SMS.
    """
    return S.QUEUED if channel_is_idempotent else S.FAILED
