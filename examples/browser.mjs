// A browser page: streams a run's text into the page as it is written. The key and server come
// from the page's fragment (#key=…&base=…), which never reaches a server; in production, give
// the browser a key of its own, never your account's.
import { M8tes } from "@m8tes/wasm";

const params = new URLSearchParams(location.hash.slice(1));
const client = new M8tes({ apiKey: params.get("key"), baseUrl: params.get("base") ?? undefined });
const output = document.querySelector("#output");

const stream = client.runs.create({ message: "Draft a welcome email for new customers" });
for await (const text of stream.textStream()) output.textContent += text;
document.body.dataset.runId = String(stream.runId);
