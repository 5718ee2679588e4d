"""The nginx reverse proxy config: the manifest's routes and `proxy:` as one conf.d file.

The file holds only what goes inside nginx's `http {}` context, so it can be
included by the host's nginx (`mode: host`) or mounted as the nginx image's
`conf.d/default.conf` (`mode: compose`). Pure: same manifest and ports, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Final

from scaffold.conventions import NGINX_TLS_DIR, health_path, health_service
from scaffold.manifest.model import Manifest, Proxy, ProxyMode, Service
from scaffold.records import record
from scaffold.resources import jinja_environment
from scaffold.targets.target import RenderedFile

if TYPE_CHECKING:
    import jinja2

name: Final = "nginx"
DOCKER_DNS = "127.0.0.11"  # Docker's embedded DNS server, present on every user-defined network
KEEPALIVE = 32  # idle connections each upstream keeps open (host mode)

# Everything written into the config is one nginx token from this alphabet. The schema and
# the manifest checks already hold values to it; this is the last line against injection.
_TOKEN = re.compile(r"^[A-Za-z0-9._~/@+*:$-]+$")
_REGEX_SPECIAL = re.compile(r"([.+*])")


@record
class Upstream:
    """One routed service as nginx reaches it."""

    service: str
    name: str  # host mode: the upstream block; compose mode: the variable holding the address
    address: str  # host:port
    per_request: bool  # compose mode: resolved through Docker's DNS per request, not at start

    @property
    def target(self) -> str:
        """What `proxy_pass http://...` names."""
        return f"${self.name}" if self.per_request else self.name


@record
class Location:
    """One nginx location: a route and the upstream it proxies to."""

    path: str
    upstream: Upstream
    websocket: bool
    strip: str  # the `rewrite` pattern that drops the route's prefix, or "" to pass the path on


@record
class Health:
    """A health location the proxy answers by asking a service's own health path."""

    upstream: Upstream
    path: str  # the service's own health path, which the proxy's /health passes through to


@record
class Tls:
    """The certificate and key nginx serves HTTPS with."""

    certificate: str  # as nginx sees them
    key: str


@record
class ProxyConfig:
    """Everything the nginx template needs, decided here so the template only lays it out."""

    project: str
    source: str
    mode: ProxyMode
    server_names: tuple[str, ...]
    port: int  # where the proxying server listens
    tls: Tls | None
    redirect_port: int | None  # plain HTTP here redirects to HTTPS
    redirect_to: str  # `https://$host` plus the HTTPS port when it is not 443
    resolver: str  # compose mode: the DNS server upstream names are resolved with
    upstreams: tuple[Upstream, ...]
    locations: tuple[Location, ...]  # sorted by path: nginx picks the longest prefix anyway
    health: Health | None
    catch_all: bool  # a route owns `/`; otherwise unknown paths get 404
    websocket: bool  # some route upgrades, so the Connection header map is needed
    timeouts: tuple[tuple[str, str], ...]  # (directive, value)
    client_max_body_size: str
    keepalive: int = KEEPALIVE


def wanted(manifest: Manifest) -> bool:
    """A config is generated when routes need one, or when an nginx service would mount it."""
    return bool(manifest.routed) or manifest.proxy_service is not None


def filename(manifest: Manifest) -> str:
    return f"nginx/{manifest.name}.conf"


def _ident(name: str) -> str:
    """A name nginx accepts in upstream and variable names: `api-gateway` -> `api_gateway`."""
    return name.replace("-", "_")


def _upstream(service: Service, manifest: Manifest, proxy: Proxy,
              ports: Mapping[str, int]) -> Upstream:
    if proxy.mode == "compose":
        # Docker's DNS knows the service by name; resolving per request (a variable in
        # proxy_pass) lets nginx start, and keep running, while a service is down.
        return Upstream(service.name, f"service_{_ident(service.name)}",
                        f"{service.name}:{service.internal_port}", per_request=True)
    # Host mode reaches each service on its host port from the port plan: the fixed ports that
    # `local` (and any variant with `ports: fixed`) publishes. Variants with ephemeral ports,
    # such as `ci`, get a new port on every start, which no static config can follow; the host
    # config is for the fixed-port variants only (CI runs the stack without the host's nginx).
    port = ports.get(service.name, service.port)
    if port is None:  # a bug: every routed service needs a host port and gets one
        raise RuntimeError(f"routed service '{service.name}' has no host port")
    name = f"{_ident(manifest.name)}_{_ident(service.name)}"  # host nginx is shared by projects
    return Upstream(service.name, name, f"127.0.0.1:{port}", per_request=False)


