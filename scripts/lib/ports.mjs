// Checks that the emulator ports in firebase.json are free before starting, so a clash gets a clear message
// instead of a half-started suite.
import http from "node:http";
import net from "node:net";

/** Resolves true when `port` on `host` can be bound right now. */
export function portIsFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Returns the entries of `wanted` ({name, port}) whose ports are taken. */
export async function takenPorts(wanted, host = "127.0.0.1") {
  const taken = [];
  for (const w of wanted) if (!(await portIsFree(w.port, host))) taken.push(w);
  return taken;
}

/** Resolves true when something accepts TCP connections on `port` at `host` (within `timeoutMs`). */
export function portAccepts(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * GET `url` with node:http (fetch refuses some ports an offset can produce, e.g. 6000); resolves with the status
 * and body, or null when nothing answers within `timeoutMs`.
 */
export function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", () => resolve(null));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
  });
}
