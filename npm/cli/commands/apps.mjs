// `m8tes apps …` (also `app`): the app catalog with each app's connection state, and the OAuth
// connection flow: start it, complete it, and disconnect.
import { EXIT, UsageError } from "../failure.mjs";
import { collectPages } from "../progress.mjs";
import { printJsonLines, printTable } from "../render/records.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { openSession } from "../session.mjs";
import { OUTPUT, userScope } from "./options.mjs";

const USER_ID = { name: "user-id", value: "ID", help: "the end user whose connection this is; default: the account's" };

export const list = {
  name: "list",
  aliases: ["ls"],
  summary: "List the apps and whether each is connected",
  usage: "m8tes apps list [--user-id ID] [--output MODE]",
  description: ["Lists every app an agent can use (its id for --tools), its category and its connection state."],
  options: [USER_ID, OUTPUT],
  async run(ctx, { options }) {
    const { client } = await openSession(ctx);
    const t = ctx.terminal;
    const apps = await collectPages(t, options, "apps", client.apps.list(userScope(options)));
    if (options.output === "json") {
      printJsonLines(t, apps);
      return EXIT.OK;
    }
    printTable(
      t,
      apps,
      [
        { title: "APP", value: (a) => a.name, compact: true },
        { title: "NAME", value: (a) => a.display_name },
        { title: "CATEGORY", value: (a) => a.category },
        { title: "STATUS", value: (a) => (a.connected ? "connected" : "not connected"), compact: true },
      ],
      options,
    );
    return EXIT.OK;
  },
};

export const connectOauth = {
  name: "connect-oauth",
  aliases: ["oauth"],
  summary: "Start an OAuth connection to an app",
  usage: "m8tes apps connect-oauth APP --redirect-uri URL [--user-id ID] [--output MODE]",
  description: [
    "Starts connecting APP: prints the authorization URL to send the user to, and the",
    "connection id. After the provider redirects back, finish with `m8tes apps",
    "connect-complete APP CONNECTION_ID`.",
  ],
  positionals: [{ name: "APP" }],
  options: [{ name: "redirect-uri", value: "URL", help: "where the provider sends the user back (required)" }, USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    if (!options["redirect-uri"]) throw new UsageError("--redirect-uri is required");
    const { client } = await openSession(ctx);
    const started = await client.apps.connect(args.APP, { redirect_uri: options["redirect-uri"], ...userScope(options) });
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine(started));
      return EXIT.OK;
    }
    t.out(`authorization URL: ${terminalText(started.authorization_url)}\n`);
    t.out(`connection id:     ${terminalText(started.connection_id)}\n`);
    if (options.output === "verbose") {
      t.out(`send the user to the URL, then: m8tes apps connect-complete ${terminalText(args.APP)} ${terminalText(started.connection_id)}\n`);
    }
    return EXIT.OK;
  },
};

export const connectComplete = {
  name: "connect-complete",
  aliases: ["complete"],
  summary: "Complete an OAuth connection after the provider's redirect",
  usage: "m8tes apps connect-complete APP CONNECTION_ID [--user-id ID] [--output MODE]",
  description: [
    "Marks the connection that `apps connect-oauth` started as made. CONNECTION_ID is",
    "required here: SDK 4.49's account-level --claim-ticket has no counterpart in this API.",
  ],
  positionals: [{ name: "APP" }, { name: "CONNECTION_ID" }],
  options: [USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const result = await client.apps.connectComplete(args.APP, { connection_id: args.CONNECTION_ID, ...userScope(options) });
    if (options.output === "json") ctx.terminal.out(jsonLine(result));
    else ctx.terminal.out(`${terminalText(result.app)}: ${terminalText(result.status)}\n`);
    return EXIT.OK;
  },
};

export const disconnect = {
  name: "disconnect",
  aliases: ["rm"],
  summary: "Disconnect an app",
  usage: "m8tes apps disconnect APP [--user-id ID] [--output MODE]",
  description: ["Removes the connection to APP (the account's, or an end user's with --user-id)."],
  positionals: [{ name: "APP" }],
  options: [USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    await client.apps.disconnect(args.APP, userScope(options));
    if (options.output === "json") ctx.terminal.out(jsonLine({ app: args.APP, disconnected: true }));
    else ctx.terminal.out(`disconnected ${terminalText(args.APP)}\n`);
    return EXIT.OK;
  },
};
