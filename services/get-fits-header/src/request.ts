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
      "bucket_path is relative to the bucket (no leading / or gs://)",
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

/** Validates the request fields, answering 400 with the first problem; 403 for a bucket not allowed. */
export function parseHeaderRequest(
  input: { bucket_path: unknown; bucket_name: unknown },
  allowed: readonly string[],
): {
  bucket: string;
  path: string;
} {
  const r = HeaderRequest.safeParse({
    bucket_path: input.bucket_path,
    bucket_name: input.bucket_name === undefined || input.bucket_name === "" ? undefined : input.bucket_name,
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
