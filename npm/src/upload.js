// Files attached to a run when it is created (`POST /runs/with-files`, SDK 4.49).
import { ValidationError } from "./errors.js";

// Content types by extension for a file given without one: the API refuses an untyped part.
const TYPES = { txt: "text/plain", md: "text/markdown", csv: "text/csv", html: "text/html", json: "application/json", pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", zip: "application/zip" };

/**
 * The multipart body of `runs/with-files`: the run's JSON as `payload`, then each file as
 * `files`. A file is a `File`, or `{ name, data, type? }` with `data` a Blob, bytes or text.
 */
export function uploadForm(payload, files) {
  const form = new FormData();
  form.append("payload", payload);
  for (const file of files) {
    const name = file?.name;
    if (typeof name !== "string" || name === "") throw new ValidationError("each file needs a name: pass a File or { name, data }");
    const data = file instanceof Blob ? file : file.data;
    if (data === undefined || data === null) throw new ValidationError(`file ${name}: no data`);
    const type = file.type || data.type || TYPES[name.split(".").pop().toLowerCase()] || "application/octet-stream";
    form.append("files", new Blob([data], { type }), name);
  }
  return form;
}
