// The common setup of a CLI test file: the installed `m8tes`, a fresh `m8tes-local`, and a
// teammate to run things on.
import { after, before } from "node:test";
import { randomBytes } from "node:crypto";
import { startServer } from "../../npm/harness/server.mjs";
import { forbid, installCli, makeHome } from "./cli.mjs";

export function useCliAndServer({ speed = "instant" } = {}) {
  const ctx = {};
  const homes = [];
  before(async () => {
    ctx.bin = installCli().bin;
    ctx.server = await startServer({ speed });
    forbid(ctx.server.apiKey);
    /** An environment logged in by variables (auth itself is tested in auth.test.mjs). */
    ctx.env = { M8TES_API_KEY: ctx.server.apiKey, M8TES_BASE_URL: ctx.server.baseUrl };
    ctx.home = () => {
      const made = makeHome();
      homes.push(made);
      return made.home;
    };
    ctx.createMate = async (fields = {}) => {
      const { status, json, text } = await ctx.server.api("/teammates/", {
        method: "POST",
        body: { name: `cli mate ${randomBytes(3).toString("hex")}`, tools: ["gmail", "slack", "linear", "stripe"], ...fields },
      });
      if (status !== 201 && status !== 200) throw new Error(`creating a teammate answered ${status}: ${text}`);
      return json;
    };
  });
  after(async () => {
    await ctx.server?.stop();
    for (const made of homes) made.cleanup();
  });
  return ctx;
}

export const uniqueEmail = () => `cli-${randomBytes(5).toString("hex")}@example.test`;
