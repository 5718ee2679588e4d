"""Kubernetes manifests under k8s/, with a kustomization: the manifest on a cluster. Pure.

Per service a ConfigMap of its settings, a Deployment (a StatefulSet with a volume
claim for Postgres and Redis) and a Service on the port the compose files use, so
every URL stays the same; an Ingress carries the nginx routes. Probes come from the
health checks: liveness on /health, readiness on /health/ready for the apps scaffold
generates. Secrets never appear: kustomize's secretGenerator builds one Secret from
k8s/secrets.env (which the deployer writes and git ignores), containers read it with
secretKeyRef, and a URL with a password in it is assembled by Kubernetes itself with
`$(VARIABLE)`. A service that depends on others waits in an init container until
each of their Services answers (a Service answers only once a pod is ready).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from scaffold.conventions import health_service, route_owner
from scaffold.manifest.model import HealthCheck, Kind, Manifest, Proxy, Route, Service
from scaffold.manifest.presets import APP_PRESETS, HEALTH_PATH, READY_PATH
from scaffold.targets import cluster, emit
from scaffold.targets.cluster import Secret, Setting, Value
from scaffold.targets.envfile import PLACEHOLDER
from scaffold.targets.target import RenderedFile

name: Final = "k8s"
FOLDER = "k8s"
SECRETS_FILE = "secrets.env"  # the deployer's, beside kustomization.yaml; git ignores it
WAIT_IMAGE = "busybox:1.37"
KUBECTL_IMAGE = "bitnami/kubectl:1.30"  # waits for a Job: `kubectl wait --for=condition=complete`
JOB_WAITER = "job-waiter"  # the ServiceAccount allowed to watch the stack's Jobs
INGRESS_NGINX = "nginx.ingress.kubernetes.io"
_HOST = re.compile(r"^(?:\*\.)?[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$")
_MEMORY_UNITS = {"K": "Ki", "M": "Mi", "G": "Gi"}


def port_name(service: Service) -> str:
    """The name of the service's port: its preset's (`postgres`, `amqp`), else `http`."""
    return service.backing.port_name if service.backing is not None else "http"


def k8s_name(text: str) -> str:
    """A name Kubernetes accepts (DNS-1123): `my_app` -> `my-app`."""
    return re.sub(r"[^a-z0-9-]", "-", text.lower()).strip("-")


def secret_name(manifest: Manifest) -> str:
    return f"{k8s_name(manifest.name)}-secrets"


def deployed(manifest: Manifest) -> tuple[Service, ...]:
    """The services that run as pods: all but nginx, whose routes the Ingress takes over."""
    return tuple(s for s in manifest.services if s.kind != Kind.PROXY)


def _selector(service: Service, manifest: Manifest) -> dict[str, str]:
    return {"app.kubernetes.io/name": service.name, "app.kubernetes.io/part-of": k8s_name(manifest.name)}


def _labels(service: Service, manifest: Manifest) -> dict[str, str]:
    return {**_selector(service, manifest), "app.kubernetes.io/managed-by": "scaffold"}


def _metadata(name: str, service: Service, manifest: Manifest) -> dict[str, Any]:
    return {"name": name, "labels": _labels(service, manifest)}


def quantity_cpu(cores: float) -> str:
    millicores = max(1, round(cores * 1000))
    return str(millicores // 1000) if millicores % 1000 == 0 else f"{millicores}m"


def quantity_memory(size: str) -> str:
    """Docker's binary sizes ("512M") as Kubernetes writes them ("512Mi")."""
    return size[:-1] + _MEMORY_UNITS[size[-1]]


def _expanded(value: Value) -> str:
    """A value as an env `value` or an argument: secrets as `$(VARIABLE)`, which Kubernetes fills in."""
    out = ""
    for p in value.parts:
        if isinstance(p, Secret):
            out += f"$({p.variable})"
        else:
            text = p.default if isinstance(p, Setting) else p.text
            out += text.replace("$(", "$$(")  # `$$(` is how Kubernetes writes a literal `$(`
    return out


def _secret_ref(name: str, variable: str, manifest: Manifest) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret_name(manifest), "key": variable}}}


