"""JSON Schemas of whole events (envelope + payload), as published in docs/events/."""

from __future__ import annotations

import json
from typing import Any

from remit_common.events.common import EventPayload
from remit_common.events.envelope import Envelope
from remit_common.events.examples import example_envelope

__all__ = ["JSON_SCHEMA_DIALECT", "envelope_schema", "pin_envelope"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def pin_envelope(schema: dict[str, Any], model: type[EventPayload]) -> dict[str, Any]:
    """Specialise a generic envelope schema to ``model``: fixed type and dataschema, example.

    The model already enforces both at parse time; the schema says so too, so that
    non-Python producers validating against it get the same answer.
    """
    summary = (model.__doc__ or "").strip().splitlines()[0]
    schema["title"] = f"{model.__name__} ({model.event_type})"
    schema["description"] = f"{summary} CloudEvents 1.0 structured-mode envelope."
    props = schema["properties"]
    props["type"] = {"const": model.event_type, "description": "CloudEvents type."}
    props["dataschema"] = {
        "const": model.dataschema(),
        "description": "URI of this JSON Schema; optional, but must match when present.",
    }
    schema["examples"] = [json.loads(example_envelope(model.event_type).to_json_bytes())]
    return schema


def envelope_schema(model: type[EventPayload]) -> dict[str, Any]:
    """The standalone JSON Schema of an ``Envelope[model]`` record (``$id`` = dataschema)."""
    schema = Envelope[model].model_json_schema(mode="validation")  # type: ignore[valid-type]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": model.dataschema(),
        **pin_envelope(schema, model),
    }
