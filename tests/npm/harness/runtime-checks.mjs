// The checks every runtime and bundle must pass against the real server, written once and handed
// the package's namespace, so Deno, Bun and the bundled browser apps run the very same code:
// a run streamed with `for await`, a list paged, a typed error, a webhook signature verified.
// Plain ES2020 and Web APIs only: it runs unchanged in every runtime and bundle.

/**
 * `config`: `{ baseUrl, apiKey, webhook: { valid, invalid } }`, the two webhook cases being
 * entries of contract/vectors/webhook-signatures.json. Resolves to a JSON-safe summary that the
 * Node side asserts against the server's own record.
 */
export async function runChecks(pkg, config) {
  const { M8tes, NotFoundError, APIError, Webhooks } = pkg;
  const client = new M8tes({ apiKey: config.apiKey, baseUrl: config.baseUrl });

  const stream = client.runs.create({ message: "Check my email and post to #general", tools: ["gmail", "slack"] });
  const types = [];
  for await (const event of stream) types.push(event.type);

  const suffix = Math.random().toString(36).slice(2);
  const created = [];
  for (let i = 0; i < 3; i++) {
    created.push((await client.teammates.create({ name: `Paged mate ${i} ${suffix}` })).id);
  }
  const firstPage = await client.teammates.list({ limit: 2 });
  const pagedIds = [];
  for await (const mate of client.teammates.list({ limit: 2 })) pagedIds.push(mate.id);

  let notFound = null;
  try {
    await client.teammates.get(99999999);
  } catch (err) {
    notFound = { isNotFound: err instanceof NotFoundError, isAPIError: err instanceof APIError, status: err.status };
  }

  const signed = (c) => ({
    body: hexBytes(c.body_hex),
    headers: { "webhook-id": c.webhook_id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature },
    secret: c.secret,
  });
  const webhook = {
    valid: Webhooks.verifySignature(signed(config.webhook.valid)),
    invalid: Webhooks.verifySignature(signed(config.webhook.invalid)),
  };

  return {
    types,
    text: stream.text,
    runId: stream.runId,
    created,
    firstPageSize: firstPage.data.length,
    firstPageHasMore: firstPage.hasNextPage(),
    pagedIds,
    notFound,
    webhook,
  };
}

function hexBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
