"""Probe HTTP endpoints and TCP ports from inside a stack; runs with any Python 3.8+.

`python -c "$(cat probe.py)" '[{"id": ..., "kind": "http"|"tcp", ...}]'` prints a
JSON list of what each probe saw. Only the standard library: it runs in whatever
image the container has.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import sys
from typing import Any


def http_get(probe: dict[str, Any]) -> dict[str, Any]:
    timeout = probe["timeout"]
    if probe.get("tls"):
        context = ssl._create_unverified_context()  # routing is checked here, not certificates
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            probe["host"], probe["port"], timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(probe["host"], probe["port"], timeout=timeout)
    headers = {"Host": probe["host_header"]} if probe.get("host_header") else {}
    try:
        conn.request("GET", probe["path"], headers=headers)
        response = conn.getresponse()
        body = response.read(2000).decode("utf-8", "replace")
        return {"status": response.status, "body": body}
    finally:
        conn.close()


def tcp_connect(probe: dict[str, Any]) -> dict[str, Any]:
    with socket.create_connection((probe["host"], probe["port"]), timeout=probe["timeout"]) as s:
        if probe.get("listen"):  # the server speaks first (MySQL, SMTP)
            return {"connected": True, "reply": s.recv(64).hex()}
        if not probe.get("send"):
            return {"connected": True}
        s.sendall(bytes.fromhex(probe["send"]))
        return {"connected": True, "reply": s.recv(64).hex()}


def run(probe: dict[str, Any]) -> dict[str, Any]:
    try:
        seen = http_get(probe) if probe["kind"] == "http" else tcp_connect(probe)
    except Exception as exc:  # every failure is an answer, never a crash
        seen = {"error": f"{type(exc).__name__}: {exc}"}
    seen["id"] = probe["id"]
    return seen


def main(argv: list[str]) -> int:
    probes = json.loads(argv[1])
    print(json.dumps([run(p) for p in probes]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
