// A Cloudflare Worker that uses @m8tes/wasm the way the README tells people to: verify webhook
// deliveries at the edge, and start a run and stream it straight back to the caller.
import { M8tes, Webhooks, WebhookVerificationError } from "@m8tes/wasm";

/** What this isolate has received, so the test can replay a real delivery with one change. */
const received = [];

export default {
  async fetch(request, env) {
    const url = new URL(request.url);

    // Strict form: unwrap checks a 300 s window and says why it refused.
    if (url.pathname === "/webhook" && request.method === "POST") {
      const raw = await request.text();
      const headers = Object.fromEntries(request.headers);
      try {
        const event = Webhooks.unwrap(raw, request.headers, env.WEBHOOK_SECRET);
        received.push({ raw, headers, ok: true, event: event.event });
        return Response.json({ ok: true, event: event.event, run_id: event.run_id });
      } catch (err) {
        const reason = err instanceof WebhookVerificationError ? err.reason : `unexpected ${err?.constructor?.name}`;
        received.push({ raw, headers, ok: false, reason });
        return Response.json({ ok: false, reason }, { status: 401 });
      }
    }

    // Boolean form, as in the Python SDK, with a tolerance.
    if (url.pathname === "/webhook-bool" && request.method === "POST") {
      const body = new Uint8Array(await request.arrayBuffer());
      const ok = Webhooks.verifySignature({ body, headers: request.headers, secret: env.WEBHOOK_SECRET, toleranceSeconds: 300 });
      return new Response(ok ? "ok" : "bad signature", { status: ok ? 200 : 401 });
    }

    if (url.pathname === "/received") return Response.json(received);

    if (url.pathname === "/stream") {
      const client = new M8tes({ apiKey: env.M8TES_API_KEY, baseUrl: env.M8TES_BASE_URL });
      const stream = client.runs.create({
        message: url.searchParams.get("message") ?? "hello",
        tools: (url.searchParams.get("tools") ?? "").split(",").filter(Boolean),
      });
      return new Response(stream.toReadableStream(), {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }

    return new Response("routes: POST /webhook, POST /webhook-bool, GET /received, GET /stream\n", { status: 404 });
  },
};
