"""The nginx config as text and as data, the proxy service it brings, and the route checks."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.conventions import NGINX_TLS_DIR
from scaffold.errors import InputError
from scaffold.manifest.build import loads
from scaffold.manifest.model import Manifest, Route
from scaffold.ports.assign import assign
from scaffold.targets import nginx
from scaffold.targets.compose import compose_project
from scaffold.targets.render import render


def manifest(text: str) -> Manifest:
    return loads(textwrap.dedent(text))


def conf(text: str) -> str:
    m = manifest(text)
    return nginx.render_nginx(m, assign(m))


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        manifest(text)
    return [str(p) for p in caught.value.problems]


HOST = """\
    name: shop
    services:
      api: {preset: fastapi, port: 8101, routes: [/api/]}
      chat: {preset: express, port: 8102, routes: [{path: /ws/, websocket: true}]}
      users:
        preset: express
        port: 8103
        routes: [{path: /api/users/, overrides: api, strip_prefix: true}]
    proxy: {mode: host, server_name: shop.localhost, read_timeout: 90s, client_max_body_size: 20m}
"""

COMPOSE = """\
    name: shop
    services:
      web: {preset: nextjs, routes: ["/"]}
      api: {preset: fastapi, routes: [/api/]}
"""


def block(text: str, opening: str) -> str:
    """The lines of the block that starts with `opening`, up to its closing brace."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == opening)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == " " * indent + "}")
    return "\n".join(lines[start:end + 1])


# --- host mode -----------------------------------------------------------------------------


def test_host_mode_has_one_keepalive_upstream_per_routed_service_on_its_host_port() -> None:
    text = conf(HOST)
    assert block(text, "upstream shop_api {") == (
        "upstream shop_api {\n    server 127.0.0.1:8101;\n    keepalive 32;\n}")
    assert "server 127.0.0.1:8102;" in text
    assert "server 127.0.0.1:8103;" in text
    assert "resolver" not in text


def test_a_location_forwards_the_client_and_keeps_upstream_connections_alive() -> None:
    assert block(conf(HOST), "location /api/ {") == (
        "    location /api/ {\n"
        "        proxy_pass http://shop_api;\n"
        "        proxy_set_header Host $host;\n"
        "        proxy_set_header X-Real-IP $remote_addr;\n"
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "        proxy_set_header X-Forwarded-Proto $scheme;\n"
        '        proxy_set_header Connection "";\n'
        "    }")


def test_the_server_sets_timeouts_body_size_tokens_and_security_headers() -> None:
    text = conf(HOST)
    for line in ("listen 80;", "server_name shop.localhost;", "server_tokens off;",
                 "client_max_body_size 20m;", "proxy_http_version 1.1;",
                 "proxy_connect_timeout 60s;", "proxy_send_timeout 60s;", "proxy_read_timeout 90s;",
                 'add_header X-Content-Type-Options "nosniff" always;',
                 'add_header X-Frame-Options "SAMEORIGIN" always;',
                 'add_header Referrer-Policy "strict-origin-when-cross-origin" always;'):
        assert f"\n    {line}\n" in text, line
    assert "Strict-Transport-Security" not in text  # only over HTTPS


def test_a_websocket_route_passes_the_upgrade_on_and_only_that_route() -> None:
    text = conf(HOST)
    assert "map $http_upgrade $scaffold_connection_upgrade {\n    default upgrade;\n" in text
    ws = block(text, "location /ws/ {")
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $scaffold_connection_upgrade;" in ws
    assert text.count("Upgrade $http_upgrade") == 1


def test_no_websocket_route_no_map() -> None:
    assert "map " not in conf(COMPOSE)


def test_strip_prefix_rewrites_the_path_and_a_nested_route_gets_its_own_location() -> None:
    users = block(conf(HOST), "location /api/users/ {")
    assert "rewrite ^/api/users/?(.*)$ /$1 break;" in users
    assert "proxy_pass http://shop_users;" in users


def test_health_passes_through_to_the_services_health_path_without_logging() -> None:
    text = conf("""\
        name: shop
        services:
          worker:
            preset: image
            image: ghcr.io/acme/worker:1.4
            internal_port: 9000
            healthcheck: {http: /healthz}
            routes: [/jobs/]
        proxy: {mode: host}
    """)
    health = block(text, "location = /health {")
    assert "access_log off;" in health
    assert "proxy_pass http://shop_worker/healthz;" in health