def _strip(path: str) -> str:
    if not path.rstrip("/"):
        return ""
    prefix = _REGEX_SPECIAL.sub(r"\\\1", _token(path).rstrip("/"))
    return f"^{prefix}/?(.*)$"


def _listening(manifest: Manifest, proxy: Proxy) -> tuple[int, int | None, str]:
    """(port of the proxying server, port redirecting to HTTPS or None, the redirect's target)."""
    if proxy.mode == "compose":
        # Inside the container only the proxy service's own port is published, so a second,
        # redirecting listener would be unreachable; compose mode serves one port.
        service = manifest.proxy_service
        port = service.internal_port if service and service.internal_port else 80
        return port, None, ""
    port = proxy.port or (443 if proxy.tls else 80)
    if proxy.tls is None or port == 80:
        return port, None, ""
    return port, 80, "https://$host" + ("" if port == 443 else f":{port}")


def _tls(proxy: Proxy) -> Tls | None:
    if proxy.tls is None:
        return None
    if proxy.mode == "compose":
        return Tls(f"{NGINX_TLS_DIR}/certificate.pem", f"{NGINX_TLS_DIR}/key.pem")
    return Tls(proxy.tls.certificate, proxy.tls.key)


def config(manifest: Manifest, ports: Mapping[str, int]) -> ProxyConfig:
    """The proxy config as data, from the routes, `proxy:` and the host ports."""
    proxy = manifest.proxy or Proxy()
    upstreams = {s.name: _upstream(s, manifest, proxy, ports) for s in manifest.routed}
    locations = sorted(
        (Location(r.path, upstreams[s.name], r.websocket, _strip(r.path) if r.strip_prefix else "")
         for s in manifest.routed for r in s.routes),
        key=lambda loc: loc.path,
    )
    healthy = health_service(manifest)
    port, redirect_port, redirect_to = _listening(manifest, proxy)
    return ProxyConfig(
        project=manifest.name,
        source=manifest.source.name,
        mode=proxy.mode,
        server_names=tuple(proxy.server_name.split()),
        port=port,
        tls=_tls(proxy),
        redirect_port=redirect_port,
        redirect_to=redirect_to,
        resolver=DOCKER_DNS if proxy.mode == "compose" else "",
        upstreams=tuple(upstreams.values()),
        locations=tuple(locations),
        health=Health(upstreams[healthy.name], health_path(healthy)) if healthy else None,
        catch_all=any(loc.path == "/" for loc in locations),
        websocket=any(loc.websocket for loc in locations),
        timeouts=(("proxy_connect_timeout", proxy.connect_timeout),
                  ("proxy_send_timeout", proxy.send_timeout),
                  ("proxy_read_timeout", proxy.read_timeout)),
        client_max_body_size=proxy.client_max_body_size,
    )


def _token(value: object) -> str:
    text = str(value)
    if not _TOKEN.match(text):  # a bug: validation lets no such value through
        raise ValueError(f"{text!r} cannot be written into an nginx config safely")
    return text


@cache
def _jinja() -> jinja2.Environment:
    env = jinja_environment(trim_blocks=True, lstrip_blocks=True)
    env.filters["token"] = _token
    return env


def render_nginx(manifest: Manifest, ports: Mapping[str, int]) -> str:
    return _jinja().get_template("nginx/proxy.conf.j2").render(proxy=config(manifest, ports))


def files(manifest: Manifest, ports: Mapping[str, int], _variants: Sequence[str], /) -> list[RenderedFile]:
    """The proxy's config, when routes or an nginx service need one: every target uses it."""
    return [RenderedFile(filename(manifest), render_nginx(manifest, ports))] if wanted(manifest) else []
