"""Prometheus metrics of the notifier's own work (alerts hang off these)."""

from prometheus_client import Counter, Histogram

DELIVERY_OUTCOMES = Counter(
    "remit_notifier_deliveries_total",
    "Delivery attempts by channel and outcome (sent, retry, failed, dropped, deferred).",
    ["channel", "outcome"],
)
RENDER_FAILURES = Counter(
    "remit_notifier_render_failures_total",
    "Templates that failed to render; each one is a dead letter (alert when > 0).",
    ["channel"],
)
SEND_SECONDS = Histogram(
    "remit_notifier_send_seconds", "Time a provider took to accept a message.", ["channel"]
)
