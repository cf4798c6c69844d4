"""What the deploy tests compare the files against: the code's own names, read from the code."""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

from pydantic import AliasChoices, SecretStr
from pydantic_settings import BaseSettings
from remit_common import topics
from remit_common.settings import is_placeholder_secret

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
SERVICE_NAMES = ("invoice", "scheduler", "notifier", "statement")
SERVICES = tuple(f"{n}-svc" for n in SERVICE_NAMES)
CONTAINER_PORT = 8000
SECRET_ENV = ("DATABASE_URL", "REMIT_ADMIN_TOKEN")
# In a container the service must listen on every interface, and /tmp is its only writable path.
ALL_INTERFACES = "0.0.0.0"  # noqa: S104
WRITABLE_TMP = "/tmp"  # noqa: S108


def settings_class(name: str) -> type[BaseSettings]:
    """The ``Settings`` class a service reads its environment with (``remit_<name>.config``)."""
    return importlib.import_module(f"remit_{name}.config").Settings


def field_env_names(cls: type[BaseSettings]) -> dict[str, set[str]]:
    """Field name -> every environment variable that sets it (upper case)."""
    prefix = cls.model_config.get("env_prefix", "")
    out: dict[str, set[str]] = {}
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names = {c for c in alias.choices if isinstance(c, str)}
        elif isinstance(alias, str):
            names = {alias}
        else:
            names = {f"{prefix}{field.alias or name}"}
        out[name] = {n.upper() for n in names}
    return out


@cache
def env_names(name: str) -> frozenset[str]:
    """Every environment variable service ``name`` reads."""
    return frozenset(set().union(*field_env_names(settings_class(name)).values()))


def required_env(name: str) -> list[set[str]]:
    """For each required setting of service ``name``: the variables any one of which sets it."""
    cls = settings_class(name)
    names = field_env_names(cls)
    return [names[f] for f, info in cls.model_fields.items() if info.is_required()]


def _default(cls: type[BaseSettings], field: str) -> object:
    info = cls.model_fields[field]
    return None if info.is_required() else info.get_default(call_default_factory=True)


def placeholder_secrets(name: str) -> list[set[str]]:
    """Secret settings whose default is a placeholder: a deployment must supply a real one."""
    cls = settings_class(name)
    names = field_env_names(cls)
    out = []
    for field in cls.model_fields:
        value = _default(cls, field)
        if isinstance(value, SecretStr) and is_placeholder_secret(value.get_secret_value()):
            out.append(names[field])
    return out


_LOOPBACK = re.compile(r"127\.0\.0\.1|(^|//)localhost\b")


def loopback_defaults(name: str) -> dict[str, set[str]]:
    """Settings whose default points at 127.0.0.1 or localhost (the local dev stack)."""
    cls = settings_class(name)
    names = field_env_names(cls)
    return {
        field: names[field]
        for field in cls.model_fields
        if isinstance(v := _default(cls, field), str) and _LOOPBACK.search(v)
    }


def peer_urls(name: str) -> dict[str, str]:
    """Setting -> the Remit service it points at, for ``<service>_url`` settings (invoice_url)."""
    cls = settings_class(name)
    return {
        field: f"{field.removesuffix('_url')}-svc"
        for field in cls.model_fields
        if field.endswith("_url") and field.removesuffix("_url") in SERVICE_NAMES
    }


def expected_topics() -> dict[str, int]:
    """Topic -> partitions, from remit_common.topics: events 6, dead letters 1."""
    out = {t: 6 for t in topics.ALL_TOPICS}
    out.update({topics.dlq_topic(t): 1 for t in topics.ALL_TOPICS})
    return out


_CREATE = re.compile(r"^\s*create\s+(\S+)\s+(\d+)\s*$", re.MULTILINE)


def topics_in_script(script: str) -> dict[str, int]:
    """The ``create <topic> <partitions>`` lines of a topics job's shell script."""
    found = _CREATE.findall(script)
    assert len(found) == len({t for t, _ in found}), "a topic is created twice"
    return {t: int(p) for t, p in found}


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            j = pattern.index("]", i)
            out, i = out + pattern[i : j + 1], j + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + "$")


def dockerignore_excludes(rules_text: str):
    """A predicate ``excluded(relative_path)`` with Docker's .dockerignore semantics.

    Patterns use Go's filepath.Match plus ``**``; a path is excluded when it or one of its
    parent directories matches, the last matching rule wins, and ``!`` re-includes.
    """
    rules = []
    for line in rules_text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, _pattern_regex(line.lstrip("!").strip("/"))))

    def excluded(rel: str) -> bool:
        parts = rel.strip("/").split("/")
        prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
        result = False
        for negate, rx in rules:
            if any(rx.match(p) for p in prefixes):
                result = not negate
        return result

    return excluded
