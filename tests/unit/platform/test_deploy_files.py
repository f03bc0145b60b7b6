"""The deployment files are valid: Kubernetes manifests (kubernetes-validate), the compose file (the compose
specification's JSON schema), and the nginx configurations (`nginx -t`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.production import ProductionStack, Topology, compose_nginx_conf
from services_catalog.settings import REPO_ROOT
from tests.conftest import settings_for
from tests.support.tools import tools_bin

DEPLOY = REPO_ROOT / "deploy"
COMPOSE_SPEC = Path(__file__).resolve().parents[2] / "support" / "schemas" / "compose_spec.json"


def test_kubernetes_manifests_are_valid() -> None:
    manifests = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
    assert manifests
    result = subprocess.run([str(tools_bin() / "kubernetes-validate"), "--strict", *map(str, manifests)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = {doc["kind"] for path in manifests for doc in yaml.safe_load_all(path.read_text()) if doc}
    assert {"Deployment", "Service", "Ingress", "NetworkPolicy", "ConfigMap"} <= kinds


def test_compose_file_follows_the_compose_specification() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    schema = json.loads(COMPOSE_SPEC.read_text())
    jsonschema.Draft201909Validator(schema).validate(compose)
    assert {"postgres", "redis", "rasa", "actions", "api", "nginx"} <= set(compose["services"])
    assert compose["services"]["rasa"]["deploy"]["replicas"] >= 2
    assert "bot/endpoints.production.yml" in compose["services"]["rasa"]["command"]


def test_compose_nginx_conf_is_the_template_filled_in() -> None:
    assert (DEPLOY / "nginx.compose.conf").read_text() == compose_nginx_conf()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (scripts/apt-packages.txt)")
def test_the_generated_nginx_conf_passes_nginx_t(tmp_path: Path) -> None:
    stack = ProductionStack(model=tmp_path / "m.tar.gz", settings=settings_for(tmp_path, rasa_servers=2),
                            topology=Topology.free(2, 2))
    stack.write_nginx_conf()
    result = subprocess.run(["nginx", "-t", "-p", str(stack.home / "nginx"), "-c", str(stack.home / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    conf = (stack.home / "nginx.conf").read_text()
    assert all(f"127.0.0.1:{port}" in conf for port in stack.topology.rasa + stack.topology.actions)