def _environment(service: Service, manifest: Manifest) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """(the ConfigMap's data, the container's `env`): settings in the one, secrets in the other.

    Kubernetes expands `$(NAME)` only from variables defined before, so the secrets come first.
    """
    config: dict[str, str] = {}
    secrets: dict[str, dict[str, Any]] = {}
    composed: list[dict[str, Any]] = []
    values = cluster.environment(service, manifest)
    for value in values:
        if not value.secrets:
            config[value.name] = value.plain
        elif value.lone_secret:
            secrets[value.name] = _secret_ref(value.name, value.lone_secret, manifest)
        else:
            composed.append({"name": value.name, "value": _expanded(value)})
    # `$(NAME)` needs NAME defined: each secret a URL or an argument holds, by its variable's name
    needed = [v for value in values if not value.lone_secret for v in value.secrets]
    needed += [v for value in cluster.command(service, manifest) for v in value.secrets]
    for variable in needed:
        if variable not in secrets:
            secrets[variable] = _secret_ref(variable, variable, manifest)
    volume = cluster.data_volume(service, manifest)
    if service.preset == "postgres" and volume and volume[1].endswith("/data"):
        # a fresh volume holds lost+found, where initdb refuses to start: the data one level down
        config["PGDATA"] = f"{volume[1]}/pgdata"
    return config, [secrets[k] for k in sorted(secrets)] + composed


def _unescaped(word: str) -> str:
    return word.replace("$$", "$")  # the health checks are written for compose


def _probe(check: HealthCheck, path: str, port: str, liveness: bool) -> dict[str, Any]:
    if path:
        action: dict[str, Any] = {"httpGet": {"path": path, "port": port}}
    elif check.test[0] == "CMD-SHELL":
        action = {"exec": {"command": emit.Flow(["sh", "-c", _unescaped(check.test[1])])}}
    else:
        action = {"exec": {"command": emit.Flow(_unescaped(w) for w in check.test[1:])}}
    out = dict(action)
    if liveness:
        out["initialDelaySeconds"] = cluster.seconds(check.start_period)
    out.update({"periodSeconds": cluster.seconds(check.interval),
                "timeoutSeconds": cluster.seconds(check.timeout), "failureThreshold": check.retries})
    return out


def probes(service: Service) -> dict[str, Any]:
    """livenessProbe and readinessProbe from the health check.

    The apps scaffold generates answer /health (alive) and /health/ready (their dependencies
    answer too); an image the user names is asked its one health path for both.
    """
    check = service.healthcheck
    if check is None:
        return {}
    port = port_name(service)
    live = check.http_path if service.serves_http else ""
    # only the apps scaffold writes promise READY_PATH; a Dockerfile of your own promises its check
    ready = READY_PATH if service.preset in APP_PRESETS and live == HEALTH_PATH else live
    return {"livenessProbe": _probe(check, live, port, True),
            "readinessProbe": _probe(check, ready, port, False)}


def _waits(service: Service, manifest: Manifest) -> list[dict[str, Any]]:
    """An init container per dependency, waiting until its Service accepts connections."""
    out = []
    for name in sorted(service.depends_on):
        dep = manifest.service(name)
        if dep.role == "job":
            out.append(_job_wait(dep))
            continue
        if dep.kind == Kind.PROXY or dep.internal_port is None:
            continue
        script = (f"until nc -z -w 2 {dep.name} {dep.internal_port}; "
                  f"do echo waiting for {dep.name}; sleep 2; done")
        out.append({"name": f"wait-for-{dep.name}"[:63], "image": WAIT_IMAGE,
                    "command": emit.Flow(["sh", "-c", script]),
                    "resources": {"limits": {"cpu": "100m", "memory": "16Mi"},
                                  "requests": {"cpu": "10m", "memory": "16Mi"}}})
    return out


def _job_wait(job: Service) -> dict[str, Any]:
    """An init container waiting until a Job has completed (compose's service_completed_successfully)."""
    return {"name": f"wait-for-{job.name}"[:63], "image": KUBECTL_IMAGE,
            "command": emit.Flow(["kubectl", "wait", "--for=condition=complete", f"job/{job.name}",
                                  "--timeout=10m"]),
            "resources": {"limits": {"cpu": "100m", "memory": "64Mi"},
                          "requests": {"cpu": "10m", "memory": "64Mi"}}}


