// Probe HTTP endpoints and TCP ports from inside a stack; runs with any Node 12+.
// `node -e "$(cat probe.js)" '[{"id": ..., "kind": "http"|"tcp", ...}]'` prints a JSON list
// of what each probe saw, like probe.py. Only Node's own modules.
"use strict";
const http = require("http");
const https = require("https");
const net = require("net");

function once(probe) {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (seen) => {
      if (!finished) {
        finished = true;
        resolve(Object.assign({ id: probe.id }, seen));
      }
    };
    const failed = (error) => finish({ error: `${error.name || "Error"}: ${error.message}` });
    const ms = probe.timeout * 1000;
    if (probe.kind === "http") {
      const options = {
        host: probe.host,
        port: probe.port,
        path: probe.path,
        timeout: ms,
        headers: probe.host_header ? { Host: probe.host_header } : {},
        rejectUnauthorized: false, // routing is checked here, not certificates
      };
      const request = (probe.tls ? https : http).get(options, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          if (body.length < 2000) body += chunk;
        });
        response.on("end", () => finish({ status: response.statusCode, body: body.slice(0, 2000) }));
        response.on("error", failed);
      });
      request.on("timeout", () => request.destroy(new Error(`timed out after ${probe.timeout}s`)));
      request.on("error", failed);
      return;
    }
    const socket = net.connect({ host: probe.host, port: probe.port });
    socket.setTimeout(ms, () => socket.destroy(new Error(`timed out after ${probe.timeout}s`)));
    socket.on("connect", () => {
      if (probe.send) {
        socket.write(Buffer.from(probe.send, "hex"));
      } else if (!probe.listen) { // listen: the server speaks first (MySQL, SMTP)
        socket.end();
        finish({ connected: true });
      }
    });
    socket.on("data", (data) => {
      socket.destroy();
      finish({ connected: true, reply: data.subarray(0, 64).toString("hex") });
    });
    socket.on("error", failed);
    socket.on("close", () => finish({ connected: true, reply: "" }));
  });
}

const probes = JSON.parse(process.argv[process.argv.length - 1]);
Promise.all(probes.map(once)).then((seen) => console.log(JSON.stringify(seen)));
