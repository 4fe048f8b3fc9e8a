// Parses one command's arguments against its spec: positionals, `--name value`, `--name=value`,
// `-x value`, boolean flags, `--` ending the options. Anything else is a UsageError.
import { UsageError } from "./failure.mjs";

/**
 * A spec: `{ positionals: [{ name, kind? }], options: [{ name, short?, value?, choices?, default? }] }`.
 * `value` names the option's argument (`"MODE"`); an option without it is a boolean flag.
 * `kind: "id"` makes a positional a positive integer (D12: resource ids are integers).
 * Returns `{ help: true }` when --help/-h is among the options, whatever else is wrong.
 */
export function parseArgs(spec, argv) {
  const options = spec.options ?? [];
  const wanted = spec.positionals ?? [];
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
    if (option.choices && !option.choices.includes(value)) {
      throw new UsageError(`${flag} must be one of ${option.choices.join(", ")}, got "${value}"`);
    }
    values[option.name] = value;
  }

  if (positionals.length < wanted.length) {
    throw new UsageError(`missing ${wanted.slice(positionals.length).map((p) => p.name).join(" ")}`);
  }
  if (positionals.length > wanted.length) {
    throw new UsageError(`unexpected argument "${positionals[wanted.length]}"`);
  }
  const named = {};
  wanted.forEach((p, i) => {
    named[p.name] = p.kind === "id" ? parseId(p.name, positionals[i]) : positionals[i];
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
