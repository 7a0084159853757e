import { errorKind, lazy, PermanentError, TransientError } from "@panoptes/platform";

const grpc = (code: number, message: string) => Object.assign(new Error(`${code} ${message}`), { code });

describe("errorKind", () => {
  it.each([
    ["our permanent error", new PermanentError("fits-not_fits", "not FITS"), "permanent"],
    ["our transient error", new TransientError("storage-unavailable", "down"), "transient"],
    ["gRPC UNAVAILABLE", grpc(14, "UNAVAILABLE: No connection established"), "transient"],
    ["gRPC ABORTED (contention)", grpc(10, "ABORTED: Too much contention"), "transient"],
    ["gRPC DEADLINE_EXCEEDED", grpc(4, "DEADLINE_EXCEEDED"), "transient"],
    [
      "gRPC INVALID_ARGUMENT for a bad request",
      grpc(3, "INVALID_ARGUMENT: Value for argument is not valid"),
      "permanent",
    ],
    ["gRPC NOT_FOUND", grpc(5, "NOT_FOUND: No document to update"), "permanent"],
    // A restarted Firestore emulator forgets transactions begun before: seen in the outage test.
    [
      "a transaction the emulator lost",
      grpc(3, "INVALID_ARGUMENT: Transaction is invalid or closed."),
      "transient",
    ],
    [
      "an expired transaction",
      grpc(9, "FAILED_PRECONDITION: The referenced transaction has expired or is no longer valid."),
      "transient",
    ],
    ["HTTP 503", Object.assign(new Error("unavailable"), { code: 503 }), "transient"],
    ["HTTP 429", Object.assign(new Error("slow down"), { code: 429 }), "transient"],
    ["HTTP 404", Object.assign(new Error("missing"), { code: 404 }), "permanent"],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "transient",
    ],
    ["a wrapped cause", new Error("outer", { cause: grpc(3, "INVALID_ARGUMENT: bad") }), "permanent"],
    ["an unknown error (surfaces as retries, not a lost event)", new Error("what"), "transient"],
  ])("%s", (_name, err, kind) => {
    expect(errorKind(err)).toBe(kind);
  });
});

describe("lazy", () => {
  it("builds on first use, once", () => {
    let builds = 0;
    const get = lazy(() => ({ n: ++builds }));
    expect(builds).toBe(0);
    expect(get()).toBe(get());
    expect(builds).toBe(1);
  });
});
