import { isLookupError, LOOKUP_ERROR_HTTP_STATUS, type Resolve } from "@panoptes/lookup";
import {
  handleJsonRequest,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  requestParam,
} from "@panoptes/platform";

export interface Deps {
  resolve: Resolve;
  authenticate: (req: HttpRequest) => Promise<string>;
  allowedOrigins: readonly string[];
  logger: Logger;
}

/**
 * `GET ?search_string=…` or `POST {"search_string": …}` → `{"success": true, ra, dec, search_string, name,
 * source, aliases?}`; errors: 400 bad search string, 404 nothing found (naming the resolvers tried), 503 Sesame
 * down with nothing else matching, 401 unauthenticated, 405 other methods.
 */
export async function handleLookup(req: HttpRequest, res: HttpResponse, deps: Deps): Promise<void> {
  await handleJsonRequest(
    req,
    res,
    {
      allowedOrigins: deps.allowedOrigins,
      authenticate: deps.authenticate,
      classify: (err) =>
        isLookupError(err) ? { status: LOOKUP_ERROR_HTTP_STATUS[err.code], code: err.code } : undefined,
      log: deps.logger,
    },
    async (request) => {
      const started = performance.now();
      const resolution = await deps.resolve(requestParam(request, "search_string"));
      deps.logger.info("resolved", {
        search_string: resolution.search_string,
        source: resolution.source,
        ms: performance.now() - started,
      });
      return { ...resolution };
    },
  );
}