def job_waiter(manifest: Manifest, service: Service) -> list[dict[str, Any]]:
    """The ServiceAccount, Role and RoleBinding that let init containers watch the stack's Jobs."""
    labels = _labels(service, manifest)
    subject = {"kind": "ServiceAccount", "name": JOB_WAITER}
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": JOB_WAITER, "labels": labels}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
         "metadata": {"name": JOB_WAITER, "labels": labels},
         "rules": [{"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["get", "list", "watch"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": JOB_WAITER, "labels": labels}, "subjects": [subject],
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": JOB_WAITER}},
    ]


def _container(service: Service, manifest: Manifest, config: dict[str, str],
               env: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": service.name, "image": cluster.image(service, manifest)}
    if service.entrypoint:  # Kubernetes' command is the image's ENTRYPOINT
        out["command"] = emit.Flow(service.entrypoint)
    args = cluster.command(service, manifest)
    if args:
        out["args"] = emit.Flow(_expanded(a) for a in args)  # args, like compose's command, replace the CMD
    if service.internal_port is not None:
        out["ports"] = [{"name": port_name(service),
                         "containerPort": service.internal_port, "protocol": "TCP"}]
    if config:
        out["envFrom"] = [{"configMapRef": {"name": f"{service.name}-env"}}]
    if env:
        out["env"] = env
    limits = service.limits
    out["resources"] = {
        "limits": {"cpu": quantity_cpu(limits.cpus), "memory": quantity_memory(limits.memory)},
        # memory cannot be taken back, so a pod is given all it may use; CPU is lent
        "requests": {"cpu": quantity_cpu(limits.cpus / 4), "memory": quantity_memory(limits.memory)},
    }
    out.update(probes(service))
    volume = cluster.data_volume(service, manifest)
    if cluster.stateful(service) and volume is not None:
        out["volumeMounts"] = [{"name": "data", "mountPath": volume[1]}]
    return out


def _workload(service: Service, manifest: Manifest, config: dict[str, str],
              env: list[dict[str, Any]]) -> dict[str, Any]:
    pod: dict[str, Any] = {"automountServiceAccountToken": False}
    waits = _waits(service, manifest)
    if any(w["image"] == KUBECTL_IMAGE for w in waits):  # kubectl needs the waiter's token
        pod = {"serviceAccountName": JOB_WAITER, "automountServiceAccountToken": True}
    if waits:
        pod["initContainers"] = waits
    if service.role == "job":
        pod["restartPolicy"] = "OnFailure"
    pod["containers"] = [_container(service, manifest, config, env)]
    template: dict[str, Any] = {"metadata": {"labels": _labels(service, manifest)}, "spec": pod}
    if config:  # a changed ConfigMap rolls the pods, which read it only when they start
        digest = hashlib.sha256(emit.dump(config).encode()).hexdigest()[:16]
        template["metadata"]["annotations"] = {"scaffold.dev/config-hash": digest}
    if service.role == "job":  # runs once; a failed run is retried a few times, then reported
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _metadata(service.name, service, manifest),
                "spec": {"backoffLimit": 3, "template": template}}
    spec: dict[str, Any] = {"replicas": service.replicas,
                            "selector": {"matchLabels": _selector(service, manifest)}}
    if cluster.stateful(service):
        spec["serviceName"] = service.name
        spec["template"] = template
        spec["volumeClaimTemplates"] = [{
            "metadata": {"name": "data"},
            "spec": {"accessModes": ["ReadWriteOnce"],
                     "resources": {"requests": {"storage": service.backing.storage
                                                            if service.backing else "1Gi"}}},
        }]
        kind = "StatefulSet"
    else:
        spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
        spec["template"] = template
        kind = "Deployment"
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": _metadata(service.name, service, manifest),
            "spec": spec}


