"""statement-svc's domain model: pure Python, no I/O.

Entities, value objects, rules and the events they record. Nothing here imports sqlalchemy,
fastapi, aiokafka or httpx, and nothing reads the clock: ``now`` is passed in.
"""
