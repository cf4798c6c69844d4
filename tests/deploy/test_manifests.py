"""deploy/k8s: every kustomization renders, validates against the Kubernetes API schemas, and
keeps Remit's rules (non-root, limits, probes on the right paths and port, secrets by reference,
a PDB, NetworkPolicy and HPA per service in production, the code's topic and variable names).

Rendering uses ``kustomize_lite`` (no kubectl needed); where kubectl is installed, a test checks
that its ``kubectl kustomize`` output is the same. Schemas: ``kubernetes-validate``, offline.
"""

from __future__ import annotations

import copy
import secrets as secrets_module
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import kustomize_lite
import pytest
import yaml
from deploy_support import (
    ALL_INTERFACES,
    CONTAINER_PORT,
    K8S,
    REPO,
    SECRET_ENV,
    SERVICE_NAMES,
    SERVICES,
    WRITABLE_TMP,
    env_names,
    expected_topics,
    field_env_names,
    loopback_defaults,
    peer_urls,
    placeholder_secrets,
    required_env,
    settings_class,
    topics_in_script,
)

# The oldest Kubernetes Remit supports and the newest the validator knows.
K8S_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
KUSTOMIZATIONS = {
    "base": K8S / "base",
    "dev": K8S / "overlays" / "dev",
    "production": K8S / "overlays" / "production",
}
UVICORN_GRACEFUL_SECONDS = 20  # remit_common.web.server: timeout_graceful_shutdown

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[Doc]]:
    return {name: kustomize_lite.render(path) for name, path in KUSTOMIZATIONS.items()}


def by_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def containers(doc: Doc) -> list[Doc]:
    pod = kustomize_lite.pod_spec(doc) or {}
    return pod.get("initContainers", []) + pod.get("containers", [])


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    """True when a label selector (matchLabels / matchExpressions with In) matches ``labels``."""
    if not selector:
        return True
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        assert expr["operator"] == "In", "extend selects() for other operators"
        if labels.get(expr["key"]) not in expr["values"]:
            return False
    return True


def pod_labels(deployment: Doc) -> dict[str, str]:
    return deployment["spec"]["template"]["metadata"]["labels"]


def referenced_patch_files() -> set[Path]:
    """Partial manifests named under `patches:` (valid as patches, not as whole objects)."""
    out = set()
    for kfile in K8S.rglob("kustomization.yaml"):
        k = yaml.safe_load(kfile.read_text())
        out |= {(kfile.parent / p["path"]).resolve() for p in k.get("patches", [])}
    return out


# --- parsing and schema ------------------------------------------------------------------------


