// @ts-check
/**
 * Handshakes with the backing services scaffold's catalog offers, on Node's own modules.
 *
 * Each check opens a TCP connection and exchanges the first messages of the service's own
 * protocol, enough to know it is the service and that it answers; none logs in:
 * mysql (the server's handshake packet), mongodb (OP_MSG hello, ok: 1), amqp (the protocol
 * header, answered with Connection.Start), kafka (ApiVersions v0, error code 0), minio
 * (GET /minio/health/live), smtp (the 220 greeting), memcached (`version`), mssql (a TDS
 * PRELOGIN, answered with a tabular result), tcp (the connection alone).
 */
import { connect } from "node:net";

/** @type {Record<string, number>} */
export const DEFAULT_PORTS = {
  mysql: 3306, mongodb: 27017, amqp: 5672, kafka: 9092, minio: 9000,
  smtp: 1025, memcached: 11211, mssql: 1433, tcp: 80,
};

/**
 * `mysql://u:p@db:3306/app` or `cache:11211,other:11211` -> [host, port] of the first.
 * @param {string} value
 * @param {number} defaultPort
 * @returns {[string, number]}
 */
export function address(value, defaultPort) {
  if (value.includes("://")) {
    const url = new URL(value);
    return [url.hostname || "localhost", Number(url.port) || defaultPort];
  }
  const first = value.split(",")[0].trim();
  const at = first.lastIndexOf(":");
  const port = first.slice(at + 1);
  return at > 0 && /^\d+$/.test(port) ? [first.slice(0, at), Number(port)] : [first, defaultPort];
}

function mongoHello() {
  const db = Buffer.from("admin\0");
  const body = Buffer.concat([
    Buffer.from("\x10hello\0", "latin1"), int32le(1),
    Buffer.from("\x02$db\0", "latin1"), int32le(db.length), db,
  ]);
  const doc = Buffer.concat([int32le(body.length + 5), body, Buffer.from([0])]);
  const message = Buffer.concat([int32le(0), Buffer.from([0]), doc]);
  return Buffer.concat([int32le(16 + message.length), int32le(1), int32le(0), int32le(2013), message]);
}

/** @param {number} n */
function int32le(n) {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

function kafkaApiVersions() {
  const client = Buffer.from("scaffold-ready");
  const request = Buffer.alloc(10);
  request.writeInt16BE(18, 0);
  request.writeInt16BE(0, 2);
  request.writeInt32BE(7, 4);
  request.writeInt16BE(client.length, 8);
  const body = Buffer.concat([request, client]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function mssqlPrelogin() {
  const options = Buffer.from([0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 0xff, 0, 0, 0, 0, 0, 0, 2]);
  const header = Buffer.from([0x12, 1, 0, 8 + options.length, 0, 0, 1, 0]);
  return Buffer.concat([header, options]);
}

/**
 * What each protocol sends first, and how its answer is judged: the bytes it needs, and a
 * verdict (an error message, or "" when the answer is right).
 * @type {Record<string, { send?: () => Buffer, need: (data: Buffer) => number, judge: (data: Buffer) => string }>}
 */
const PROTOCOLS = {
  mysql: {
    need: (d) => (d.length < 4 ? 4 : 4 + d.readUIntLE(0, 3)),
    judge: (d) => (d[4] === 0xff ? "MySQL answered with an error packet"
      : d[4] === 0x0a ? "" : "not a MySQL handshake (protocol 10)"),
  },
  mongodb: {
    send: mongoHello,
    need: (d) => (d.length < 4 ? 4 : d.readInt32LE(0)),
    judge: (d) => {
      if (d.readInt32LE(12) !== 2013 || d.readInt32LE(8) !== 1) return "not a MongoDB OP_MSG reply";
      const at = d.indexOf(Buffer.from("\x01ok\0", "latin1"), 16);
      return at >= 0 && d.readDoubleLE(at + 4) === 1 ? "" : "MongoDB's hello did not answer ok: 1";
    },
  },
  amqp: {
    send: () => Buffer.from("AMQP\x00\x00\x09\x01", "latin1"),
    need: () => 11,
    judge: (d) => (d[0] === 1 && d.subarray(7, 11).equals(Buffer.from([0, 10, 0, 10])) ? ""
      : "no AMQP Connection.Start"),
  },
  kafka: {
    send: kafkaApiVersions,
    need: () => 10,
    judge: (d) => (d.readInt32BE(4) === 7 && d.readInt16BE(8) === 0 ? ""
      : `Kafka ApiVersions answered error code ${d.readInt16BE(8)}`),
  },
  smtp: { need: () => 4, judge: (d) => (d.toString("latin1", 0, 3) === "220" ? "" : "no SMTP 220 greeting") },
  memcached: {
    send: () => Buffer.from("version\r\n"),
    need: () => 8,
    judge: (d) => (d.toString("latin1", 0, 8) === "VERSION " ? "" : "memcached did not answer VERSION"),
  },
  mssql: {
    send: mssqlPrelogin,
    need: () => 8,
    judge: (d) => (d[0] === 4 ? "" : "SQL Server did not answer the PRELOGIN"),
  },
  tcp: { need: () => 0, judge: () => "" },
};

/**
 * @param {string} host
 * @param {number} port
 * @param {string} kind
 * @param {number} ms
 * @returns {Promise<void>}
 */
function handshake(host, port, kind, ms) {
  const protocol = PROTOCOLS[kind];
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let data = Buffer.alloc(0);
    /** @param {Error | null} error */
    const finish = (error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const judge = () => {
      if (data.length < protocol.need(data)) return;
      const verdict = protocol.judge(data);
      finish(verdict ? new Error(verdict) : null);
    };
    socket.setTimeout(ms, () => finish(new Error(`timed out after ${ms}ms`)));
    socket.on("error", finish);
    socket.on("close", () => finish(new Error(`the connection closed after ${data.length} bytes`)));
    socket.on("connect", () => {
      if (protocol.send) socket.write(protocol.send());
      judge();
    });
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      judge();
    });
  });
}

/**
 * Shake hands with the service `value` (a URL, or host:port) names; resolves to `kind`.
 * @param {string} kind
 * @param {string} value
 * @param {number} ms
 */
export async function check(kind, value, ms) {
  if (kind === "minio") {
    const response = await fetch(`${value.replace(/\/+$/, "")}/minio/health/live`, { signal: AbortSignal.timeout(ms) });
    await response.body?.cancel();
    if (response.status !== 200) throw new Error(`/minio/health/live answered HTTP ${response.status}`);
    return kind;
  }
  const [host, port] = address(value, DEFAULT_PORTS[kind]);
  await handshake(host, port, kind, ms);
  return kind;
}
