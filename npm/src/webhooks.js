// Webhooks (D10): synchronous, no client needed. The checks run in Rust on protocol's signer.

import { webhookSign, webhookUnwrap, webhookVerify } from "../wasm/m8tes.js";

export const Webhooks = {
  /** `true` for an authentic delivery; never throws. */
  verifySignature({ body, headers, secret, toleranceSeconds } = {}) {
    try {
      return webhookVerify(body, headers, secret, toleranceSeconds);
    } catch {
      return false;
    }
  },

  /** The parsed event, or a WebhookVerificationError with a `reason`. */
  unwrap(body, headers, secret, { toleranceSeconds } = {}) {
    return JSON.parse(webhookUnwrap(body, headers, secret, toleranceSeconds));
  },

  /** `{ "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature" }` for `body`. */
  sign({ body, secret, id, timestamp }) {
    return webhookSign(body, secret, id, timestamp);
  },
};
