"""Build the AsyncAPI 3.0.0 document of Remit's topics from the registry and topic routes.

One channel per topic and per dead-letter topic, one message per event type (payload = the
whole CloudEvents envelope, headers = the Kafka headers Remit sets), and send/receive
operations per service as ``remit_common.topics.TOPIC_ROUTES`` records them.  All model
schemas live once in ``components.schemas``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from remit_common.events.common import EventPayload
from remit_common.events.envelope import CLOUDEVENTS_CONTENT_TYPE, Envelope
from remit_common.events.examples import example_envelope
from remit_common.events.registry import EVENT_TYPES, EXTERNALLY_PRODUCED, TOPIC_TYPES
from remit_common.events.schemas import pin_envelope
from remit_common.topics import ALL_TOPICS, EXTERNAL_PRODUCER, TOPIC_ROUTES, dlq_topic

__all__ = ["ASYNCAPI_VERSION", "build_asyncapi", "channel_id"]

ASYNCAPI_VERSION = "3.0.0"
_KAFKA_BINDING = "0.5.0"
_REF = "#/components/schemas/{model}"
_HEADERS_SCHEMA = "KafkaRecordHeaders"

_HEADERS = {
    "type": "object",
    "description": "Kafka record headers Remit sets on every event record.",
    "properties": {
        "traceparent": {
            "type": "string",
            "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
            "description": "W3C Trace Context of the producing span.",
            "examples": ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
        },
        "tracestate": {"type": "string", "description": "W3C Trace Context vendor state."},
        "content-type": {"const": CLOUDEVENTS_CONTENT_TYPE},
    },
}


def channel_id(topic: str) -> str:
    """``billing.invoice-events.v1`` -> ``invoiceEvents`` (``...v1.dlq`` -> ``...Dlq``)."""
    dead = topic.endswith(".dlq")
    words = topic.split(".")[1].split("-")
    name = words[0] + "".join(word.capitalize() for word in words[1:])
    return name + ("Dlq" if dead else "")


def _camel(service: str) -> str:
    first, *rest = service.split("-")
    return first + "".join(part.capitalize() for part in rest)


def _schemas() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """(event type -> pinned envelope schema, components.schemas) with shared definitions."""
    models = list(EVENT_TYPES.values())
    keys = [(Envelope[m], "validation") for m in models]  # type: ignore[valid-type]
    mapping, top = models_json_schema(keys, ref_template=_REF)
    components: dict[str, Any] = top.get("$defs", {})
    payloads = {}
    for model, key in zip(models, keys, strict=True):
        name = mapping[key]["$ref"].removeprefix("#/components/schemas/")
        # The envelope is inlined in its message; only shared definitions stay components.
        payloads[model.event_type] = pin_envelope(components.pop(name), model)
    components[_HEADERS_SCHEMA] = _HEADERS
    return payloads, components


def _message(model: type[EventPayload], payload: dict[str, Any]) -> dict[str, Any]:
    example = json.loads(example_envelope(model.event_type).to_json_bytes())
    return {
        "name": model.event_type,
        "title": model.__name__,
        "summary": (model.__doc__ or "").strip().splitlines()[0],
        "contentType": "application/cloudevents+json",
        "headers": {"$ref": f"#/components/schemas/{_HEADERS_SCHEMA}"},
        "payload": payload,
        "correlationId": {"location": "$message.payload#/id"},
        "bindings": {
            "kafka": {
                "bindingVersion": _KAFKA_BINDING,
                "key": {
                    "type": "string",
                    "format": "uuid",
                    "description": f"Record key: the {model.key_description}.",
                },
            }
        },
        "examples": [{"name": "example", "payload": example}],
    }


def _dead_letter_message() -> dict[str, Any]:
    # Describes the wire format the Kafka plumbing writes (remit_common.kafka.dlq): the
    # original key and value byte for byte, the failure in kafka_dlt-* headers.  Imported
    # here, not at module level, so the event contracts never depend on the Kafka client.
    from remit_common.kafka import dlq as wire

    headers = {name: {"type": "string"} for name in sorted(wire.DLQ_HEADER_NAMES)}
    headers[wire.EXCEPTION_MESSAGE]["description"] = "Why the consumer gave up (no values)."
    headers[wire.ATTEMPTS]["description"] = "Attempts made before giving up."
    headers["traceparent"] = _HEADERS["properties"]["traceparent"]
    return {
        "name": "dead-letter",
        "title": "Dead-lettered record",
        "summary": "A record a consumer could not process, unchanged, with the reason.",
        "description": "Replay = publish the value with the same key to the original topic. "
        "remit_common.events.DeadLetter is the JSON view of such a record.",
        "headers": {
            "type": "object",
            "properties": headers,
            "required": sorted(wire.DLQ_HEADER_NAMES),
        },
        "payload": {
            "description": "The original record value, byte for byte (usually one "
            "of the topic's CloudEvents, possibly not valid JSON at all)."
        },
    }


def _operation(action: str, service: str, topic: str, types: list[str]) -> dict[str, Any]:
    cid = channel_id(topic)
    verb = "publishes to" if action == "send" else "consumes"
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{cid}"},
        "summary": f"{service} {verb} {topic}",
        "messages": [
            {"$ref": f"#/channels/{cid}/messages/{EVENT_TYPES[t].__name__}"}
            if t in EVENT_TYPES
            else {"$ref": f"#/channels/{cid}/messages/{t}"}
            for t in types
        ],
    }


def build_asyncapi() -> dict[str, Any]:
    """The whole AsyncAPI document as plain data (dump it with sorted keys)."""
    payloads, schemas = _schemas()
    messages: dict[str, Any] = {"DeadLetter": _dead_letter_message()}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        route, types = TOPIC_ROUTES[topic], list(TOPIC_TYPES[topic])
        names = [EVENT_TYPES[t].__name__ for t in types]
        for event_type, name in zip(types, names, strict=True):
            messages[name] = _message(EVENT_TYPES[event_type], payloads[event_type])
        cid, dlq = channel_id(topic), dlq_topic(topic)
        channels[cid] = {
            "address": topic,
            "title": topic,
            "description": route.description,
            "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in names},
            "bindings": {"kafka": {"bindingVersion": _KAFKA_BINDING, "topic": topic}},
        }
        channels[channel_id(dlq)] = {
            "address": dlq,
            "title": dlq,
            "description": f"Records of {topic} that a consumer could not process.",
            "messages": {"DeadLetter": {"$ref": "#/components/messages/DeadLetter"}},
            "bindings": {"kafka": {"bindingVersion": _KAFKA_BINDING, "topic": dlq}},
        }
        for service in route.producers:
            sent = [t for t in types if service != EXTERNAL_PRODUCER or t in EXTERNALLY_PRODUCED]
            operations[f"{_camel(service)}Send{cid[0].upper()}{cid[1:]}"] = _operation(
                "send", service, topic, sent
            )
        for service in route.consumers:
            operations[f"{_camel(service)}Receive{cid[0].upper()}{cid[1:]}"] = _operation(
                "receive", service, topic, types
            )
            operations[f"{_camel(service)}DeadLetter{cid[0].upper()}{cid[1:]}"] = _operation(
                "send", service, dlq, ["DeadLetter"]
            )
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Remit events",
            "version": "1.0.0",
            "description": "Kafka topics of Remit, the billing-reminder system for law firms. "
            "Every record value is a CloudEvents 1.0 JSON structured-mode event; the key is "
            "the invoice id (client or batch id where there is no invoice). Generated from "
            "libs/common by `python -m remit_common.contracts_export`; do not edit.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "deploy/local single-node KRaft broker",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
