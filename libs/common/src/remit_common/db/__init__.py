"""Database plumbing shared by every service: engine, unit of work, outbox and inbox tables."""
