import { ConfigError, functionOptions } from "@panoptes/platform";
import makeRgbFits from "../../../services/make-rgb-fits/service.json";
import explorerApi from "../../../services/explorer-api/service.json";
import exportObservations from "../../../services/export-observations/service.json";
import getFitsHeader from "../../../services/get-fits-header/service.json";
import rawFileUploaded from "../../../services/raw-file-uploaded/service.json";
import recordImage from "../../../services/record-image/service.json";

describe("functionOptions (trigger options from service.json)", () => {
  it("gives a topic function its topic, retry, memory and, where declared, cpu and concurrency", () => {
    expect(functionOptions(recordImage, "topic")).toEqual({
      topic: "record-image",
      region: "us-central1",
      memory: "256MiB",
      timeoutSeconds: 60,
      maxInstances: 20,
      cpu: 1,
      concurrency: 80,
      retry: true,
    });
    const rgb = functionOptions(makeRgbFits, "topic");
    expect(rgb).toMatchObject({ topic: "make-rgb-fits", memory: "512MiB", timeoutSeconds: 120, retry: true });
    expect(rgb).not.toHaveProperty("cpu");
    expect(rgb).not.toHaveProperty("concurrency");
  });

  it("gives a storage function its bucket and HTTP functions their invoker", () => {
    expect(functionOptions(rawFileUploaded, "storage")).toMatchObject({
      bucket: "panoptes-raw-images",
      retry: true,
    });
    expect(functionOptions(explorerApi, "http")).toMatchObject({ invoker: "public" });
    expect(functionOptions(getFitsHeader, "http")).toMatchObject({ invoker: "private" });
  });

  it("gives a scheduled function its cron schedule and time zone", () => {
    expect(functionOptions(exportObservations, "schedule")).toEqual({
      schedule: "0 * * * *",
      timeZone: "Etc/UTC",
      region: "us-central1",
      memory: "512MiB",
      timeoutSeconds: 540,
      maxInstances: 1,
    });
    expect(() =>
      functionOptions({ ...exportObservations, trigger: { type: "schedule" } }, "schedule"),
    ).toThrow(/trigger\.schedule/);
  });

  it.each([
    ["another trigger than the binding's", recordImage, /declares a topic trigger, not http/],
    ["a memory size Cloud Functions does not offer", { ...recordImage, memory: "300MiB" }, /memory/],
    ["no trigger", { name: "x" }, /trigger/],
  ])("refuses a manifest with %s, naming it", (_n, manifest, message) => {
    expect(() => functionOptions(manifest, "http")).toThrow(ConfigError);
    expect(() => functionOptions(manifest, "http")).toThrow(message);
  });
});
