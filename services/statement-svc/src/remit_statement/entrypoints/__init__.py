"""Inbound adapters of statement-svc: HTTP routers (``http/``) and, as they land, Kafka consumers.

Entry points parse input, call one use case from ``service_layer`` and map its errors; they hold
no business rules and run no queries themselves.
"""