def test_health_goes_to_proxy_health_or_the_route_covering_it() -> None:
    assert "proxy_pass http://$service_web/health;" in conf(COMPOSE)  # `/` covers /health
    chosen = conf(COMPOSE + "    proxy: {health: api}\n")
    assert "proxy_pass http://$service_api/health;" in chosen


def test_unknown_paths_get_404_unless_a_route_owns_slash() -> None:
    assert block(conf(HOST), "location / {") == "    location / {\n        return 404;\n    }"
    assert "return 404" not in conf(COMPOSE)


def test_locations_are_sorted_and_rendering_is_deterministic() -> None:
    text = conf(HOST)
    paths = [line.split()[1] for line in text.splitlines() if line.startswith("    location /")]
    assert paths == ["/api/", "/api/users/", "/ws/", "/"]  # the 404 fallback last
    assert conf(HOST) == text


def test_host_mode_tls_listens_on_443_and_redirects_port_80() -> None:
    tls = "tls: {certificate: /etc/ssl/s.pem, key: /etc/ssl/s.key},"
    text = conf(HOST.replace("proxy: {mode: host,", f"proxy: {{mode: host, {tls}"))
    assert block(text, "server {") == ("server {\n    listen 80;\n    server_name shop.localhost;\n"
                        "    server_tokens off;\n    return 301 https://$host$request_uri;\n}")
    assert "    listen 443 ssl;\n" in text
    assert "    ssl_certificate /etc/ssl/s.pem;\n    ssl_certificate_key /etc/ssl/s.key;\n" in text
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in text


def test_tls_on_another_port_redirects_to_that_port() -> None:
    text = conf(HOST.replace("proxy: {mode: host,", "proxy: {mode: host, port: 8443, "
                             "tls: {certificate: /c.pem, key: /k.pem},"))
    assert "    listen 8443 ssl;\n" in text
    assert "return 301 https://$host:8443$request_uri;" in text


# --- compose mode --------------------------------------------------------------------------


def test_compose_mode_resolves_service_names_per_request_through_dockers_dns() -> None:
    text = conf(COMPOSE)
    assert "upstream " not in text  # an upstream block resolves once, at start, or fails
    assert "    resolver 127.0.0.11 valid=10s ipv6=off;\n" in text
    assert "    set $service_web web:3000;\n    set $service_api api:8000;\n" in text
    assert "proxy_pass http://$service_api;" in block(text, "location /api/ {")


def test_compose_mode_adds_a_proxy_service_with_an_allocated_port_and_the_config() -> None:
    m = manifest(COMPOSE)
    ports = assign(m)
    assert m.proxy_service is not None and m.proxy_service.name == "proxy"
    assert "proxy" in ports
    proxy = compose_project(m, m.variant("local"), ports)["services"]["proxy"]
    assert proxy["image"] == "nginx:1.27"
    assert proxy["volumes"] == ["./nginx/shop.conf:/etc/nginx/conf.d/default.conf:ro"]
    assert proxy["ports"] == [f"127.0.0.1:{ports['proxy']}:80"]
    assert "depends_on" not in proxy  # nginx starts while the services are down


def test_compose_mode_proxy_port_and_image_come_from_the_manifest() -> None:
    m = manifest(COMPOSE + "    proxy: {port: 8080, image: 'nginx:1.27.3'}\n")
    proxy = compose_project(m, m.variant("local"), assign(m))["services"]["proxy"]
    assert proxy["image"] == "nginx:1.27.3"
    assert proxy["ports"] == ["127.0.0.1:8080:80"]


def test_compose_mode_tls_mounts_the_files_and_serves_https_on_the_proxy_port() -> None:
    m = manifest(COMPOSE + "    proxy: {tls: {certificate: certs/shop.pem, key: /srv/shop.key}}\n")
    ports = assign(m)
    proxy = compose_project(m, m.variant("local"), ports)["services"]["proxy"]
    assert proxy["volumes"][1:] == ["./certs/shop.pem:/etc/nginx/tls/certificate.pem:ro",
                                    "/srv/shop.key:/etc/nginx/tls/key.pem:ro"]
    assert proxy["ports"] == [f"127.0.0.1:{ports['proxy']}:443"]
    text = nginx.render_nginx(m, ports)
    assert "    listen 443 ssl;\n" in text
    assert f"ssl_certificate {NGINX_TLS_DIR}/certificate.pem;" in text
    assert "return 301" not in text  # only the proxy's one port is published


