"""statement-svc's outbound adapters: database (``db/``), Kafka publishing, HTTP clients, providers.

Adapters implement the ports the service layer needs and hold all I/O; the domain never
imports them.
"""
