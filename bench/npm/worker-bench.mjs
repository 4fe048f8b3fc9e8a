// The Worker the workerd benchmarks load. GET /verify?impl=<name>&n=<count>&size=<bytes> runs
// `count` verifications of the shared delivery (1 KiB unless asked) inside the isolate. Time cannot be read inside
// workerd (its clock only moves on I/O), so the caller times the request from outside.
import { Webhooks } from "@m8tes/wasm";
import { prepare } from "./webhook-cases.mjs";

const prepared = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/verify") return new Response("ready", { status: 404 });
    const size = Number(url.searchParams.get("size") ?? 1024);
    if (!prepared.has(size)) prepared.set(size, await prepare(Webhooks, size));
    const verify = prepared.get(size).verifiers[url.searchParams.get("impl")];
    if (!verify) return new Response("unknown impl", { status: 400 });
    const n = Number(url.searchParams.get("n") ?? 1);
    let ok = 0;
    for (let i = 0; i < n; i++) if ((await verify()) === true) ok++;
    return Response.json({ ok, n });
  },
};