def test_an_nginx_service_in_the_manifest_is_the_proxy() -> None:
    m = manifest(COMPOSE + "      edge: {preset: nginx, port: 8088, internal_port: 8080}\n")
    assert [s.name for s in m.services] == ["web", "api", "edge"]
    assert "    listen 8080;\n" in nginx.render_nginx(m, assign(m))


def test_the_nginx_file_is_rendered_only_when_something_needs_it() -> None:
    def paths(text: str) -> list[str]:
        m = manifest(text)
        return [f.path for f in render(m, assign(m))]

    assert "nginx/shop.conf" in paths(COMPOSE)
    assert "nginx/shop.conf" in paths("name: shop\nservices:\n  edge: {preset: nginx}\n")
    assert not [p for p in paths("name: shop\nservices:\n  api: {preset: fastapi}\n")
                if p.startswith("nginx/")]


def test_a_value_that_would_break_nginx_syntax_is_refused_even_past_validation() -> None:
    m = manifest(COMPOSE)
    api = m.service("api")
    bad = dataclasses.replace(api, routes=(Route("/api/ { return 200; } location /x"),))
    m = dataclasses.replace(m, services=tuple(bad if s is api else s for s in m.services))
    with pytest.raises(ValueError, match="cannot be written into an nginx config safely"):
        nginx.render_nginx(m, assign(m))


# --- route and proxy checks ------------------------------------------------------------------


def test_two_services_cannot_claim_one_path() -> None:
    assert problems("""\
        name: shop
        services:
          a: {preset: fastapi, routes: [/api/]}
          b: {preset: fastapi, routes: [/api]}
    """) == ["scaffold.yaml:4:33: services.b.routes[0]: route /api is already served by 'a'"]


def test_a_route_inside_another_services_route_must_say_so() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/]}
          users: {preset: fastapi, routes: [/api/users/]}
    """) == [
        "scaffold.yaml:4:37: services.users.routes[0]: route /api/users/ lies inside route /api/ "
        "of 'api' and takes those requests from it; if that is meant, write "
        "{path: /api/users/, overrides: api}"
    ]


def test_a_prefix_without_a_slash_swallows_its_neighbours() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api]}
          docs: {preset: fastapi, routes: [/api-docs/]}
    """) == [
        "scaffold.yaml:4:36: services.docs.routes[0]: route /api-docs/ lies inside route /api "
        "of 'api' and takes those requests from it; if that is meant, write "
        "{path: /api-docs/, overrides: api}"
    ]


def test_a_said_override_the_catch_all_and_own_nesting_are_fine() -> None:
    m = manifest("""\
        name: shop
        services:
          web: {preset: nextjs, routes: ["/"]}
          api: {preset: fastapi, routes: [/api/, /api/v2/]}
          users: {preset: fastapi, routes: [{path: /api/users/, overrides: api}]}
    """)
    assert m.service("users").routes[0].overrides == "api"


@pytest.mark.parametrize(("routes", "message"), [
    ("[{path: /api/users/, overrides: nobody}]",
     "scaffold.yaml:4:68: services.users.routes[0].overrides: overrides unknown service 'nobody'"),
    ("[{path: /v2/users/, overrides: api}]",
     "scaffold.yaml:4:67: services.users.routes[0].overrides: route /v2/users/ overrides 'api', "
     "but no route of 'api' contains it"),
    ("[{path: /api/admin/x/, overrides: api}]",
     "scaffold.yaml:4:70: services.users.routes[0].overrides: route /api/admin/x/ lies inside "
     "route /api/admin/ of 'admin', so it overrides 'admin', not 'api'"),
])
def test_an_override_must_name_the_service_it_takes_from(routes: str, message: str) -> None:
    assert problems(f"""\
        name: shop
        services:
          api: {{preset: fastapi, routes: [/api/]}}
          users: {{preset: fastapi, routes: {routes}}}
          admin: {{preset: fastapi, routes: [{{path: /api/admin/, overrides: api}}]}}
    """) == [message]


ROUTE_MESSAGE = ("a route is a path prefix starting with '/', made of letters, digits and "
                 ". _ ~ / @ + - (no spaces, quotes, '%', ';' or braces)")


@pytest.mark.parametrize("path", ['"/api;"', '"/a{b"', '"/a}"', '"/a\'b"', "'/a\"b'",
                                  '"/a b"', '"/a\\nb"', '"/a%20b"', '"api/"', '"/a\\tb"'])
