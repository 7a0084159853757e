// One record-image instance, for npm run bench:ingest and the fault test: loads the deployed bundle
// (services/record-image/dist, built by the emulator start) and feeds it the messages of the JSON file argv[2]
// as Pub/Sub push would: up to INSTANCE_CONCURRENCY at once (default 80, the manifest's), and a message whose
// handler throws is delivered again after a growing backoff (INSTANCE_BACKOFF_MS × attempt, default 50), at
// most INSTANCE_MAX_ATTEMPTS times (default 10). Writes what it measured to argv[3]: seconds, transactions and
// their attempts, documents read and written in them, redeliveries, and this process's peak RSS. Exits 1 if a
// message ran out of attempts.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, "../..");
const [messagesFile, resultFile] = process.argv.slice(2);
const concurrency = Number(process.env.INSTANCE_CONCURRENCY ?? 80);
const maxAttempts = Number(process.env.INSTANCE_MAX_ATTEMPTS ?? 10);
const backoffMs = Number(process.env.INSTANCE_BACKOFF_MS ?? 50);

// Count transactions (and their attempts: the SDK re-runs the function after a contention abort), and the
// documents read and written in them, in the Firestore client the bundle uses.
const counts = { transactions: 0, attempts: 0, reads: 0, writes: 0, redeliveries: 0 };
const { Firestore, Transaction } = require("@google-cloud/firestore");
for (const [method, count] of [
  ["get", () => (counts.reads += 1)],
  ["getAll", (args) => (counts.reads += args.filter((a) => a && typeof a.path === "string").length)],
  ["create", () => (counts.writes += 1)],
  ["set", () => (counts.writes += 1)],
  ["update", () => (counts.writes += 1)],
  ["delete", () => (counts.writes += 1)],
]) {
  const original = Transaction.prototype[method];
  Transaction.prototype[method] = function (...args) {
    count(args);
    return original.apply(this, args);
  };
}
const runTransaction = Firestore.prototype.runTransaction;
Firestore.prototype.runTransaction = function (fn, options) {
  counts.transactions++;
  return runTransaction.call(
    this,
    (tx) => {
      counts.attempts++;
      return fn(tx);
    },
    options,
  );
};

const { recordImage } = require(path.join(ROOT, "services/record-image/dist/index.js"));
const messages = JSON.parse(fs.readFileSync(messagesFile, "utf8"));

/** The CloudEvent Pub/Sub push delivers to a 2nd gen function. */
const event = (message, k) => ({
  specversion: "1.0",
  id: `bench-${k}`,
  source: "//pubsub.googleapis.com/projects/demo-panoptes/topics/record-image",
  type: "google.cloud.pubsub.topic.v1.messagePublished",
  data: {
    message: {
      data: Buffer.from(JSON.stringify(message)).toString("base64"),
      messageId: `bench-${k}`,
      publishTime: new Date().toISOString(),
      attributes: {},
    },
    subscription: "projects/demo-panoptes/subscriptions/bench",
  },
});

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < messages.length) {
      const k = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          await recordImage(event(messages[k], k));
          break;
        } catch (err) {
          if (attempt >= maxAttempts) throw err;
          counts.redeliveries++;
          await new Promise((r) => setTimeout(r, backoffMs * attempt));
        }
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
fs.writeFileSync(resultFile, JSON.stringify({ ...counts, seconds, images: messages.length, peakRss: peak }));
process.exit(0);
