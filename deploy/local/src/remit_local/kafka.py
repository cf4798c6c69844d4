"""A real Apache Kafka broker on this machine: jars from Maven Central, KRaft, one node.

`up()` fetches the jars once (cached; fetched again only when deploy/local/kafka/pom.xml
changes), writes the config, formats storage once, starts one combined broker+controller on
127.0.0.1:9092 (controller 9093), waits until a metadata request answers and creates the
project's topics. When `KAFKA_BOOTSTRAP_SERVERS` is set, nothing is started: that cluster is
used as is (topics are still ensured).

Ports: `REMIT_KAFKA_PORT` (9092) and `REMIT_KAFKA_CONTROLLER_PORT` (9093). Topics on an
external cluster get `REMIT_KAFKA_REPLICATION_FACTOR` replicas (default 1).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from remit_local import procs
from remit_local.kafka_admin import DEFAULT_TOPICS, cluster_brokers, ensure_topics
from remit_local.paths import Layout
from remit_local.status import Status

__all__ = ["DEFAULT_TOPICS", "ensure_topics", "up", "down", "status", "bootstrap_servers"]

NAME = "kafka"
HOST = "127.0.0.1"
HEAP = ["-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"]
STARTED_LINE = "Kafka Server started"
READY_TIMEOUT = 90.0


class KafkaSetupError(RuntimeError):
    """The broker cannot be set up or started; the message says what to do."""


def broker_port() -> int:
    return int(os.environ.get("REMIT_KAFKA_PORT", "9092"))


def controller_port() -> int:
    return int(os.environ.get("REMIT_KAFKA_CONTROLLER_PORT", "9093"))


def external_bootstrap() -> str | None:
    """The cluster named by `KAFKA_BOOTSTRAP_SERVERS`, if any."""
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None


def replication_factor() -> int:
    """Replicas per new topic: `REMIT_KAFKA_REPLICATION_FACTOR`, default 1 (one local broker)."""
    return int(os.environ.get("REMIT_KAFKA_REPLICATION_FACTOR", "1"))


def bootstrap_servers() -> str:
    """Where clients connect: the external cluster, or the local broker."""
    return external_bootstrap() or f"{HOST}:{broker_port()}"


# --- prerequisites --------------------------------------------------------------------------
def java_binary() -> str:
    """A Java 17+ `java`, from JAVA_HOME or PATH; raises a newcomer-friendly error otherwise."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    hint = "install openjdk-17-jre-headless (apt-get install -y openjdk-17-jre-headless)"
    if not java or not Path(java).exists():
        raise KafkaSetupError(f"Java 17 not found: {hint}")
    out = subprocess.run(  # noqa: S603
        [java, "-version"], capture_output=True, text=True, check=False
    )
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    major = int(match.group(1)) if match else 0
    if major == 1 and match and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    if major < 17:
        raise KafkaSetupError(f"Java 17 or newer needed, {java} is version {major or '?'}: {hint}")
    return java


def _maven_binary() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise KafkaSetupError(
            "Maven not found (needed once, to fetch the Kafka jars): "
            "install it with apt-get install -y maven"
        )
    return mvn


# --- jars -----------------------------------------------------------------------------------
def _pom_hash(layout: Layout) -> str:
    return hashlib.sha256(layout.kafka_pom.read_bytes()).hexdigest()


def _stamp(layout: Layout) -> Path:
    return layout.kafka_libs / ".pom.sha256"


def jars_ready(layout: Layout) -> bool:
    """True when the jar cache was filled from the current pom.xml."""
    stamp = _stamp(layout)
    return (
        stamp.exists()
        and stamp.read_text().strip() == _pom_hash(layout)
        and any(layout.kafka_libs.glob("kafka_2.13-*.jar"))
    )


def _sync_jars(staging: Path, libs: Path) -> None:
    """Move fetched jars into `libs` file by file and drop stale ones.

    Not a folder swap: a broker already running from these jars keeps finding its files.
    """
    libs.mkdir(parents=True, exist_ok=True)
    fetched = {jar.name for jar in staging.glob("*.jar")}
    for jar in libs.glob("*.jar"):
        if jar.name not in fetched:
            jar.unlink()
    for jar in staging.glob("*.jar"):
        jar.replace(libs / jar.name)
    shutil.rmtree(staging, ignore_errors=True)


