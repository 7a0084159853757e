import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the replay server does for requests under a path prefix. */
export type Behaviour =
  | { kind: "answer"; body: string; contentType?: string }
  | { kind: "status"; status: number; body?: string }
  /** Answers after `delayMs` (longer than the client's timeout makes it a "slow mirror"). */
  | { kind: "slow"; delayMs: number; body: string };

/** A local Sesame stand-in on 127.0.0.1 and a random free port; mirrors are `${base}/<prefix>`. */
export interface SesameServer {
  base: string;
  /** Every request's path and query, in order, as received. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server replaying `routes[prefix]` for requests whose path starts with `/<prefix>/`. */
export async function startSesameServer(routes: Readonly<Record<string, Behaviour>>): Promise<SesameServer> {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const prefix = (req.url ?? "").split("/")[1] ?? "";
    const behaviour = routes[prefix];
    if (behaviour === undefined) {
      res.writeHead(404).end("no such route");
    } else if (behaviour.kind === "answer") {
      res.writeHead(200, { "content-type": behaviour.contentType ?? "text/plain" }).end(behaviour.body);
    } else if (behaviour.kind === "status") {
      res.writeHead(behaviour.status).end(behaviour.body ?? "");
    } else {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) res.writeHead(200).end(behaviour.body);
      }, behaviour.delayMs);
      timers.add(timer);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago): connection refused. */
export async function refusedBase(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
