import { readStoredHeader } from "@panoptes/fits-storage";
import {
  handleJsonRequest,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  type ObjectStore,
  PipelineError,
  requestParam,
} from "@panoptes/platform";
import { parseHeaderRequest } from "./request";

export interface Deps {
  store: ObjectStore;
  authenticate: (req: HttpRequest) => Promise<string>;
  allowedOrigins: readonly string[];
  buckets: readonly string[];
  maxHeaderBytes: number;
  logger: Logger;
}

/** How stored-file failures answer: missing object 404, unreadable FITS 422. */
function classify(err: unknown): { status: number; code: string } | undefined {
  if (!(err instanceof PipelineError)) return undefined;
  if (err.code === "object-not-found") return { status: 404, code: err.code };
  if (err.code.startsWith("fits-")) return { status: 422, code: err.code };
  return undefined;
}

/**
 * `POST {"bucket_path", "bucket_name"?}` or `GET ?bucket_path=&bucket_name=` → `{"success": true, "header":
 * {KEY: value}, "cards": [{keyword, value, comment}], "hdu": n}` for the image HDU (1 for a tile-compressed
 * file). Reads only the header blocks (ranged reads); logs the bytes read.
 */
export async function handleGetFitsHeader(req: HttpRequest, res: HttpResponse, deps: Deps): Promise<void> {
  await handleJsonRequest(
    req,
    res,
    { allowedOrigins: deps.allowedOrigins, authenticate: deps.authenticate, classify, log: deps.logger },
    async (request) => {
      const { bucket, path } = parseHeaderRequest(
        {
          bucket_path: requestParam(request, "bucket_path"),
          bucket_name: requestParam(request, "bucket_name"),
        },
        deps.buckets,
      );
      const info = await deps.store.stat(bucket, path);
      if (!info)
        throw new PipelineError("object-not-found", `gs://${bucket}/${path} does not exist`, "permanent");
      const h = await readStoredHeader(
        deps.store,
        { bucket, path, generation: info.generation, size: info.size },
        { maxHeaderBytes: deps.maxHeaderBytes },
      );
      deps.logger.info("header read", {
        bucket,
        bucket_path: path,
        bytes_read: h.bytesRead,
        requests: h.requests,
        size: info.size,
        hdu: h.hdu,
      });
      return { header: h.header, cards: h.cards, hdu: h.hdu };
    },
  );
}
