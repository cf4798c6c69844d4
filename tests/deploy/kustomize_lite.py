"""A small kustomize renderer for Remit's own kustomizations: the manifest tests need no kubectl.

It supports exactly what ``deploy/k8s`` uses and refuses anything else (an unknown key in a
kustomization is an error, never silently skipped): ``resources`` (files and directories),
``components``, ``namespace``, ``patches`` (``path`` only; a strategic merge where maps merge and
lists of maps merge by ``name``), ``images`` and ``replicas``. ``test_manifests`` checks that its
output equals ``kubectl kustomize`` wherever kubectl is installed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Doc = dict[str, Any]

_KUSTOMIZATION_KEYS = {
    "apiVersion",
    "kind",
    "resources",
    "components",
    "namespace",
    "patches",
    "images",
    "replicas",
}
_CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
}
_SCALABLE = {"Deployment", "StatefulSet", "ReplicaSet"}


def load_yaml_docs(path: Path) -> list[Doc]:
    """Every non-empty document of a YAML file."""
    with path.open() as f:
        return [d for d in yaml.safe_load_all(f) if d]


def read_kustomization(directory: Path) -> Doc:
    """The kustomization.yaml of ``directory``, checked for keys this renderer supports."""
    data = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(data) - _KUSTOMIZATION_KEYS
    if unknown:
        raise NotImplementedError(f"{directory}: kustomize_lite does not support {sorted(unknown)}")
    return data


def render(directory: Path) -> list[Doc]:
    """Render the kustomization in ``directory`` (a Kustomization, not a Component)."""
    return _build(Path(directory), "Kustomization")


def _build(directory: Path, kind: str, docs: list[Doc] | None = None) -> list[Doc]:
    k = read_kustomization(directory)
    if k.get("kind", "Kustomization") != kind:
        raise ValueError(f"{directory}: expected a {kind}, found {k.get('kind')}")
    docs = list(docs or [])
    for res in k.get("resources", []):
        path = directory / res
        docs += render(path) if path.is_dir() else load_yaml_docs(path)
    for comp in k.get("components", []):
        docs = _build(directory / comp, "Component", docs)
    return _transform(directory, k, docs)


def _transform(directory: Path, k: Doc, docs: list[Doc]) -> list[Doc]:
    for patch in k.get("patches", []):
        if set(patch) != {"path"}:
            raise NotImplementedError(f"{directory}: only `patches: - path:` is supported")
        for p in load_yaml_docs(directory / patch["path"]):
            i = _find(docs, p["kind"], p["metadata"]["name"], directory)
            docs[i] = strategic_merge(docs[i], p)
    for image in k.get("images", []):
        for doc in docs:
            for container in _containers(doc):
                container["image"] = _retag(container["image"], image)
    for rep in k.get("replicas", []):
        matches = [
            d for d in docs if d["kind"] in _SCALABLE and d["metadata"]["name"] == rep["name"]
        ]
        if not matches:
            raise ValueError(f"{directory}: replicas for unknown workload {rep['name']}")
        for d in matches:
            d["spec"]["replicas"] = rep["count"]
    if "namespace" in k:
        for doc in docs:
            if doc["kind"] not in _CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = k["namespace"]
    return docs


def _find(docs: list[Doc], kind: str, name: str, where: Path) -> int:
    hits = [i for i, d in enumerate(docs) if d["kind"] == kind and d["metadata"]["name"] == name]
    if len(hits) != 1:
        raise ValueError(f"{where}: patch target {kind}/{name} matched {len(hits)} resources")
    return hits[0]


def strategic_merge(target: Any, patch: Any) -> Any:
    """Merge ``patch`` into a copy of ``target``: maps recursively, lists of named maps by name."""
    if isinstance(target, dict) and isinstance(patch, dict):
        out = copy.deepcopy(target)
        for key, value in patch.items():
            out[key] = strategic_merge(out[key], value) if key in out else copy.deepcopy(value)
        return out
    if isinstance(target, list) and isinstance(patch, list) and _named(target) and _named(patch):
        out = copy.deepcopy(target)
        for item in patch:
            idx = next((i for i, t in enumerate(out) if t["name"] == item["name"]), None)
            if idx is None:
                out.append(copy.deepcopy(item))
            else:
                out[idx] = strategic_merge(out[idx], item)
        return out
    return copy.deepcopy(patch)


def _named(items: list[Any]) -> bool:
    return all(isinstance(i, dict) and "name" in i for i in items)


def pod_spec(doc: Doc) -> Doc | None:
    """The pod spec of a workload (Deployment, Job, CronJob, ...), or None."""
    spec = doc.get("spec", {})
    if doc["kind"] == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    return spec.get("template", {}).get("spec")


def _containers(doc: Doc) -> list[Doc]:
    pod = pod_spec(doc)
    if not pod:
        return []
    return pod.get("initContainers", []) + pod.get("containers", [])


def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """``name[:tag][@digest]`` -> (name, tag, digest)."""
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref, tag = ref.rsplit(":", 1)
    return ref, tag, digest


def _retag(ref: str, rule: Doc) -> str:
    name, tag, digest = split_image(ref)
    if name != rule["name"]:
        return ref
    name = rule.get("newName", name)
    if "digest" in rule:
        return f"{name}@{rule['digest']}"
    tag = rule.get("newTag", tag)
    out = f"{name}:{tag}" if tag else name
    return f"{out}@{digest}" if digest else out
