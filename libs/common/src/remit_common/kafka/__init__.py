"""Kafka plumbing: idempotent publisher, consumer runner with retries, dead-letter topics."""
