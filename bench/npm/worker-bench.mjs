// The Worker the workerd benchmarks load. GET /verify?impl=<name>&n=<count> runs `count`
// verifications of the shared 1 KiB delivery inside the isolate. Time cannot be read inside
// workerd (its clock only moves on I/O), so the caller times the request from outside.
import { Webhooks } from "@m8tes/wasm";
import { prepare } from "./webhook-cases.mjs";

let prepared;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/verify") return new Response("ready", { status: 404 });
    prepared ??= await prepare(Webhooks);
    const verify = prepared.verifiers[url.searchParams.get("impl")];
    if (!verify) return new Response("unknown impl", { status: 400 });
    const n = Number(url.searchParams.get("n") ?? 1);
    let ok = 0;
    for (let i = 0; i < n; i++) if ((await verify()) === true) ok++;
    return Response.json({ ok, n });
  },
};
