"""An API that answers /health once the static files answer at STATIC_BASE_URL."""
import os
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BASE = os.environ["STATIC_BASE_URL"]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            with urllib.request.urlopen(BASE + "/index.html", timeout=3) as reply:
                ok = reply.status == 200
        except OSError:
            ok = False
        self.send_response(200 if ok else 503)
        self.end_headers()
        self.wfile.write(b"ok" if ok else b"static files unreachable")


ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
