// Checks that the emulator ports in firebase.json are free before starting, so a clash gets a clear message
// instead of a half-started suite.
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
