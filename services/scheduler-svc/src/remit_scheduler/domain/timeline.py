"""The timeline engine: (invoice, policy, client, history, holds, now) → planned and skipped.

Pure and deterministic: the same inputs always give the same timeline, so "recompute on every
event" is simply calling ``plan_timeline`` again with the new state.  Rules, in order:

1. Paid (or nothing owed), voided, written off → closed: nothing planned, ever.
2. Disputed or manually paused → paused: nothing planned until an event lifts it.
3. Balance below ``min_balance_minor`` → suppressed.
4. Client's trust balance (same currency) covers the balance → suppressed for the client, and
   one firm-facing ``trust_notice`` asking the firm to apply the funds.
5. Otherwise each step not yet sent goes out at the start of the window on its day (moved to
   the next allowed day when needed).  Steps whose time has passed are not sent late, except
   the single most recent one after the last sent step (catch-up): it goes out once at the
   next moment inside a window (``now`` when ``now`` is inside one).  A promise-to-pay hold or
   a snooze treats its end as "now": steps inside the hold are skipped and the most recent of
   them is caught up once when it ends — never a burst.
6. One reminder per day, ``min_gap_days`` between reminders (see ``spacing``).

Every reminder quotes the current balance, so after a partial payment later steps ask for the
remainder.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from .calendar import first_window_start, holiday_name, is_allowed_day, local_date, next_send_moment
from .channels import ChannelDecision, choose_channels
from .gates import blocking_gate
from .holds import HoldDecision, Holds, dated_hold
from .inputs import ClientProfile, InvoiceState, SentReminder
from .outcomes import (
    Audience,
    PlannedReminder,
    ReminderKind,
    SkippedReminder,
    SkipReason,
    Timeline,
    TimelineState,
)
from .policy import Channel, ReminderPolicy, Tone
from .resolution import ResolvedPolicy
from .spacing import space_reminders
from .steps import TRUST_NOTICE_KEY, Candidate, expand_candidates

__all__ = ["plan_timeline"]


class _Plan:
    """The inputs of one computation, resolved once (zone, sent keys, local today)."""

    def __init__(
        self,
        invoice: InvoiceState,
        policy: ReminderPolicy,
        client: ClientProfile,
        history: Sequence[SentReminder],
        now: datetime,
    ) -> None:
        self.invoice, self.policy, self.client, self.history = invoice, policy, client, history
        self.tz_name = client.timezone or policy.firm_timezone
        self.tz = ZoneInfo(self.tz_name)
        self.now = now.astimezone(UTC)
        self.today = local_date(self.now, self.tz)
        self.sent_keys = {h.step_key for h in history}

    def reminder(
        self,
        candidate: Candidate,
        send_at: datetime,
        channels: tuple[Channel, ...],
        notes: Sequence[str | None],
        *,
        catch_up: bool = False,
        audience: Audience = Audience.CLIENT,
        tz: ZoneInfo | None = None,
    ) -> PlannedReminder:
        inv, zone = self.invoice, tz or self.tz
        text = " ".join(n for n in notes if n)
        return PlannedReminder(
            invoice_id=inv.invoice_id,
            invoice_number=inv.number,
            client_id=inv.client_id,
            matter_id=inv.matter_id,
            step_key=candidate.key,
            kind=candidate.kind,
            tone=candidate.tone,
            channels=channels,
            template=candidate.template,
            audience=audience,
            send_at=send_at,
            local_date=local_date(send_at, zone),
            timezone=zone.key,
            amount=inv.balance,
            due_date=inv.due_date,
            catch_up=catch_up,
            explanation=text or None,
        )


def _skip(candidate: Candidate, reason: SkipReason, explanation: str) -> SkippedReminder:
    return SkippedReminder(
        step_key=candidate.key,
        kind=candidate.kind,
        reason=reason,
        explanation=explanation,
        nominal_date=candidate.nominal_date,
    )


def _trust_notice(plan: _Plan) -> PlannedReminder:
    notice = Candidate(
        key=TRUST_NOTICE_KEY,
        kind=ReminderKind.TRUST_NOTICE,
        tone=Tone.FRIENDLY,
        channels=(Channel.EMAIL,),
        template=None,
        nominal_date=plan.today,
    )
    # The firm reads this notice, so it goes out in the firm's own window and zone.
    firm_tz = ZoneInfo(plan.policy.firm_timezone)
    at = next_send_moment(plan.now, plan.policy, firm_tz)
    note = (
        f"Trust funds ({plan.client.trust_balance}) cover invoice {plan.invoice.number} "
        f"({plan.invoice.balance}): apply them instead of reminding the client."
    )
    return plan.reminder(notice, at, notice.channels, [note], audience=Audience.FIRM, tz=firm_tz)


def _move_note(nominal: date, actual: date, policy: ReminderPolicy) -> str | None:
    if actual == nominal:
        return None
    holiday = holiday_name(nominal, policy.holiday_calendar)
    if holiday is not None:
        why = f"public holiday: {holiday}"
    elif not is_allowed_day(nominal, policy):
        why = "not a business day"
    else:
        why = "no sending window that day"
    return f"Planned for {nominal.isoformat()} ({why}); sent on {actual.isoformat()}."


def _catch_up_note(
    candidate: Candidate, hold: HoldDecision | None, now: datetime, at: datetime
) -> str:
    if hold is not None and at > now:
        return (
            f"Missed during the hold (was due {candidate.nominal_date.isoformat()}); "
            "the most recent missed step is sent once when the hold ends."
        )
    return (
        f"Its time had passed (was due {candidate.nominal_date.isoformat()}); the most "
        "recent missed step is sent once, at the next sending window."
    )


def _schedule(
    plan: _Plan, candidates: list[Candidate], hold: HoldDecision | None
) -> tuple[list[PlannedReminder], list[SkippedReminder]]:
    policy, tz = plan.policy, plan.tz
    earliest = plan.now
    if hold is not None and hold.resumes_on is not None:
        earliest = max(plan.now, first_window_start(hold.resumes_on, policy, tz))
    order = {c.key: i for i, c in enumerate(candidates)}
    last_sent = max((order[k] for k in plan.sent_keys if k in order), default=-1)
    skipped: list[SkippedReminder] = []
    timed: list[tuple[Candidate, ChannelDecision, datetime]] = []
    for i, cand in enumerate(candidates):
        if cand.key in plan.sent_keys:
            continue
        previous = candidates[i - 1].key if i > 0 else None
        decision = choose_channels(cand, previous, plan.client, plan.history)
        if decision.skip is not None:
            skipped.append(_skip(cand, decision.skip, decision.skip_explanation))
            continue
        timed.append((cand, decision, first_window_start(cand.nominal_date, policy, tz)))
    future = [t for t in timed if t[2] >= earliest]
    late = [t for t in timed if t[2] < earliest]
    # Only a step after the last one sent may be caught up: re-sending a friendlier, older
    # step after a firmer one went out would confuse the client.
    eligible = [t for t in late if order[t[0].key] > last_sent]
    catch = max(eligible, key=lambda t: (t[2], order[t[0].key]), default=None)
    for cand, _, at in late:
        if catch is not None and cand is catch[0]:
            continue
        if at < plan.now or hold is None:
            skipped.append(
                _skip(
                    cand,
                    SkipReason.IN_PAST_MISSED,
                    f"Its time ({at.isoformat()}) had passed; not sent late.",
                )
            )
        else:
            skipped.append(_skip(cand, hold.reason, hold.explanation))
    planned: list[PlannedReminder] = []
    if catch is not None:
        cand, decision, _ = catch
        at = next_send_moment(earliest, policy, tz)
        if future and local_date(at, tz) >= local_date(future[0][2], tz):
            skipped.append(
                _skip(
                    cand,
                    SkipReason.SUPERSEDED_BY_NEXT_STEP,
                    f"{future[0][0].key} goes out as soon or sooner.",
                )
            )
        else:
            notes = [_catch_up_note(cand, hold, plan.now, at), cand.note, *decision.notes]
            planned.append(plan.reminder(cand, at, decision.channels, notes, catch_up=True))
    for cand, decision, at in future:
        notes = [
            cand.note,
            _move_note(cand.nominal_date, local_date(at, tz), policy),
            *decision.notes,
        ]
        planned.append(plan.reminder(cand, at, decision.channels, notes))
    return planned, skipped


def _last_sent_on(plan: _Plan) -> date | None:
    client_sends = [h.sent_at for h in plan.history if h.step_key != TRUST_NOTICE_KEY]
    return local_date(max(client_sends), plan.tz) if client_sends else None


def plan_timeline(
    invoice: InvoiceState,
    policy: ReminderPolicy | ResolvedPolicy,
    client: ClientProfile,
    history: Sequence[SentReminder],
    holds: Holds,
    now: datetime,
) -> Timeline:
    """Compute the invoice's reminder timeline at ``now`` (aware; any zone, UTC preferred).

    ``history`` lists what was already sent for this invoice (one record per channel); a step
    key found there is never planned again, whatever else changed.  Pass a ``ResolvedPolicy``
    to have the timeline say which policy level applied.  Raises ValueError for a naive ``now``
    or a client profile that is not the invoice's client.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if client.client_id != invoice.client_id:
        raise ValueError("the client profile does not belong to the invoice's client")
    level = policy.level if isinstance(policy, ResolvedPolicy) else None
    effective = policy.policy if isinstance(policy, ResolvedPolicy) else policy
    plan = _Plan(invoice, effective, client, history, now)
    candidates, skipped = expand_candidates(invoice, effective, client)
    for cand in candidates:
        if cand.key in plan.sent_keys:
            first = min(h.sent_at for h in history if h.step_key == cand.key)
            skipped.append(
                _skip(
                    cand,
                    SkipReason.ALREADY_SENT,
                    f"Sent on {local_date(first, plan.tz).isoformat()}.",
                )
            )
    pending = [c for c in candidates if c.key not in plan.sent_keys]
    state, resumes_on = TimelineState.ACTIVE, None
    planned: list[PlannedReminder] = []
    block = blocking_gate(invoice, effective, client, holds)
    if block is not None:
        state, reason, explanation = block
        skipped.extend(_skip(c, reason, explanation) for c in pending)
        if reason is SkipReason.TRUST_COVERS_BALANCE and TRUST_NOTICE_KEY not in plan.sent_keys:
            planned.append(_trust_notice(plan))
    else:
        hold = dated_hold(holds, plan.today)
        if hold is not None:
            state, resumes_on = TimelineState.PAUSED, hold.resumes_on
        raw, more = _schedule(plan, candidates, hold)
        planned, spaced_out = space_reminders(raw, _last_sent_on(plan), effective, plan.tz)
        skipped.extend(more + spaced_out)
    skipped.sort(key=lambda s: (s.nominal_date or date.min, s.step_key))
    return Timeline(
        invoice_id=invoice.invoice_id,
        client_id=invoice.client_id,
        computed_at=plan.now,
        timezone=plan.tz_name,
        policy_level=level,
        state=state,
        resumes_on=resumes_on,
        sent_count=len(plan.sent_keys),
        last_sent_at=max((h.sent_at for h in history), default=None),
        planned=tuple(planned),
        skipped=tuple(skipped),
    )
