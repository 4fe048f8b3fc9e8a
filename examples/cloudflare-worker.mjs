// A Cloudflare Worker: verifies m8tes webhook deliveries at the edge, and starts a run and
// streams it straight back to the caller. Bindings: M8TES_API_KEY, M8TES_WEBHOOK_SECRET and,
// for a server other than m8tes.ai, M8TES_BASE_URL.
import { M8tes, Webhooks, WebhookVerificationError } from "@m8tes/wasm";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);

    if (url.pathname === "/webhooks/m8tes" && request.method === "POST") {
      const body = await request.text();
      try {
        const event = Webhooks.unwrap(body, request.headers, env.M8TES_WEBHOOK_SECRET);
        console.log(event.event, event.run_id);
        return new Response("ok");
      } catch (err) {
        if (err instanceof WebhookVerificationError) return new Response(err.reason, { status: 401 });
        throw err;
      }
    }

    if (url.pathname === "/runs" && request.method === "POST") {
      const client = new M8tes({ apiKey: env.M8TES_API_KEY, baseUrl: env.M8TES_BASE_URL });
      const stream = client.runs.create({ message: await request.text() });
      return new Response(stream.toReadableStream(), { headers: { "content-type": "text/event-stream" } });
    }

    return new Response("not found", { status: 404 });
  },
};
