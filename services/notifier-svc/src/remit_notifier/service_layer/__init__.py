"""notifier-svc's use cases and unit of work.

One function or handler per command (``IssueInvoice``-style names), each running in one
``async with uow:`` block that owns a single ``AsyncSession``; repositories add and flush, only
the unit of work commits, and outbox rows commit with the state change. The error taxonomy for
these use cases (subclasses of ``remit_common.errors``) lives here too.
"""