def test_every_yaml_file_parses_and_every_whole_manifest_validates() -> None:
    patches = referenced_patch_files()
    checked = 0
    for path in sorted(K8S.rglob("*.yaml")):
        docs = kustomize_lite.load_yaml_docs(path)
        assert docs, f"{path} is empty"
        if path.name == "kustomization.yaml":
            kustomize_lite.read_kustomization(path.parent)  # only keys we know how to render
            continue
        if path.resolve() in patches:
            for d in docs:
                assert {"apiVersion", "kind", "metadata"} <= set(d), path
            continue
        for doc in docs:
            for version in K8S_VERSIONS:
                kubernetes_validate.validate(doc, version, strict=True)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_rendered_manifests_validate_against_kubernetes_schemas(rendered, name) -> None:
    docs = rendered[name]
    for doc in docs:
        for version in K8S_VERSIONS:
            kubernetes_validate.validate(doc, version, strict=True)
    keys = [(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in docs]
    assert len(keys) == len(set(keys)), "duplicate resources"


def test_the_schema_check_is_live(rendered) -> None:
    """A misspelt field must fail, or the validation above proves nothing."""
    deployment = copy.deepcopy(by_kind(rendered["base"], "Deployment")["invoice-svc"])
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSIONS[-1], strict=True)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_kustomize_lite_renders_what_kubectl_kustomize_renders(rendered, name) -> None:
    out = subprocess.run(
        ["kubectl", "kustomize", str(KUSTOMIZATIONS[name])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout

    def keyed(docs):
        return {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in docs}

    assert keyed(rendered[name]) == keyed(d for d in yaml.safe_load_all(out) if d)


# --- workloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_every_pod_runs_non_root_read_only_without_capabilities_and_with_limits(
    rendered, name
) -> None:
    workloads = [d for d in rendered[name] if kustomize_lite.pod_spec(d)]
    assert len(workloads) == 2 * len(SERVICES) + 1  # deployments, migrations, topics
    for doc in workloads:
        pod = kustomize_lite.pod_spec(doc)
        where = f"{name}: {doc['kind']}/{doc['metadata']['name']}"
        psc = pod["securityContext"]
        assert psc["runAsNonRoot"] is True and psc["runAsUser"] != 0, where
        assert psc["seccompProfile"]["type"] == "RuntimeDefault", where
        assert pod["automountServiceAccountToken"] is False, where
        for c in containers(doc):
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert sc.get("privileged", False) is False, where
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(c["resources"][kind]), f"{where} {kind}"
            # The read-only root needs a writable /tmp.
            assert WRITABLE_TMP in {m["mountPath"] for m in c.get("volumeMounts", [])}, where


@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_every_deployment_probes_healthz_and_readyz_on_its_container_port(rendered, name) -> None:
    deployments = by_kind(rendered[name], "Deployment")
    assert set(deployments) == set(SERVICES)
    for svc, d in deployments.items():
        pod = d["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        ports = {p["name"]: p["containerPort"] for p in c["ports"]}
        assert ports == {"http": CONTAINER_PORT}, svc

        def probe_port(probe, ports=ports):
            port = probe["httpGet"]["port"]
            return ports.get(port) if isinstance(port, str) else port

        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", svc
        assert c["startupProbe"]["httpGet"]["path"] == "/healthz", svc
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", svc
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert probe_port(c[probe]) == CONTAINER_PORT, f"{svc} {probe}"
        # Graceful drain: endpoints drop the pod during preStop, then uvicorn drains in-flight
        # requests; the grace period must cover both.
        sleep = int(c["lifecycle"]["preStop"]["exec"]["command"][-1])
        assert pod["terminationGracePeriodSeconds"] > sleep + UVICORN_GRACEFUL_SECONDS, svc
        annotations = d["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true", svc
        assert annotations["prometheus.io/port"] == str(CONTAINER_PORT), svc
        assert annotations["prometheus.io/path"] == "/metrics", svc
        assert pod["topologySpreadConstraints"], svc
        assert pod["serviceAccountName"] == svc


@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_each_service_has_a_service_account_and_a_service_that_selects_its_pods(
    rendered, name
) -> None:
    docs = rendered[name]
    deployments = by_kind(docs, "Deployment")
    services = by_kind(docs, "Service")
    assert set(by_kind(docs, "ServiceAccount")) == set(SERVICES)
    for svc in SERVICES:
        s = services[svc]
        assert selects({"matchLabels": s["spec"]["selector"]}, pod_labels(deployments[svc]))
        assert selects(deployments[svc]["spec"]["selector"], pod_labels(deployments[svc]))
        (port,) = s["spec"]["ports"]
        assert port["targetPort"] == "http"


def container_env(docs: list[Doc], svc: str) -> tuple[dict[str, str], dict[str, Doc]]:
    """(plain values from ConfigMaps and literals, secretKeyRefs) of a service's container."""
    (c,) = by_kind(docs, "Deployment")[svc]["spec"]["template"]["spec"]["containers"]
    config_maps = by_kind(docs, "ConfigMap")
    plain: dict[str, str] = {}
    for source in c["envFrom"]:
        assert set(source) == {"configMapRef"}, "secrets only by explicit secretKeyRef"
        plain.update(config_maps[source["configMapRef"]["name"]]["data"])
    secrets = {}
    for e in c["env"]:
        if "value" in e:
            plain[e["name"]] = e["value"]
        else:
            secrets[e["name"]] = e["valueFrom"]["secretKeyRef"]
    return plain, secrets


@pytest.mark.parametrize("name", KUSTOMIZATIONS)
def test_settings_come_from_config_maps_and_secrets_only_by_reference(rendered, name) -> None:
    docs = rendered[name]
    assert not by_kind(docs, "Secret"), "secret values never live in the repository"
    shared = by_kind(docs, "ConfigMap")["remit-config"]["data"]
    assert shared["REMIT_HTTP_PORT"] == str(CONTAINER_PORT)
    assert shared["REMIT_HTTP_HOST"] == ALL_INTERFACES
    for svc_name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        plain, secrets = container_env(docs, svc)
        for var in SECRET_ENV:
            assert secrets[var] == {"name": f"{svc}-secrets", "key": var}, f"{svc} {var}"
        for var, ref in secrets.items():
            assert ref["key"] == var and ref["name"] in (f"{svc}-secrets", "remit-internal")
        assert not set(plain) & set(secrets), svc
        # Every variable set is one the service reads (a typo would be silently ignored) ...
        provided = set(plain) | set(secrets)
        assert provided <= env_names(svc_name), f"{svc}: {provided - env_names(svc_name)}"
        # ... every setting without a default is provided ...
        for alternatives in required_env(svc_name):
            assert alternatives & provided, f"{svc} lacks one of {alternatives}"
        # ... every secret whose default is a placeholder comes from a Secret ...
        for alternatives in placeholder_secrets(svc_name):
            assert alternatives & set(secrets), f"{svc}: {alternatives} needs a secretKeyRef"
        # ... and nothing keeps a default that points at the developer's own machine.
        for field, alternatives in loopback_defaults(svc_name).items():
            assert alternatives & set(plain), f"{svc}: {field} keeps its 127.0.0.1 default"
        for setting, peer in peer_urls(svc_name).items():
            (var,) = field_env_names(settings_class(svc_name))[setting]
            assert plain[var] == f"http://{peer}:{CONTAINER_PORT}", f"{svc} {var}"


@pytest.mark.parametrize("name", ["dev", "production"])
def test_each_overlays_environment_is_accepted_by_the_services_settings(
    rendered, name, monkeypatch
) -> None:
    """With every Secret filled by a strong random value, each service's Settings load; in
    production that includes the refusal of placeholders and of the controllable clock."""
    for svc_name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        plain, secrets = container_env(rendered[name], svc)
        env = plain | {var: secrets_module.token_urlsafe(32) for var in secrets}
        env["DATABASE_URL"] = f"postgresql+asyncpg://u:p@db:5432/remit_{svc_name}"
        with monkeypatch.context() as m:
            for var in env_names(svc_name):
                m.delenv(var, raising=False)
            for var, value in env.items():
                m.setenv(var, value)
            settings = settings_class(svc_name)()
        assert settings.env == {"dev": "development", "production": "production"}[name]
        assert (settings.http_host, settings.http_port) == (ALL_INTERFACES, CONTAINER_PORT)


def test_migration_jobs_run_alembic_for_their_own_service_with_their_own_secret(rendered) -> None:
    jobs = by_kind(rendered["base"], "Job")
    for svc in SERVICES:
        job = jobs[f"{svc}-migrate"]
        (c,) = job["spec"]["template"]["spec"]["containers"]
        ini = f"services/{svc}/alembic.ini"
        assert c["command"] == ["alembic", "-c", ini, "upgrade", "head"]
        assert (REPO / ini).is_file()
        assert c["image"] == f"remit/{svc}"
        (env,) = c["env"]
        assert env["valueFrom"]["secretKeyRef"] == {"name": f"{svc}-secrets", "key": "DATABASE_URL"}
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
        assert job["spec"]["ttlSecondsAfterFinished"] > 0


def test_the_topics_job_creates_exactly_remits_topics(rendered) -> None:
    job = by_kind(rendered["base"], "Job")["remit-kafka-topics"]
    (c,) = job["spec"]["template"]["spec"]["containers"]
    assert c["image"] == "apache/kafka:4.1.1"
    assert topics_in_script(c["args"][0]) == expected_topics()
    assert "--if-not-exists" in c["args"][0]


def test_overlays_pin_image_tags_and_set_the_environment(rendered) -> None:
    for name in ("dev", "production"):
        for doc in rendered[name]:
            for c in containers(doc):
                _, tag, digest = kustomize_lite.split_image(c["image"])
                assert (tag and tag != "latest") or digest, f"{name}: {c['image']} is not pinned"
        env = by_kind(rendered[name], "ConfigMap")["remit-config"]["data"]["REMIT_ENV"]
        assert env == {"dev": "development", "production": "production"}[name]
        (ns,) = by_kind(rendered[name], "Namespace").values()
        assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        assert {
            d["metadata"].get("namespace") for d in rendered[name] if d["kind"] != "Namespace"
        } == {ns["metadata"]["name"]}


# --- production: PDB, NetworkPolicy, HPA -------------------------------------------------------


def test_production_gives_every_service_a_pdb_and_two_replicas(rendered) -> None:
    docs = rendered["production"]
    pdbs = by_kind(docs, "PodDisruptionBudget").values()
    for svc, d in by_kind(docs, "Deployment").items():
        assert d["spec"]["replicas"] >= 2, svc
        matching = [p for p in pdbs if selects(p["spec"]["selector"], pod_labels(d))]
        assert len(matching) == 1, svc
        assert matching[0]["spec"]["minAvailable"] == 1


def test_production_hpa_scales_each_service_on_consumer_lag_with_a_cpu_fallback(rendered) -> None:
    docs = rendered["production"]
    hpas = {
        h["spec"]["scaleTargetRef"]["name"]: h
        for h in by_kind(docs, "HorizontalPodAutoscaler").values()
    }
    assert set(hpas) == set(SERVICES)
    partitions = max(expected_topics().values())
    for svc, h in hpas.items():
        spec = h["spec"]
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        assert 2 <= spec["minReplicas"] <= by_kind(docs, "Deployment")[svc]["spec"]["replicas"]
        assert spec["maxReplicas"] <= partitions, "more consumers than partitions sit idle"
        external = [m["external"] for m in spec["metrics"] if m["type"] == "External"]
        assert [e["metric"]["name"] for e in external] == ["remit_consumer_lag"], svc
        group = external[0]["metric"]["selector"]["matchLabels"]["group"]
        assert group.startswith("remit."), svc
        resources = [m["resource"]["name"] for m in spec["metrics"] if m["type"] == "Resource"]
        assert resources == ["cpu"], svc


def _policies_for(docs: list[Doc], labels: dict[str, str]) -> list[Doc]:
    return [
        p
        for p in by_kind(docs, "NetworkPolicy").values()
        if selects(p["spec"]["podSelector"], labels)
    ]


def _own_policies(docs: list[Doc], labels: dict[str, str]) -> list[Doc]:
    """The policies that select these pods specifically (not the namespace-wide ones)."""
    return [p for p in _policies_for(docs, labels) if p["spec"]["podSelector"]]


def _pod_peer(peer: Doc) -> str | None:
    """The app a same-namespace podSelector peer names, else None."""
    if "podSelector" not in peer or "namespaceSelector" in peer:
        return None
    return peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]


def _allows_to(policy_rules: list[Doc], labels: dict[str, str], port: int, key: str) -> bool:
    for rule in policy_rules:
        peers = rule.get(key)
        ports = {p["port"] for p in rule.get("ports", [])}
        if ports and port not in ports:
            continue
        if peers is None or any(
            "podSelector" in p
            and "namespaceSelector" not in p
            and selects(p["podSelector"], labels)
            for p in peers
        ):
            return True
    return False


def test_production_denies_by_default_and_allows_only_the_documented_paths(rendered) -> None:
    docs = rendered["production"]
    policies = by_kind(docs, "NetworkPolicy")
    deny = policies["default-deny-all"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    deployments = by_kind(docs, "Deployment")
    for svc, d in deployments.items():
        own = _own_policies(docs, pod_labels(d))
        assert [p["metadata"]["name"] for p in own] == [svc]
        egress = own[0]["spec"]["egress"]
        for port in (9092, 5432):  # Kafka, PostgreSQL
            assert any(port in {p["port"] for p in r["ports"]} for r in egress), f"{svc} {port}"

    # Service to service: exactly the documented calls, which include every `<service>_url`
    # setting the code has (the firm-key checks' invoice_url, notifier-svc's statement_url).
    allowed = set()
    for src, d_src in deployments.items():
        (src_policy,) = _own_policies(docs, pod_labels(d_src))
        egress_to_pods = [r for r in src_policy["spec"]["egress"] if "to" in r]
        for dst, d_dst in deployments.items():
            if src == dst:
                continue
            (dst_policy,) = _own_policies(docs, pod_labels(d_dst))
            out = _allows_to(egress_to_pods, pod_labels(d_dst), CONTAINER_PORT, "to")
            ingress = dst_policy["spec"]["ingress"]
            into = _allows_to(ingress, pod_labels(d_src), CONTAINER_PORT, "from")
            if out and into:
                allowed.add((src, dst))
    documented = {
        ("statement-svc", "invoice-svc"),
        ("scheduler-svc", "invoice-svc"),
        ("notifier-svc", "invoice-svc"),
        ("notifier-svc", "statement-svc"),
    }
    assert allowed == documented
    # ... and no half-open path either: each side names exactly its documented peers.
    for svc, d in deployments.items():
        (policy,) = _own_policies(docs, pod_labels(d))
        spec = policy["spec"]
        callers = {_pod_peer(p) for r in spec["ingress"] for p in r.get("from", [])} - {None}
        callees = {_pod_peer(p) for r in spec["egress"] for p in r.get("to", [])} - {None}
        assert callers == {a for a, b in documented if b == svc}, svc
        assert callees == {b for a, b in documented if a == svc}, svc
    for svc_name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        for peer in peer_urls(svc_name).values():
            assert (svc, peer) in documented

    # Only the notifier talks to the outside world (providers: HTTPS and SMTP submission).
    for svc in SERVICES:
        (policy,) = _own_policies(docs, pod_labels(deployments[svc]))
        external = {
            port["port"]
            for rule in policy["spec"]["egress"]
            for peer in rule.get("to", [])
            if "ipBlock" in peer
            for port in rule["ports"]
        }
        assert external == ({443, 587} if svc == "notifier-svc" else set()), svc

    # DNS for everyone; the jobs reach PostgreSQL and Kafka.
    dns = policies["allow-dns"]["spec"]
    assert dns["podSelector"] == {} and {p["port"] for p in dns["egress"][0]["ports"]} == {53}
    for job in by_kind(docs, "Job").values():
        labels = job["spec"]["template"]["metadata"]["labels"]
        assert _own_policies(docs, labels), job["metadata"]["name"]
