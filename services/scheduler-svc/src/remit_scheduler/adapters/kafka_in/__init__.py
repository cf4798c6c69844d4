"""Kafka inbound adapter: records → use cases."""
