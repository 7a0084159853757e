import { HttpError } from "@panoptes/platform";
import { z } from "zod";

/** What a caller asks for: an object path and, optionally, its bucket. */
export const HeaderRequest = z.object({
  bucket_path: z
    .string({
      message: "bucket_path is required, e.g. PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz",
    })
    .min(1, "bucket_path is empty")
    .max(1024, "bucket_path is longer than 1024 characters")
    .refine(
      (p) => !p.startsWith("/") && !p.startsWith("gs://"),
      "bucket_path is an object path, a gs://BUCKET/PATH or an https://storage.googleapis.com/BUCKET/PATH URL (no leading /)",
    )
    .refine(
      (p) => !p.split("/").some((s) => s === ".." || s === "."),
      "bucket_path may not contain '.' or '..' segments",
    )
    .refine(
      (p) => ![...p].some((c) => c.charCodeAt(0) < 0x20 || c === "\\"),
      "bucket_path contains control characters or backslashes",
    ),
  bucket_name: z.string().min(3).max(222).optional(),
});
export type HeaderRequest = z.infer<typeof HeaderRequest>;

/** Public URL prefixes of Cloud Storage objects (`https://storage.googleapis.com/BUCKET/PATH`, as `public_url`). */
const PUBLIC_URL_PREFIXES = ["https://storage.googleapis.com/", "https://storage.cloud.google.com/"] as const;

/**
 * Splits a 2020-style `bucket_path` that names its bucket: a public `https://storage.googleapis.com/BUCKET/PATH`
 * URL (what the 2020 service accepted: an image's `public_url`) or `gs://BUCKET/PATH`. The path part of an
 * https URL is percent-decoded. Returns undefined for a plain object path.
 */
export function splitBucketUrl(value: string): { bucket: string; path: string } | undefined {
  let rest: string | undefined;
  let encoded = false;
  if (value.startsWith("gs://")) rest = value.slice("gs://".length);
  for (const prefix of PUBLIC_URL_PREFIXES) {
    if (value.startsWith(prefix)) {
      rest = value.slice(prefix.length).split(/[?#]/)[0];
      encoded = true;
    }
  }
  if (rest === undefined) return undefined;
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) {
    throw new HttpError(
      400,
      "invalid-request",
      `bucket_path ${JSON.stringify(value)} names no object after the bucket`,
    );
  }
  const path = rest.slice(slash + 1);
  try {
    return { bucket: rest.slice(0, slash), path: encoded ? decodeURIComponent(path) : path };
  } catch {
    throw new HttpError(400, "invalid-request", `bucket_path ${JSON.stringify(value)} is not a valid URL`);
  }
}

/**
 * Validates the request fields, answering 400 with the first problem; 403 for a bucket not allowed. `bucket_path`
 * is an object path (with `bucket_name` or the first allowed bucket), or a URL naming its bucket
 * (`splitBucketUrl`); a URL's bucket must agree with `bucket_name` when both are given.
 */
export function parseHeaderRequest(
  input: { bucket_path: unknown; bucket_name: unknown },
  allowed: readonly string[],
): {
  bucket: string;
  path: string;
} {
  const url = typeof input.bucket_path === "string" ? splitBucketUrl(input.bucket_path) : undefined;
  const named = input.bucket_name === undefined || input.bucket_name === "" ? undefined : input.bucket_name;
  if (url && named !== undefined && named !== url.bucket) {
    throw new HttpError(
      400,
      "invalid-request",
      `bucket_name ${JSON.stringify(named)} contradicts the bucket ${url.bucket} in bucket_path`,
    );
  }
  const r = HeaderRequest.safeParse({
    bucket_path: url ? url.path : input.bucket_path,
    bucket_name: url ? url.bucket : named,
  });
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new HttpError(
      400,
      "invalid-request",
      issue.path[0] === "bucket_name" ? `bucket_name: ${issue.message}` : issue.message,
    );
  }
  const bucket = r.data.bucket_name ?? allowed[0]!;
  if (!allowed.includes(bucket)) {
    throw new HttpError(
      403,
      "bucket-not-allowed",
      `bucket ${bucket} is not one this service reads (allowed: ${allowed.join(", ")})`,
    );
  }
  return { bucket, path: r.data.bucket_path };
}
