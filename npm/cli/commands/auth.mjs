// `m8tes auth login | logout | status`: getting a key, keeping it, and showing whose it is.
import { credentialsPath, removeCredentials, writeCredentials } from "../credentials.mjs";
import { CliError, EXIT, NotAuthenticatedError, UsageError } from "../failure.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { loginBaseUrl, openSession } from "../session.mjs";
import { OUTPUT } from "./options.mjs";

export const login = {
  path: ["auth", "login"],
  summary: "Log in with email and password, or store an API key",
  usage: "m8tes auth login [--api-key KEY | --api-key -] [--base-url URL]",
  description: [
    "Asks for your email and password and exchanges them for an API key (POST /token), or",
    "takes a key with --api-key (`--api-key -` reads it from stdin, keeping it out of your",
    "shell history). The key is checked against the API, then stored in",
    "$XDG_CONFIG_HOME/m8tes/credentials.json (else ~/.config/m8tes/credentials.json),",
    "readable by you only. M8TES_API_KEY and M8TES_BASE_URL, when set, override it.",
  ],
  options: [
    { name: "api-key", value: "KEY", help: "store this key instead of logging in by password (- reads stdin)" },
    { name: "base-url", value: "URL", help: "the API to log in to (default: $M8TES_BASE_URL, else https://api.m8tes.ai/api/v2)" },
    OUTPUT,
  ],
  async run(ctx, { options }) {
    const { terminal, env } = ctx;
    const baseUrl = loginBaseUrl(options["base-url"], env);
    const pkg = await ctx.loadPackage();
    let apiKey = options["api-key"];
    let email;
    if (apiKey === "-") {
      apiKey = await terminal.ask("API key: ", { hidden: true });
      if (!apiKey?.trim()) throw new UsageError("no API key on stdin");
      apiKey = apiKey.trim();
    } else if (apiKey === undefined) {
      email = (await terminal.ask("Email: "))?.trim();
      if (!email) throw new UsageError("no email given");
      const password = await terminal.ask("Password: ", { hidden: true });
      if (!password) throw new UsageError("no password given");
      terminal.addSecret(password);
      apiKey = await exchangePassword(pkg, { baseUrl, email, password });
    }
    if (!apiKey) throw new UsageError("--api-key needs a key");
    terminal.addSecret(apiKey);

    // A key that cannot read its own usage is not worth storing.
    const client = new pkg.M8tes({ apiKey, baseUrl, logLevel: process.env.M8TES_LOG || "off" });
    let usage;
    try {
      usage = await client.auth.getUsage();
    } catch (error) {
      if (error instanceof pkg.AuthenticationError) throw new NotAuthenticatedError("the API refused this key; nothing was stored");
      throw error;
    }
    const path = credentialsPath(env);
    await writeCredentials(path, { api_key: apiKey, base_url: baseUrl, ...(email ? { email } : {}) });

    if (options.output === "json") {
      terminal.out(jsonLine({ logged_in: true, base_url: baseUrl, email: email ?? null, credentials: path, plan: usage.plan }));
    } else {
      terminal.out(`logged in to ${terminalText(baseUrl)}${email ? ` as ${terminalText(email)}` : ""} (plan ${terminalText(usage.plan)})\n`);
      terminal.out(`key stored in ${path}\n`);
    }
    if (env.M8TES_API_KEY) terminal.err("note: M8TES_API_KEY is set and overrides the stored key\n");
    return EXIT.OK;
  },
};

/** POST /token through the package: the password is traded for a fresh key. */
async function exchangePassword(pkg, { baseUrl, email, password }) {
  let answer;
  try {
    answer = await pkg.getToken({ email, password }, { baseUrl });
  } catch (error) {
    if (error instanceof pkg.AuthenticationError) throw new NotAuthenticatedError("wrong email or password");
    throw error;
  }
  if (typeof answer?.api_key !== "string" || !answer.api_key) {
    throw new CliError("the server's token answer carried no api_key", EXIT.SERVER);
  }
  return answer.api_key;
}

export const logout = {
  path: ["auth", "logout"],
  summary: "Forget the stored API key",
  usage: "m8tes auth logout",
  description: ["Deletes the stored credentials file. (A key in M8TES_API_KEY is not touched.)"],
  options: [OUTPUT],
  async run({ terminal, env }, { options }) {
    const path = credentialsPath(env);
    const removed = await removeCredentials(path);
    if (options.output === "json") terminal.out(jsonLine({ logged_out: removed, credentials: path }));
    else terminal.out(removed ? `logged out (removed ${path})\n` : "not logged in: nothing to remove\n");
    if (env.M8TES_API_KEY) terminal.err("note: M8TES_API_KEY is still set in this environment\n");
    return EXIT.OK;
  },
};

export const status = {
  path: ["auth", "status"],
  summary: "Show which API you are logged in to, and your usage",
  usage: "m8tes auth status [--output MODE]",
  description: ["Shows the base URL, where the key comes from, and the account's plan and usage. Never the key."],
  options: [OUTPUT],
  async run(ctx, { options }) {
    const { client, login: who } = await openSession(ctx);
    const usage = await client.auth.getUsage();
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine({ base_url: who.baseUrl, key_source: who.keySource, email: who.email ?? null, usage }));
      return EXIT.OK;
    }
    const rows = [
      ["base URL", `${who.baseUrl}${who.baseUrlSource === "default" ? "" : `  (from ${who.baseUrlSource})`}`],
      ["key", `from ${who.keySource}`],
      ...(who.email ? [["account", who.email]] : []),
      ["plan", usage.plan],
      ["runs", `${usage.runs_used} of ${usage.runs_limit} this period (ends ${usage.period_end})`],
      ["cost", `$${usage.cost_used} of $${usage.cost_limit}`],
      ...(usage.subscription_status ? [["subscription", usage.subscription_status]] : []),
    ];
    const shown = options.output === "compact" ? rows.filter(([label]) => ["base URL", "plan", "runs"].includes(label)) : rows;
    for (const [label, value] of shown) t.out(`${`${label}:`.padEnd(14)}${terminalText(value)}\n`);
    return EXIT.OK;
  },
};
