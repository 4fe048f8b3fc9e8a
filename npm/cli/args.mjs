// Parses one command's arguments against its spec: positionals, `--name value`, `--name=value`,
// `-x value`, boolean flags, `--` ending the options. Anything else is a UsageError.
import { UsageError } from "./failure.mjs";

/**
 * A spec: `{ positionals: [{ name, kind?, rest?, optional?, choices? }], options: [{ name, short?,
 * value?, choices?, default?, many? }] }`.
 * `value` names the option's argument (`"MODE"`); an option without it is a boolean flag.
 * `many: true` collects a list: the words after the flag up to the next option (`--tools gmail
 * slack`, as SDK 4.49's argparse `nargs="+"`), split on commas too, and repeats add to it.
 * `kind: "id"` makes a positional a positive integer (D12: resource ids are integers); `rest`
 * makes the last one take every remaining word, joined by spaces (`agent task 7 say hello`);
 * `optional` lets the last one be left out; `leading` makes the first one optional, taken only
 * when the first word is a number (SDK 4.49's `agent task [agent_id] message`).
 * Returns `{ help: true }` when --help/-h is among the options, whatever else is wrong.
 */
export function parseArgs(spec, argv) {
  const options = spec.options ?? [];
  let wanted = spec.positionals ?? [];
  const values = {};
  const positionals = [];
  for (const option of options) {
    if (option.value === undefined) values[option.name] = false;
    else if (option.default !== undefined) values[option.name] = option.default;
  }

  // --help wins over every other problem, so `m8tes mate task --help` works without an ID.
  const beforeDashes = argv.indexOf("--") === -1 ? argv : argv.slice(0, argv.indexOf("--"));
  if (beforeDashes.includes("--help") || beforeDashes.includes("-h")) return { help: true };

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const [flag, inline] = splitInline(arg);
    const option = options.find((o) => (flag.startsWith("--") ? `--${o.name}` === flag : o.short && `-${o.short}` === flag));
    if (!option) throw new UsageError(`unknown option ${flag}`);
    if (option.value === undefined) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      values[option.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (index + 1 >= argv.length) throw new UsageError(`${flag} needs a value (${option.value})`);
      value = argv[++index];
    }
    if (option.many) {
      const words = [value];
      while (inline === undefined && index + 1 < argv.length && !argv[index + 1].startsWith("-")) words.push(argv[++index]);
      const items = words.flatMap((w) => w.split(",")).map((w) => w.trim()).filter(Boolean);
      values[option.name] = [...(values[option.name] ?? []), ...items];
      continue;
    }
    if (option.choices && !option.choices.includes(value)) {
      throw new UsageError(`${flag} must be one of ${option.choices.join(", ")}, got "${value}"`);
    }
    values[option.name] = value;
  }

  if (wanted[0]?.leading && !/^[0-9]+$/.test(positionals[0] ?? "")) wanted = wanted.slice(1);
  const required = wanted.filter((p) => !p.optional);
  if (positionals.length < required.length) {
    throw new UsageError(`missing ${required.slice(positionals.length).map((p) => p.name).join(" ")}`);
  }
  const last = wanted.at(-1);
  if (last?.rest && positionals.length > wanted.length) {
    positionals.splice(wanted.length - 1, Infinity, positionals.slice(wanted.length - 1).join(" "));
  }
  if (positionals.length > wanted.length) {
    throw new UsageError(`unexpected argument "${positionals[wanted.length]}"`);
  }
  const named = {};
  wanted.forEach((p, i) => {
    if (i >= positionals.length) return;
    const text = positionals[i];
    if (p.choices && !p.choices.includes(text)) throw new UsageError(`${p.name} must be one of ${p.choices.join(", ")}, got "${text}"`);
    named[p.name] = p.kind === "id" ? parseId(p.name, text) : text;
  });
  return { help: false, args: named, options: values };
}

function splitInline(arg) {
  if (!arg.startsWith("--")) return [arg, undefined];
  const eq = arg.indexOf("=");
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** A resource id: digits only, as the API's ids are integers. */
export function parseId(name, text) {
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) === 0) {
    throw new UsageError(`${name} must be a positive whole number, got "${text}"`);
  }
  return Number(text);
}
