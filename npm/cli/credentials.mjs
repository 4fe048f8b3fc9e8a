// The stored login: `$XDG_CONFIG_HOME/m8tes/credentials.json` (else `~/.config/m8tes/…`),
// readable by its owner only (file 0600 in a 0700 folder), written atomically.
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { CliError, EXIT } from "./failure.mjs";

/** Where the credentials live for this environment. */
export function credentialsPath(env) {
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config");
  return join(configHome, "m8tes", "credentials.json");
}

/** `{ api_key, base_url, email? }`, or null when nobody is logged in. */
export async function readCredentials(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw new CliError(`cannot read ${path}: ${error.code ?? error.message}`, EXIT.NOT_AUTHENTICATED);
  }
  let stored;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = null;
  }
  if (!stored || typeof stored.api_key !== "string" || !stored.api_key) {
    throw new CliError(`${path} is damaged: run \`m8tes auth login\` again`, EXIT.NOT_AUTHENTICATED);
  }
  return {
    api_key: stored.api_key,
    base_url: typeof stored.base_url === "string" && stored.base_url ? stored.base_url : undefined,
    email: typeof stored.email === "string" ? stored.email : undefined,
  };
}

export async function writeCredentials(path, credentials) {
  const folder = dirname(path);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // The folder may predate us with looser bits; it is ours (…/m8tes), so tighten it.
    await chmod(folder, 0o700);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: "w" });
    await chmod(temporary, 0o600);
    // Rename is atomic: a crash never leaves a half-written key behind.
    await rename(temporary, path);
  } catch (error) {
    throw new CliError(`cannot save the login to ${path}: ${error.code ?? error.message}`, EXIT.RUN_FAILED);
  }
}

/** Deletes the stored login; false when there was none. */
export async function removeCredentials(path) {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if (error.code === "ENOENT") return false;
    throw new CliError(`cannot remove ${path}: ${error.code ?? error.message}`, EXIT.RUN_FAILED);
  }
}
