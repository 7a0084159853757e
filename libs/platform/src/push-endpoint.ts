/**
 * The Cloud Run binding of a message handler: an HTTP endpoint for authenticated Pub/Sub push subscriptions.
 * Pub/Sub POSTs `{message: {data: base64, attributes, messageId, publishTime}, subscription}`; a 2xx answer
 * acknowledges the message, anything else makes Pub/Sub redeliver it with backoff.
 */
import { OAuth2Client } from "google-auth-library";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ConfigError, errorInfo, errorKind } from "./errors";
import type { Logger } from "./logging";
import { eventBody } from "./pubsub";

/** The body of a Pub/Sub push request (JSON). */
export const PushEnvelope = z.object({
  message: z.object({
    /** base64 of the message body; absent for a message with attributes only */
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().min(1),
    /** RFC 3339 */
    publishTime: z.string().optional(),
  }),
  /** `projects/P/subscriptions/S` */
  subscription: z.string().min(1),
  deliveryAttempt: z.number().int().optional(),
});
export type PushEnvelope = z.infer<typeof PushEnvelope>;

/** Settings of push authentication, for a service's config schema (`BaseConfig.extend(PushAuthSettings.shape)`). */
export const PushAuthSettings = z.object({
  PUSH_AUTH: z
    .enum(["on", "off"])
    .default("on")
    .describe("verify the OIDC token of each push request; off only on the emulators"),
  PUSH_AUDIENCE: z
    .string()
    .min(1)
    .optional()
    .describe("the audience the push subscription's token names (by default the service's URL)"),
  PUSH_SERVICE_ACCOUNT: z
    .string()
    .email()
    .optional()
    .describe("the service account the push subscription signs as; any verified Google identity when unset"),
});
export type PushAuthSettings = z.infer<typeof PushAuthSettings>;

/** Public keys by key id (PEM), as Google publishes them for ID tokens. */
export type SigningKeys = Record<string, string>;

/** How push requests are authenticated: the token's audience and signer, and where the keys come from. */
export interface PushAuth {
  audience: string;
  serviceAccountEmail?: string;
  /** the keys tokens are checked against; Google's (fetched and cached by google-auth-library) by default */
  keys?: () => Promise<SigningKeys>;
}

/** PushAuth from the settings: undefined when PUSH_AUTH is off; a ConfigError when on without an audience. */
export function pushAuthFrom(settings: PushAuthSettings): PushAuth | undefined {
  if (settings.PUSH_AUTH === "off") return undefined;
  if (!settings.PUSH_AUDIENCE)
    throw new ConfigError(
      "PUSH_AUDIENCE is required when PUSH_AUTH is on (set PUSH_AUTH=off on the emulators)",
    );
  return {
    audience: settings.PUSH_AUDIENCE,
    ...(settings.PUSH_SERVICE_ACCOUNT ? { serviceAccountEmail: settings.PUSH_SERVICE_ACCOUNT } : {}),
  };
}

/** An HTTP answer the endpoint gives before (or instead of) running the handler. */
class PushRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PushRejection";
  }
}

const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

/** Checks `Authorization: Bearer <OIDC token>`: signature, expiry, audience, issuer and signer. */
function tokenVerifier(auth: PushAuth): (authorization: string | undefined) => Promise<void> {
  const client = new OAuth2Client();
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m)
      throw new PushRejection(
        401,
        "unauthenticated",
        "a push request needs Authorization: Bearer <OIDC token>",
      );
    let payload: { email?: string; email_verified?: boolean } | undefined;
    try {
      const ticket = auth.keys
        ? await client.verifySignedJwtWithCertsAsync(m[1]!, await auth.keys(), auth.audience, GOOGLE_ISSUERS)
        : await client.verifyIdToken({ idToken: m[1]!, audience: auth.audience });
      payload = ticket.getPayload();
    } catch (err) {
      throw new PushRejection(
        401,
        "unauthenticated",
        `the push token is not valid: ${(err as Error).message}`,
      );
    }
    if (
      auth.serviceAccountEmail &&
      (payload?.email !== auth.serviceAccountEmail || payload.email_verified !== true)
    ) {
      throw new PushRejection(
        403,
        "forbidden",
        `the push token is signed by ${payload?.email ?? "an unknown identity"}, not ${auth.serviceAccountEmail}`,
      );
    }
  };
}

/** Pub/Sub's largest message is 10 MB, ~13.4 MB as base64 in the envelope. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

async function requestBody(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  // Express (express.json()) has parsed it already; a raw body parser leaves a Buffer.
  let raw = req.body;
  if (raw === undefined) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        throw new PushRejection(413, "too-large", `the push body exceeds ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk);
    }
    raw = Buffer.concat(chunks);
  }
  if (typeof raw === "string" || Buffer.isBuffer(raw)) {
    try {
      return JSON.parse(raw.toString());
    } catch {
      throw new PushRejection(400, "invalid-json", "the push body is not JSON");
    }
  }
  return raw;
}

function answer(res: ServerResponse, status: number, body?: { code: string; message: string }): void {
  if (body) {
    res.statusCode = status;
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ error: body }));
  } else {
    res.statusCode = status;
    res.end();
  }
}

export interface PushEndpointOptions<D> {
  /** the message handler (e.g. handleObjectMessage(spec)): resolves to acknowledge, rejects to redeliver */
  handle: (data: unknown, deps: D) => Promise<unknown>;
  /** the handler's dependencies, asked per request (wrap them in lazy()) */
  getDeps: () => D;
  /** token verification; undefined turns it off (the emulators' push requests carry no token) */
  auth?: PushAuth;
  logger?: Logger;
}

/**
 * An express / node:http handler for a Pub/Sub push subscription: POST only (405), the OIDC token verified when
 * `auth` is set (401, 403), the envelope validated (400), then the message body (decoded as eventBody does) goes
 * to `handle`. Answers 204 when it resolves (acknowledged), 503 when it rejects with a transient error and 500
 * on anything else (both redelivered).
 */
export function pushEndpoint<D>(
  options: PushEndpointOptions<D>,
): (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => Promise<void> {
  const verify = options.auth ? tokenVerifier(options.auth) : undefined;
  return async (req, res) => {
    let messageId: string | undefined;
    try {
      if (req.method !== "POST") {
        res.setHeader("Allow", "POST");
        throw new PushRejection(
          405,
          "method-not-allowed",
          `${req.method} is not allowed: Pub/Sub pushes POST`,
        );
      }
      if (verify) await verify(req.headers.authorization);
      const parsed = PushEnvelope.safeParse(await requestBody(req));
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        throw new PushRejection(400, "invalid-envelope", `not a Pub/Sub push envelope: ${issues}`);
      }
      messageId = parsed.data.message.messageId;
      await options.handle(eventBody(parsed.data.message.data), options.getDeps());
      answer(res, 204);
    } catch (err) {
      if (err instanceof PushRejection) {
        options.logger?.warn(`push request rejected: ${err.message}`, { status: err.status, code: err.code });
        return answer(res, err.status, { code: err.code, message: err.message });
      }
      const known = errorKind(err) === "transient" && (err as { code?: unknown }).code !== undefined;
      const status = known ? 503 : 500;
      options.logger?.error(
        `message ${messageId ?? "?"} not handled, Pub/Sub will redeliver: ${(err as Error).message}`,
        {
          status,
          message_id: messageId,
          error: errorInfo(err),
        },
      );
      answer(
        res,
        status,
        status === 503 ? errorInfo(err) : { code: "internal", message: "the handler failed" },
      );
    }
  };
}
