// The calls made before there is a key (wire.md §2.11): `signup` opens an account and gives its
// first key, `getToken` trades the email and password for a new one. Against the real server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();

test("signup gives a working key; getToken mints a new one and retires the old", async () => {
  const { pkg, server } = ctx;
  const email = `sign-${uniqueSuffix()}@example.com`;
  const password = "correct horse battery staple";
  const grant = await pkg.signup({ email, password, first_name: "Ada" }, { baseUrl: server.baseUrl });
  assert.match(grant.api_key, /^m8_/);
  assert.equal(grant.email, email);
  const client = new pkg.M8tes({ apiKey: grant.api_key, baseUrl: server.baseUrl });
  assert.ok(Array.isArray((await client.teammates.list()).data));

  await assert.rejects(pkg.signup({ email, password, first_name: "Ada" }, { baseUrl: server.baseUrl }), pkg.ConflictError);

  const token = await pkg.getToken({ email, password }, { baseUrl: server.baseUrl });
  assert.match(token.api_key, /^m8_/);
  assert.notEqual(token.api_key, grant.api_key);
  await assert.rejects(client.teammates.list(), pkg.AuthenticationError);
  await assert.rejects(pkg.getToken({ email, password: "wrong" }, { baseUrl: server.baseUrl }), pkg.AuthenticationError);
});
