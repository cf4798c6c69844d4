"""Reading PostgreSQL constraint violations out of SQLAlchemy's wrapped driver errors."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError


def violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint behind ``exc`` (asyncpg reports it), if known."""
    cause = exc.orig
    for candidate in (cause, getattr(cause, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)
        if name:
            return name
    return None
