// Deliberate type errors, one per line marked `// ERROR`. types.test.mjs compiles this file and
// requires tsc to report an error on every marked line and on no other line.
import { M8tes, Webhooks, RateLimitError, APIError } from "@m8tes/wasm";

export async function misuse(client: M8tes): Promise<void> {
  new M8tes({ apiKey: 42 }); // ERROR: apiKey is a string
  new M8tes({ timeout: "10s" }); // ERROR: timeout is milliseconds
  new M8tes({ fetchOptions: { keepalive: "yes" } }); // ERROR: keepalive is a boolean
  new M8tes({ logLevel: "verbose" }); // ERROR: not a log level
  await client.teammates.create({}); // ERROR: name is required
  await client.memories.create({ user_id: "u" }); // ERROR: content is required
  await client.runs.approve(1, { request_id: "r", decision: "maybe" }); // ERROR: allow | deny
  await client.runs.create({ message: "x", stream: false, permission_mode: "yolo" }); // ERROR: not a mode
  const name: number = (await client.teammates.get(1)).name; // ERROR: name is a string
  void name;
  await client.runs.nonexistent(); // ERROR: no such method
  await client.runs.downloadFile(1); // ERROR: the filename is required
  for await (const e of client.runs.create({ message: "x", stream: false })) void e; // ERROR: a Promise<Run> is not iterable
  for await (const e of client.runs.create({ message: "x" })) {
    if (e.type === "text-delta") void e.toolName; // ERROR: text-delta has no toolName
  }
  await client.memories.update(1, { user_id: "u" }); // ERROR: content or audience is required
  await client.memories.update(1, { audience: "everyone" }); // ERROR: personal | company
  await client.runs.list({ archived: "all" }); // ERROR: exclude | only | include
  await client.runs.retry(1, { confirm: "yes" }); // ERROR: confirm is a boolean
  await client.runs.create({ message: "x", files: [new Uint8Array([1])] }); // ERROR: bytes need a name
  const verified_: boolean = await client.auth.resendVerify(); // ERROR: it is a sentence
  void verified_;
  await client.tasks.lessons.delete(1, 2); // ERROR: a lesson id is a string
  const verified: string = Webhooks.verifySignature({ body: "b", headers: {}, secret: "s" }); // ERROR: it is a boolean
  void verified;
  Webhooks.verifySignature({ body: 123, headers: {}, secret: "s" }); // ERROR: body is bytes or a string
  const err = new Error("x");
  if (err instanceof RateLimitError) {
    const wait: string = err.retryAfter; // ERROR: retryAfter is seconds
    void wait;
  }
  if (err instanceof APIError) {
    const status: number = err.status; // ERROR: null for a request refused before sending
    void status;
  }
  const id: string = (await client.runs.get(1).withResponse()).request_id; // ERROR: null when the server sent none
  void id;
}
