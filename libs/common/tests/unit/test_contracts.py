"""The committed contracts in docs/: current, and agreeing with the models.

Samples are validated against the *committed* files (not freshly generated schemas), so a
consumer in another language validating against docs/ accepts what Remit produces.
"""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from remit_common.contracts_export import find_repo_root, main, stale_files, write
from remit_common.events import EVENT_TYPES, TOPIC_TYPES
from remit_common.events import examples as ex
from remit_common.topics import ALL_TOPICS, TOPIC_ROUTES, dlq_topic

ROOT = find_repo_root(Path(__file__).resolve().parent)
ALL_TYPES = sorted(EVENT_TYPES)


def committed_schema(event_type: str) -> dict[str, Any]:
    path = ROOT / "docs" / "events" / f"{event_type}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def asyncapi() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text(encoding="utf-8"))


def test_committed_docs_are_not_stale(capsys: pytest.CaptureFixture[str]) -> None:
    assert stale_files(ROOT) == [], "run: uv run python -m remit_common.contracts_export"
    assert main(["--check", "--root", str(ROOT)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_mode_lists_stale_and_orphan_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert "stale: docs/asyncapi.yaml" in capsys.readouterr().err
    write(tmp_path)
    assert stale_files(tmp_path) == []
    schema = tmp_path / "docs/events/remit.invoice.issued.v1.schema.json"
    schema.write_text(schema.read_text() + " ", encoding="utf-8")
    orphan = tmp_path / "docs/events/remit.invoice.exploded.v1.schema.json"
    orphan.write_text("{}", encoding="utf-8")
    assert [p.name for p in stale_files(tmp_path)] == [schema.name, orphan.name]
    assert main(["--root", str(tmp_path)]) == 0
    assert stale_files(tmp_path) == [] and not orphan.exists()


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_example_validates_against_committed_schema(event_type: str) -> None:
    schema = committed_schema(event_type)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == EVENT_TYPES[event_type].dataschema()
    record = json.loads(ex.example_envelope(event_type).to_json_bytes())
    jsonschema.Draft202012Validator(schema).validate(record)
    assert schema["examples"] == [record]


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_committed_schema_pins_the_type(event_type: str) -> None:
    validator = jsonschema.Draft202012Validator(committed_schema(event_type))
    record = json.loads(ex.example_envelope(event_type).to_json_bytes())
    other = next(t for t in ALL_TYPES if t != event_type)
    assert not validator.is_valid({**record, "type": other})
    assert not validator.is_valid({k: v for k, v in record.items() if k != "id"})


def test_committed_schema_rejects_float_amounts_and_naive_extras() -> None:
    validator = jsonschema.Draft202012Validator(committed_schema("remit.payment.received.v1"))
    record = json.loads(ex.example_envelope("remit.payment.received.v1").to_json_bytes())
    record["data"]["amount"]["amount_minor"] = 10.5
    assert not validator.is_valid(record)
    record["data"]["amount"] = {"amount_minor": 10, "currency": "usd"}
    assert not validator.is_valid(record)


def test_asyncapi_describes_every_topic_and_type(asyncapi: dict[str, Any]) -> None:
    assert asyncapi["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in asyncapi["channels"].values()}
    assert addresses == set(ALL_TOPICS) | {dlq_topic(t) for t in ALL_TOPICS}
    names = {m["name"] for m in asyncapi["components"]["messages"].values()}
    assert names == set(EVENT_TYPES) | {"dead-letter"}
    for channel in asyncapi["channels"].values():
        if channel["address"] in TOPIC_TYPES:
            listed = {EVENT_TYPES[t].__name__ for t in TOPIC_TYPES[channel["address"]]}
            assert set(channel["messages"]) == listed
    message = asyncapi["components"]["messages"]["InvoiceIssued"]
    headers = resolve(asyncapi, message["headers"]["$ref"])
    assert "traceparent" in headers["properties"]


def test_asyncapi_operations_follow_the_routes(asyncapi: dict[str, Any]) -> None:
    ops = asyncapi["operations"]
    for topic, route in TOPIC_ROUTES.items():
        for action, services in (("send", route.producers), ("receive", route.consumers)):
            for service in services:
                matching = [
                    o
                    for o in ops.values()
                    if o["action"] == action
                    and o["summary"].startswith(f"{service} ")
                    and o["summary"].endswith(f" {topic}")
                ]
                assert len(matching) == 1, (service, action, topic)
    for op in ops.values():  # an operation's messages must belong to its channel
        channel = op["channel"]["$ref"]
        assert all(m["$ref"].startswith(channel + "/messages/") for m in op["messages"])


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_asyncapi_refs_all_resolve(asyncapi: dict[str, Any]) -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(asyncapi)
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        resolve(asyncapi, ref)
