"""Which policy applies to an invoice: firm default < client group < client < invoice.

The most specific policy that exists wins *whole*: levels are not merged field by field.
Merging would make "which policy applied" unanswerable (a timeline built from three half
policies has no single source to show or edit), and a firm that overrides one client wants
to see exactly what that client gets.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .policy import ReminderPolicy, default_policy

__all__ = ["PolicyLevel", "ResolvedPolicy", "resolve_policy"]


class PolicyLevel(StrEnum):
    """Where the effective policy came from, least to most specific."""

    BUILT_IN = "built_in"
    FIRM_DEFAULT = "firm_default"
    CLIENT_GROUP = "client_group"
    CLIENT = "client"
    INVOICE = "invoice"


class ResolvedPolicy(BaseModel):
    """The effective policy and the level it was defined at."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy: ReminderPolicy
    level: PolicyLevel


def resolve_policy(
    firm_default: ReminderPolicy | None,
    *,
    client_group: ReminderPolicy | None = None,
    client: ReminderPolicy | None = None,
    invoice: ReminderPolicy | None = None,
) -> ResolvedPolicy:
    """Return the most specific policy given, with its level.

    Pass ``None`` for levels that have no policy.  A firm without any stored policy gets
    ``default_policy()`` at level ``built_in``.
    """
    for policy, level in (
        (invoice, PolicyLevel.INVOICE),
        (client, PolicyLevel.CLIENT),
        (client_group, PolicyLevel.CLIENT_GROUP),
        (firm_default, PolicyLevel.FIRM_DEFAULT),
    ):
        if policy is not None:
            return ResolvedPolicy(policy=policy, level=level)
    return ResolvedPolicy(policy=default_policy(), level=PolicyLevel.BUILT_IN)
