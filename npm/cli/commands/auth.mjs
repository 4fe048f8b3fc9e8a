// `m8tes auth …` (also `a`): getting a key, keeping it, showing whose it is and what it has
// used, and asking for the verification email again.
import { credentialsPath, removeCredentials, writeCredentials } from "../credentials.mjs";
import { CliError, EXIT, NotAuthenticatedError, UsageError } from "../failure.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { loginBaseUrl, openSession } from "../session.mjs";
import { OUTPUT } from "./options.mjs";

export const login = {
  name: "login",
  aliases: ["l"],
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
  name: "logout",
  aliases: ["o"],
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
  name: "status",
  aliases: ["s"],
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

export const usage = {
  name: "usage",
  aliases: ["u"],
  summary: "Show the account's usage and limits this period",
  usage: "m8tes auth usage [--output MODE]",
  description: ["Shows the plan, the runs and the cost used of this period's limits, and when it ends."],
  options: [OUTPUT],
  async run(ctx, { options }) {
    const { client } = await openSession(ctx);
    const usage = await client.auth.getUsage();
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine(usage));
      return EXIT.OK;
    }
    const rows = [
      ["plan", usage.plan],
      ["runs", `${usage.runs_used} / ${usage.runs_limit}`],
      ["cost", `$${money(usage.cost_used)} / $${money(usage.cost_limit)}`],
      ["period ends", usage.period_end],
    ];
    for (const [label, value] of options.output === "compact" ? rows.slice(1, 3) : rows) t.out(`${`${label}:`.padEnd(14)}${terminalText(value)}\n`);
    return EXIT.OK;
  },
};

/** Cost is a decimal string on the wire (exact money); shown to the cent. */
function money(text) {
  const value = Number(text);
  return Number.isFinite(value) ? value.toFixed(2) : terminalText(text);
}

export const resendVerify = {
  name: "resend-verify",
  aliases: ["verify"],
  summary: "Send the account's verification email again",
  usage: "m8tes auth resend-verify [--output MODE]",
  description: ["Asks the API to send the verification link again and prints its answer."],
  options: [OUTPUT],
  async run(ctx, { options }) {
    const { client } = await openSession(ctx);
    const message = await client.auth.resendVerify();
    if (options.output === "json") ctx.terminal.out(jsonLine({ message }));
    else ctx.terminal.out(`${terminalText(message)}\n`);
    return EXIT.OK;
  },
};