def test_a_path_nginx_would_read_as_syntax_is_refused_with_its_position(path: str) -> None:
    found = problems(f"""\
        name: shop
        services:
          api: {{preset: fastapi, routes: [{{path: {path}}}]}}
    """)
    assert f"scaffold.yaml:3:42: services.api.routes[0].path: {ROUTE_MESSAGE}" in found


@pytest.mark.parametrize("name", ['"a;b"', '"a{b}"', '"a\\"b"', '"a\\nb"', '"a  b"', '" a"',
                                  '"a b;"'])
def test_a_server_name_nginx_would_read_as_syntax_is_refused(name: str) -> None:
    found = problems(f"""\
        name: shop
        services:
          api: {{preset: fastapi, routes: [/api/]}}
        proxy: {{server_name: {name}}}
    """)
    assert ("scaffold.yaml:4:22: proxy.server_name: server_name is host names separated by single "
            "spaces (letters, digits, '.', '-', '*')") in found


def test_a_wildcard_is_a_whole_label() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/]}
        proxy: {server_name: "*.shop.test shop.* a*b.test"}
    """) == ["scaffold.yaml:4:22: proxy.server_name: 'a*b.test': a wildcard is a whole first or "
             "last label (*.example.com or example.*)"]


def test_route_clean_paths_and_twins() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/a//b/, /a/./b, /a/.., /c/, {path: /c/, websocket: true}]}
    """) == [
        "scaffold.yaml:3:35: services.api.routes[0]: route /a//b/ must be a clean path "
        "(no '//', '.' or '..' segments)",
        "scaffold.yaml:3:43: services.api.routes[1]: route /a/./b must be a clean path "
        "(no '//', '.' or '..' segments)",
        "scaffold.yaml:3:51: services.api.routes[2]: route /a/.. must be a clean path "
        "(no '//', '.' or '..' segments)",
        "scaffold.yaml:3:70: services.api.routes[4].path: route /c/ is listed twice",
    ]


def test_where_the_proxy_runs_must_fit_the_services() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/], replicas: 2}
          edge: {preset: nginx}
        proxy:
          mode: host
          tls: {certificate: certs/c.pem, key: /k.pem}
          health: apii
    """) == [
        "scaffold.yaml:3:53: services.api.replicas: with proxy.mode host nginx reaches each "
        "service on one fixed host port, which replicas publish only as ephemeral ports; "
        "use mode: compose",
        "scaffold.yaml:4:18: services.edge.preset: proxy.mode is host: nginx runs on the host, "
        "and an nginx service would serve a config aimed at host ports; remove it or use "
        "mode: compose",
        "scaffold.yaml:7:22: proxy.tls.certificate: with proxy.mode host the host's nginx reads "
        "this file; give an absolute path",
        "scaffold.yaml:8:11: proxy.health: 'apii' is not a service with routes "
        "(did you mean 'api'?)",
    ]


def test_compose_mode_needs_one_nginx_and_a_free_name_for_the_one_it_adds() -> None:
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/]}
          proxy: {preset: fastapi}
    """) == ["scaffold.yaml:4:10: services.proxy: proxy.mode compose adds an nginx service named "
             "'proxy'; rename this service, or make it preset: nginx so it becomes the proxy"]
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/]}
          a: {preset: nginx, routes: [/x/]}
          b: {preset: nginx}
        proxy: {port: 8080}
    """) == [
        "scaffold.yaml:4:31: services.a.routes[0]: an nginx service is the reverse proxy itself "
        "(it serves the generated config); it cannot take routes",
        "scaffold.yaml:5:15: services.b.preset: only one nginx service can be the proxy, "
        "and 'a' already is",
    ]
    assert problems("""\
        name: shop
        services:
          api: {preset: fastapi, routes: [/api/]}
          edge: {preset: nginx}
        proxy: {port: 8080}
    """) == ["scaffold.yaml:5:15: proxy.port: the proxy here is service 'edge'; "
             "set services.edge.port instead"]


def test_the_cli_exits_2_with_file_line_col(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path
    (folder / "scaffold.yaml").write_text(
        "name: shop\nservices:\n  api: {preset: fastapi, routes: ['/api/;evil']}\n",
        encoding="utf-8")
    monkeypatch.chdir(folder)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert f"scaffold.yaml:3:35: services.api.routes[0]: {ROUTE_MESSAGE}" in err
    assert not (folder / "nginx").exists()
