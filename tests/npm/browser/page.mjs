// Runs in headless Chromium, loaded from an origin other than the API's. The import map sends
// "@m8tes/wasm" to the package's browser entry, so this is the code a web app would write.
import { M8tes, NotFoundError } from "@m8tes/wasm";

const params = new URLSearchParams(location.search);
const client = new M8tes({ apiKey: params.get("key"), baseUrl: params.get("base") });

async function main() {
  const mate = await client.teammates.create({ name: `Browser mate ${Date.now()}`, tools: ["gmail"] });
  const page = await client.teammates.list();

  const stream = client.runs.create({ message: "Check my email and post to #general", tools: ["gmail", "slack"] });
  const types = [];
  const arrivals = [];
  for await (const event of stream) {
    types.push(event.type);
    arrivals.push(performance.now());
  }
  let notFound = null;
  try {
    await client.teammates.get(99999999);
  } catch (err) {
    notFound = { isClass: err instanceof NotFoundError, status: err.status };
  }
  return { mateId: mate.id, listedIds: page.data.map((t) => t.id), types, text: stream.text, runId: stream.runId, notFound };
}

main().then(
  (result) => {
    window.__result = result;
  },
  (err) => {
    window.__result = { error: `${err?.constructor?.name}: ${err?.message}\n${err?.stack}` };
  },
);
