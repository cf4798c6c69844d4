"""Inbound Kafka: the ingress consumer of externally produced payments and views."""