def _service(service: Service, manifest: Manifest) -> dict[str, Any] | None:
    if service.internal_port is None:
        return None
    name = port_name(service)
    spec: dict[str, Any] = {}
    if cluster.stateful(service):
        spec["clusterIP"] = "None"  # headless: the StatefulSet's pod is reached by name, directly
    spec["selector"] = _selector(service, manifest)
    spec["ports"] = [{"name": name, "port": service.internal_port, "targetPort": name,
                      "protocol": "TCP"}]
    return {"apiVersion": "v1", "kind": "Service", "metadata": _metadata(service.name, service, manifest),
            "spec": spec}


def service_documents(service: Service, manifest: Manifest) -> list[dict[str, Any]]:
    """The ConfigMap (when there are settings), the workload and the Service of one service."""
    config, env = _environment(service, manifest)
    docs: list[dict[str, Any]] = []
    if config:
        docs.append({"apiVersion": "v1", "kind": "ConfigMap",
                     "metadata": _metadata(f"{service.name}-env", service, manifest),
                     "data": config})
    jobs = manifest.jobs
    if jobs and jobs[0] is service:  # once per stack, beside its first Job
        docs += job_waiter(manifest, service)
    docs.append(_workload(service, manifest, config, env))
    svc = _service(service, manifest)
    if svc is not None:
        docs.append(svc)
    return docs


def _seconds(duration: str) -> str:
    return str(cluster.seconds(duration))


def _hosts(proxy: Proxy) -> list[str]:
    """The server names an Ingress rule can carry (`example.*` cannot); none: any host."""
    return [h for h in (n.lower() for n in proxy.server_name.split()) if _HOST.match(h)]


def _path(route: Route) -> tuple[str, str]:
    """(path, pathType): a prefix, or for strip_prefix the regex ingress-nginx rewrites from."""
    if route.strip_prefix and route.path.rstrip("/"):
        prefix = re.sub(r"([.+])", r"\\\1", route.path.rstrip("/"))
        return f"{prefix}(/|$)(.*)", "ImplementationSpecific"
    return route.path, "Prefix"


def _ingress(manifest: Manifest, name: str, entries: list[tuple[str, str, Service]],
             strip: bool) -> dict[str, Any]:
    proxy = manifest.proxy or Proxy()
    annotations = {
        f"{INGRESS_NGINX}/proxy-body-size": proxy.client_max_body_size,
        f"{INGRESS_NGINX}/proxy-connect-timeout": _seconds(proxy.connect_timeout),
        f"{INGRESS_NGINX}/proxy-read-timeout": _seconds(proxy.read_timeout),
        f"{INGRESS_NGINX}/proxy-send-timeout": _seconds(proxy.send_timeout),
    }
    if strip:
        annotations[f"{INGRESS_NGINX}/use-regex"] = "true"
        annotations[f"{INGRESS_NGINX}/rewrite-target"] = "/$2"
    paths = [{"path": path, "pathType": kind,
              "backend": {"service": {"name": s.name, "port": {"name": "http"}}}}
             for path, kind, s in entries]
    hosts = _hosts(proxy)
    rules: list[dict[str, Any]] = ([{"host": h, "http": {"paths": paths}} for h in hosts]
                                   or [{"http": {"paths": paths}}])
    spec: dict[str, Any] = {}
    if proxy.tls is not None and hosts:
        spec["tls"] = [{"hosts": hosts, "secretName": f"{k8s_name(manifest.name)}-tls"}]
    spec["rules"] = rules
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": k8s_name(manifest.name),
                                                  "app.kubernetes.io/managed-by": "scaffold"},
                         "annotations": annotations},
            "spec": spec}


def ingresses(manifest: Manifest) -> list[dict[str, Any]]:
    """The routes as Ingresses (ingress-nginx's annotations carry the proxy's limits).

    Routes that strip their prefix need a rewrite, which applies to a whole Ingress: they
    get their own. `/health` goes where the nginx config sends it, when no route covers it.
    """
    plain: list[tuple[str, str, Service]] = []
    stripped: list[tuple[str, str, Service]] = []
    for service in manifest.routed:
        for route in service.routes:
            path, kind = _path(route)
            (stripped if kind == "ImplementationSpecific" else plain).append((path, kind, service))
    healthy = health_service(manifest)
    covered = route_owner(manifest, HEALTH_PATH)
    if healthy is not None and covered is None and healthy.healthcheck is not None \
            and healthy.healthcheck.http_path == HEALTH_PATH:
        plain.append((HEALTH_PATH, "Exact", healthy))
    name = k8s_name(manifest.name)
    out = []
    if plain:
        out.append(_ingress(manifest, name, sorted(plain, key=lambda e: e[0]), strip=False))
    if stripped:
        out.append(_ingress(manifest, f"{name}-strip", sorted(stripped, key=lambda e: e[0]), strip=True))
    return out


