"""Policy resolution: the most specific policy wins, and the timeline can say which."""

from remit_scheduler.domain.policy import default_policy
from remit_scheduler.domain.resolution import PolicyLevel, resolve_policy
from scheduler_factories import plan, policy, step


def test_firm_without_stored_policy_gets_the_built_in_default():
    resolved = resolve_policy(None)
    assert resolved.level is PolicyLevel.BUILT_IN
    assert resolved.policy == default_policy()


def test_firm_default_applies_when_nothing_more_specific_exists():
    firm = policy(step(3))
    assert resolve_policy(firm).level is PolicyLevel.FIRM_DEFAULT


def test_client_group_overrides_firm_default():
    firm, group = policy(step(3)), policy(step(4))
    resolved = resolve_policy(firm, client_group=group)
    assert (resolved.level, resolved.policy) == (PolicyLevel.CLIENT_GROUP, group)


def test_client_overrides_group_and_invoice_overrides_client():
    firm, group, cli, inv = (policy(step(n)) for n in (1, 2, 3, 4))
    assert resolve_policy(firm, client_group=group, client=cli).policy == cli
    resolved = resolve_policy(firm, client_group=group, client=cli, invoice=inv)
    assert (resolved.level, resolved.policy) == (PolicyLevel.INVOICE, inv)


def test_levels_are_not_merged_field_by_field():
    firm = policy(step(3), min_balance_minor=5000)
    cli = policy(step(4))
    assert resolve_policy(firm, client=cli).policy.min_balance_minor == 0


def test_timeline_reports_the_level_that_applied():
    resolved = resolve_policy(policy(), client=policy(step(0)))
    assert plan(pol=resolved).policy_level is PolicyLevel.CLIENT
    assert plan(pol=policy()).policy_level is None
