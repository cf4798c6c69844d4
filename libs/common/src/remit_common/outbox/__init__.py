"""Transactional outbox: write events with the state change, publish them afterwards."""
