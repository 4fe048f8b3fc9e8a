// Who the CLI talks to and as whom: the key and base URL from the environment or the stored
// login, and a client of the package's public API built from them.
import { credentialsPath, readCredentials } from "./credentials.mjs";
import { NotAuthenticatedError } from "./failure.mjs";

/** D1: the API's default base URL. */
export const DEFAULT_BASE_URL = "https://api.m8tes.ai/api/v2";

/** The package itself, loaded by its public name (Node resolves a package's own name). */
export function loadPackage() {
  return import("@m8tes/wasm");
}

/**
 * The credentials in force: `M8TES_API_KEY` / `M8TES_BASE_URL` win over the stored login.
 * Returns `{ apiKey, baseUrl, keySource, baseUrlSource, email? }` or null when there is no key.
 */
export async function resolveLogin(env) {
  const path = credentialsPath(env);
  // With the key in the environment a damaged file does not matter: it is only asked for a base URL.
  const stored = env.M8TES_API_KEY ? await readCredentials(path).catch(() => null) : await readCredentials(path);
  const apiKey = env.M8TES_API_KEY || stored?.api_key;
  if (!apiKey) return null;
  const keySource = env.M8TES_API_KEY ? "M8TES_API_KEY" : path;
  let baseUrl = DEFAULT_BASE_URL;
  let baseUrlSource = "default";
  if (env.M8TES_BASE_URL) {
    baseUrl = env.M8TES_BASE_URL;
    baseUrlSource = "M8TES_BASE_URL";
  } else if (stored?.base_url) {
    baseUrl = stored.base_url;
    baseUrlSource = path;
  }
  return { apiKey, baseUrl, keySource, baseUrlSource, email: env.M8TES_API_KEY ? undefined : stored?.email };
}

/** The base URL a new login goes to: `--base-url`, else the environment, else the default. */
export function loginBaseUrl(flag, env) {
  return flag || env.M8TES_BASE_URL || DEFAULT_BASE_URL;
}

/**
 * Everything a command that calls the API needs: `{ pkg, client, login }`. `clientOptions` go
 * to the client's constructor (`run download` passes a `fetch` that counts the bytes).
 */
export async function openSession(ctx, clientOptions = {}) {
  const login = await resolveLogin(ctx.env);
  if (!login) throw new NotAuthenticatedError();
  ctx.terminal.addSecret(login.apiKey);
  const pkg = await ctx.loadPackage();
  const client = new pkg.M8tes({ ...clientOptions, apiKey: login.apiKey, baseUrl: login.baseUrl, logLevel: process.env.M8TES_LOG || "off" });
  return { pkg, client, login };
}
