"""notifier-svc's domain model: pure Python, no I/O.

Templates and their sandboxed rendering, built-in wording (en/es/pl), tone lint, template
variables (babel formatting, QR codes), message composition, the delivery state machine, SMS
quiet hours and segments, tracking tokens and the invoice read model's "paid meanwhile?" rule.
Nothing here imports sqlalchemy, fastapi, aiokafka or httpx, and nothing reads the clock:
``now`` is passed in.
"""
