"""Use cases: each runs inside one unit of work and stages its events in the outbox."""
