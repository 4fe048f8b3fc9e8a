// A paused run's gates, answered at the terminal: tool approvals as y/n, questions by option
// number. Answers go back through the package (`runs.approve`, `runs.answer`).
import { CliError, EXIT } from "./failure.mjs";
import { preview, terminalText } from "./render/text.mjs";

const ASK_USER_QUESTION = "AskUserQuestion";

/**
 * Answers every pending gate of `runId` not answered yet (`answered` holds their request ids,
 * so a gate announced twice — by its event and by the run's status — is asked once).
 */
export async function answerGates({ client, terminal, renderer, runId, answered }) {
  const requests = await client.runs.permissions(runId);
  for (const request of Array.isArray(requests) ? requests : []) {
    if (request.status !== "pending" || answered.has(request.request_id)) continue;
    answered.add(request.request_id);
    if (request.tool_name === ASK_USER_QUESTION) {
      const answers = await askQuestions(terminal, request);
      await client.runs.answer(runId, { answers });
      renderer.answered(request, answers);
    } else {
      const decision = await askApproval(terminal, request);
      await client.runs.approve(runId, { request_id: request.request_id, decision });
      renderer.decision(request, decision);
    }
  }
}

async function askApproval(terminal, request) {
  const input = request.tool_input && Object.keys(request.tool_input).length ? ` ${preview(request.tool_input, 200)}` : "";
  const question = `Allow ${terminalText(request.tool_name)}${input}? [y/n] `;
  for (;;) {
    const line = await terminal.ask(question);
    // End of input is not consent.
    if (line === null) {
      terminal.err("no answer (end of input): denied\n");
      return "deny";
    }
    const word = line.trim().toLowerCase();
    if (word === "y" || word === "yes") return "allow";
    if (word === "n" || word === "no") return "deny";
    terminal.err("please answer y or n\n");
  }
}

/** D14: `tool_input.questions[]`, each answered with one option's label. */
async function askQuestions(terminal, request) {
  const questions = Array.isArray(request.tool_input?.questions) ? request.tool_input.questions : [];
  const answers = {};
  for (const q of questions) {
    const options = Array.isArray(q.options) ? q.options.filter((o) => typeof o?.label === "string") : [];
    if (options.length === 0) {
      throw new CliError(`the run asks "${terminalText(q.question)}" with no options to choose from`, EXIT.RUN_FAILED);
    }
    terminal.err(`${q.header ? `${terminalText(q.header)}: ` : ""}${terminalText(q.question)}\n`);
    options.forEach((option, index) => {
      const description = option.description ? ` — ${terminalText(option.description)}` : "";
      terminal.err(`  ${index + 1}. ${terminalText(option.label)}${description}\n`);
    });
    for (;;) {
      const line = await terminal.ask(`choose 1-${options.length}: `);
      if (line === null) {
        throw new CliError(`input ended before "${terminalText(q.question)}" was answered; the run stays paused`, EXIT.RUN_FAILED);
      }
      const choice = Number(line.trim());
      if (Number.isInteger(choice) && choice >= 1 && choice <= options.length) {
        answers[q.question] = options[choice - 1].label;
        break;
      }
      terminal.err(`please type a number from 1 to ${options.length}\n`);
    }
  }
  return answers;
}