def ensure_jars(layout: Layout) -> bool:
    """Fetch the broker's jars with Maven unless cached. Returns True if it fetched."""
    if jars_ready(layout):
        return False
    mvn = _maven_binary()
    staging = layout.kafka_libs.with_name("libs.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    print("kafka: fetching the broker's jars from Maven Central (once; about a minute)...")
    started = time.monotonic()
    argv = [
        mvn, "-B", "-q", "-f", str(layout.kafka_pom), "dependency:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={staging}",
    ]  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        raise KafkaSetupError(
            "Fetching the Kafka jars with Maven failed (is Maven Central reachable?):\n"
            + (result.stdout + result.stderr)[-3000:]
        )
    _sync_jars(staging, layout.kafka_libs)
    _stamp(layout).write_text(_pom_hash(layout) + "\n")
    count = len(list(layout.kafka_libs.glob("*.jar")))
    print(f"kafka: {count} jars in {layout.kafka_libs} ({time.monotonic() - started:.0f} s)")
    return True


# --- configuration and storage ---------------------------------------------------------------
def server_properties(layout: Layout) -> str:
    """Combined broker+controller, single node, everything replicated once, no auto-create."""
    port, cport = broker_port(), controller_port()
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{HOST}:{cport}",
        "listeners": f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{cport}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(layout.kafka_data),
        "num.partitions": "1",
        "default.replication.factor": "1",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "10",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "min.insync.replicas": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "false",
        "delete.topic.enable": "true",
        "log.retention.hours": "168",
        "log.segment.bytes": str(64 * 1024 * 1024),
    }
    lines = ["# Written by remit-local (deploy/local/src/remit_local/kafka.py); edits are lost."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


LOG4J2_YAML = """\
# Written by remit-local: broker logs go to stdout, which remit-local sends to .local/logs.
Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.request.logger
        level: WARN
      - name: org.apache.kafka.clients
        level: WARN
      - name: state.change.logger
        level: WARN
"""


def write_config(layout: Layout) -> None:
    layout.kafka_dir.mkdir(parents=True, exist_ok=True)
    layout.kafka_properties.write_text(server_properties(layout))
    layout.kafka_log4j.write_text(LOG4J2_YAML)


def cluster_id(layout: Layout) -> str:
    """The cluster id, made once and kept in .local/kafka/cluster-id (Kafka's 22-char form)."""
    path = layout.kafka_cluster_id
    if path.exists():
        return path.read_text().strip()
    while True:  # Kafka's own generator also avoids ids starting with "-"
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cid + "\n")
    return cid


def format_storage(layout: Layout, java: str) -> None:
    """Format the KRaft log dir once; a formatted dir is left alone."""
    if (layout.kafka_data / "meta.properties").exists():
        return
    argv = [
        java, "-cp", f"{layout.kafka_libs}/*", f"-Dlog4j2.configurationFile={layout.kafka_log4j}",
        "kafka.tools.StorageTool", "format", "-t", cluster_id(layout),
        "-c", str(layout.kafka_properties), "--ignore-formatted",
    ]  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise KafkaSetupError(
            f"Formatting Kafka storage in {layout.kafka_data} failed:\n"
            + (result.stdout + result.stderr)[-3000:]
        )


# --- lifecycle ------------------------------------------------------------------------------
def running_pid(layout: Layout) -> int | None:
    return procs.running_pid(layout.pid_file(NAME))


def start(layout: Layout) -> int | None:
    """Start the local broker without waiting; returns its pid, or None when external.

    A broker that already runs is left alone (its pid is returned).
    """
    if external_bootstrap():
        return None
    pid = running_pid(layout)
    if pid:
        return pid
    for port in (broker_port(), controller_port()):
        if procs.port_open(HOST, port):
            raise KafkaSetupError(
                f"Port {port} is already in use by a process remit-local did not start. Stop it, "
                "set REMIT_KAFKA_PORT / REMIT_KAFKA_CONTROLLER_PORT to free ports, or point "
                "KAFKA_BOOTSTRAP_SERVERS at an existing cluster."
            )
    java = java_binary()
    ensure_jars(layout)
    write_config(layout)
    format_storage(layout, java)
    argv = [
        java, *HEAP, "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={layout.kafka_log4j}",
        "-cp", f"{layout.kafka_libs}/*", "kafka.Kafka", str(layout.kafka_properties),
    ]  # fmt: skip
    return procs.start(argv, log_file=layout.log_file(NAME), pid_file=layout.pid_file(NAME))


def answers(bootstrap: str) -> bool:
    """True when a metadata request to `bootstrap` returns at least one broker."""
    return procs.run_async(lambda: cluster_brokers(bootstrap)) > 0


def wait_ready(layout: Layout, pid: int | None, timeout: float = READY_TIMEOUT) -> None:
    """Wait until the broker logged its start and answers a metadata request."""
    bootstrap = bootstrap_servers()
    log_file = layout.log_file(NAME)

    def ready() -> bool:
        if pid is not None and STARTED_LINE not in procs.log_tail(log_file, 10_000):
            return False
        return answers(bootstrap)

    what = f"Kafka at {bootstrap}" + ("" if pid else " (KAFKA_BOOTSTRAP_SERVERS)")
    procs.wait_until(
        ready, what=what, timeout=timeout, log_file=log_file if pid else None, pid=pid, interval=0.5
    )


def up(layout: Layout, topics: dict[str, int] | None = None) -> str:
    """Start (or reuse) the broker, wait for it, ensure `topics` (default: DEFAULT_TOPICS).

    Returns the bootstrap servers.
    """
    pid = start(layout)
    wait_ready(layout, pid)
    bootstrap = bootstrap_servers()
    created = procs.run_async(
        lambda: ensure_topics(
            bootstrap,
            DEFAULT_TOPICS if topics is None else topics,
            replication_factor=replication_factor(),
        )
    )
    if created:
        print(f"kafka: created topics {', '.join(created)}")
    return bootstrap


def down(layout: Layout) -> bool:
    """Stop the local broker (never an external cluster). True if one was running."""
    if external_bootstrap():
        return False
    return procs.stop(layout.pid_file(NAME), timeout=30)


def status(layout: Layout) -> Status:
    if external_bootstrap():
        return Status(
            NAME, "external", endpoint=bootstrap_servers(), detail="KAFKA_BOOTSTRAP_SERVERS"
        )
    pid = running_pid(layout)
    return Status(
        NAME,
        "running" if pid else "stopped",
        pid=pid,
        endpoint=bootstrap_servers(),
        detail=f"controller {HOST}:{controller_port()}",
    )
