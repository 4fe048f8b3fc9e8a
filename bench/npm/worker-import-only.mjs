// Cold start with the package imported and one verification on the first request, nothing else.
import { Webhooks } from "@m8tes/wasm";

export default {
  async fetch() {
    const ok = Webhooks.verifySignature({ body: "{}", headers: { "webhook-id": "a", "webhook-timestamp": "1", "webhook-signature": "v1=00" }, secret: "s" });
    return Response.json({ ok: ok ? 1 : 0, n: 1 });
  },
};
