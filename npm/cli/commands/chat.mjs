// `m8tes agent chat ID`: a conversation in one run. The first line starts the run, each next
// line is a reply in it; `/clear` starts over, `/resume RUN_ID` continues an older run.
// Ctrl-C stops the reply being streamed, Ctrl-D (end of input) or `/exit` leaves.
import { parseId } from "../args.mjs";
import { EXIT, describeFailure } from "../failure.mjs";
import { createRenderer } from "../render/index.mjs";
import { terminalText } from "../render/text.mjs";
import { followRun } from "../run-follow.mjs";
import { openSession } from "../session.mjs";
import { cancelQuietly, detectAgent } from "./agent.mjs";
import { APPROVAL, OUTPUT, PLAN, USER_ID, permissionParams, userScope } from "./options.mjs";

const COMMANDS_HELP = "/exit or /quit leaves, /clear starts a new run, /resume RUN_ID continues a run";

export const chat = {
  name: "chat",
  aliases: ["ch"],
  summary: "Chat with an agent, each line a turn in the same run",
  usage: "m8tes agent chat [ID] [--resume RUN_ID] [--approval | --plan] [--user-id ID] [--output MODE]",
  description: [
    "An interactive conversation with agent ID (without it, your most recently created enabled",
    "agent, as `agent task` picks it). The first line starts a run (or, with --resume, replies",
    "in run RUN_ID); each next line is a reply in that run, streamed as it arrives.",
    `In the chat: ${COMMANDS_HELP}.`,
    "Ctrl-C stops the reply being streamed (and the run's turn) without leaving; Ctrl-D leaves.",
  ],
  positionals: [{ name: "ID", kind: "id", leading: true }],
  options: [{ name: "resume", value: "RUN_ID", help: "continue this earlier run instead of starting one" }, APPROVAL, PLAN, USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    const permission = { ...permissionParams(options), ...userScope(options) };
    const resumeId = options.resume === undefined ? null : parseId("--resume", options.resume);
    const { client, pkg } = await openSession(ctx);
    const t = ctx.terminal;
    const mate = await client.teammates.get(args.ID ?? (await detectAgent(ctx, client, options)));
    t.err(`chatting with ${terminalText(mate.name)} (agent ${mate.id}); ${COMMANDS_HELP}\n`);
    const renderer = createRenderer(options.output, t);
    let runId = resumeId == null ? null : (await client.runs.get(resumeId)).id;
    if (runId != null) t.err(`(resumed run ${runId}: the next line replies in it)\n`);
    const shownFiles = new Set();
    // Ctrl-C at the prompt (not during a reply) only explains how to leave.
    const releasePromptInterrupt = t.onInterrupt(() => t.err("\n(Ctrl-D or /exit leaves)\n"));
    try {
      for (;;) {
        const line = await t.ask("you> ");
        if (line === null) break;
        const text = line.trim();
        if (!text) continue;
        if (text === "/exit" || text === "/quit") break;
        if (text === "/clear") {
          runId = null;
          shownFiles.clear();
          t.err("(new conversation: the next line starts a new run)\n");
          continue;
        }
        if (text === "/resume" || text.startsWith("/resume ")) {
          runId = (await resume(client, t, text.slice("/resume".length).trim())) ?? runId;
          continue;
        }
        if (text.startsWith("/")) {
          t.err(`unknown command ${terminalText(text.split(/\s/)[0])}: ${COMMANDS_HELP}\n`);
          continue;
        }
        runId = await turn({ client, pkg, t, renderer, options, runId, message: text, mateId: mate.id, permission, shownFiles });
      }
    } finally {
      releasePromptInterrupt();
    }
    return EXIT.OK;
  },
};

/** One line of the conversation; returns the run the conversation is now in. */
async function turn({ client, pkg, t, renderer, options, runId, message, mateId, permission, shownFiles }) {
  const open = runId == null
    ? () => client.runs.create({ message, teammate_id: mateId, ...permission })
    : () => client.runs.reply(runId, { message });
  let outcome;
  try {
    outcome = await followRun({ client, terminal: t, renderer, open, options, runId });
  } catch (error) {
    // One failed turn does not end the chat; a lost login does.
    if (error instanceof pkg.AuthenticationError) throw error;
    t.endLine();
    t.err(`m8tes: ${terminalText(describeFailure(error, pkg).message)}\n`);
    return runId;
  }
  if (outcome.stopped) {
    renderer.stopped();
    await cancelQuietly(client, outcome.runId);
    return outcome.runId ?? runId;
  }
  const fresh = (outcome.files ?? []).filter((f) => !shownFiles.has(f.name));
  fresh.forEach((f) => shownFiles.add(f.name));
  renderer.finish({ run: outcome.run, files: fresh });
  return outcome.run.id;
}

/** `/resume RUN_ID`: the run to continue, or null (with the reason shown) when it cannot be. */
async function resume(client, t, argument) {
  let id;
  try {
    id = parseId("RUN_ID", argument);
  } catch (error) {
    t.err(`${error.message} (usage: /resume RUN_ID)\n`);
    return null;
  }
  try {
    const run = await client.runs.get(id);
    t.err(`(resumed run ${run.id}, ${terminalText(run.status)}: the next line replies in it)\n`);
    return run.id;
  } catch (error) {
    t.err(`cannot resume run ${id}: ${terminalText(error.message ?? error)}\n`);
    return null;
  }
}
