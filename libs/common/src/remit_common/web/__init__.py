"""The HTTP edge shared by every service: app factory, problem+json, readiness, metrics, server."""

from remit_common.web.admin import AdminDep, InternalDep, require_admin, require_internal
from remit_common.web.app import create_app
from remit_common.web.problems import PROBLEM_MEDIA_TYPE, problem_response
from remit_common.web.readiness import (
    KafkaProbe,
    ReadinessCheck,
    database_check,
    kafka_check,
    register_readiness_check,
    run_readiness_checks,
)

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "AdminDep",
    "InternalDep",
    "KafkaProbe",
    "ReadinessCheck",
    "create_app",
    "database_check",
    "kafka_check",
    "problem_response",
    "register_readiness_check",
    "require_admin",
    "require_internal",
    "run_readiness_checks",
]