def secret_variables(manifest: Manifest) -> list[str]:
    """The .env variables the Secret must hold, each once, in order."""
    found: dict[str, None] = {}
    for service in deployed(manifest):
        for value in (*cluster.environment(service, manifest), *cluster.command(service, manifest)):
            found.update(dict.fromkeys(value.secrets))
    return list(found)


def _documents(docs: list[dict[str, Any]], header: str) -> str:
    return header + "---\n".join(emit.dump(d) for d in docs)


def _header(manifest: Manifest, what: str) -> str:
    return (f"# Generated by scaffold from {manifest.source.name} (target: k8s): {what}.\n"
            "# Edit the manifest, then run `scaffold generate`.\n")


def _kustomization(manifest: Manifest, resources: list[str], secrets: list[str]) -> str:
    apps = [cluster.image(s, manifest) for s in deployed(manifest) if s.kind == Kind.APP]
    lines = [
        f"# Generated by scaffold from {manifest.source.name} (target: k8s).",
        "# Edit the manifest, then run `scaffold generate`.",
        f"# Deploy: kubectl apply -k {FOLDER}/",
    ]
    if secrets:
        lines.append(f"# First copy {SECRETS_FILE}.example to {SECRETS_FILE} (keep it out of git) "
                     "and put the real values in it.")
    if apps:
        lines.append(f"# Set the app images' tag with: cd {FOLDER} && kustomize edit set image NAME:TAG")
    lines += cluster.compose_only(manifest)
    data: dict[str, Any] = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                            "resources": resources}
    if secrets:
        data["secretGenerator"] = [{"name": secret_name(manifest), "envs": [SECRETS_FILE]}]
    if apps:
        data["images"] = [{"name": image, "newTag": "latest"} for image in apps]
    return "\n".join(lines) + "\n" + emit.dump(data)


def _secrets_example(manifest: Manifest, variables: list[str]) -> str:
    lines = [
        f"# Generated by scaffold from {manifest.source.name}: what kustomize puts in the "
        f"{secret_name(manifest)} Secret.",
        f"# Copy it to {SECRETS_FILE} (which git must ignore) and replace every placeholder; "
        "one KEY=value a line, unquoted.",
    ]
    lines += [f"{v}={PLACEHOLDER}-{v.lower().replace('_', '-')}" for v in variables]
    return "\n".join(lines) + "\n"


def render_k8s(manifest: Manifest) -> dict[str, str]:
    """Every file under k8s/, by path."""
    files: dict[str, str] = {}
    for service in sorted(deployed(manifest), key=lambda s: s.name):
        # services live a folder down, so no service name can stand for kustomization.yaml or the
        # routes' ingress.yaml beside them
        files[f"services/{service.name}.yaml"] = _documents(
            service_documents(service, manifest), _header(manifest, f"the {service.name} service"))
    routes = ingresses(manifest)
    if routes:
        files["ingress.yaml"] = _documents(routes, _header(manifest, "the routes"))
    secrets = secret_variables(manifest)
    out = {f"{FOLDER}/kustomization.yaml": _kustomization(manifest, list(files), secrets)}
    if secrets:
        out[f"{FOLDER}/{SECRETS_FILE}.example"] = _secrets_example(manifest, secrets)
    out.update({f"{FOLDER}/{path}": text for path, text in files.items()})
    return out


def files(manifest: Manifest, _ports: Mapping[str, int], _variants: Sequence[str], /) -> list[RenderedFile]:
    return [RenderedFile(path, text) for path, text in render_k8s(manifest).items()]
