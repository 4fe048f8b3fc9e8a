// Webhooks (D10): synchronous, no client needed. The checks run in Rust on protocol's signer.

import { webhookSign, webhookUnwrap, webhookVerify } from "../wasm/m8tes.js";

export const Webhooks = {
  /** `true` for an authentic delivery; never throws. */
  verifySignature(args) {
    try {
      return webhookVerify(args?.body, args?.headers, args?.secret, args?.toleranceSeconds);
    } catch {
      return false;
    }
  },

  /** The parsed event, or a WebhookVerificationError with a `reason`. */
  unwrap(body, headers, secret, options) {
    return JSON.parse(webhookUnwrap(body, headers, secret, options?.toleranceSeconds));
  },

  /** `{ "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature" }` for `body`. */
  sign(args) {
    return webhookSign(args?.body, args?.secret, args?.id, args?.timestamp);
  },
};
