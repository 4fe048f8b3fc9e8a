//! Files attached to a run when it is created (`POST /runs/with-files`, SDK 4.49): a multipart
//! form of the run's JSON as `payload` and one `files` part per file. Every part carries a
//! content type, since the API refuses an untyped one; a file without one is typed from its
//! name, as the SDK does.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, FormData};

use crate::error::ClientError;

/// One file to attach: the name the agent sees and its bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    name: String,
    blob: Blob,
}

impl Upload {
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Upload, ClientError> {
        let parts = Array::of1(&Uint8Array::from(bytes));
        Upload::typed(name, &parts, content_type(name))
    }

    /// A `Blob` (or `File`) from JS; one without a type is given the type its name implies.
    pub fn from_blob(name: &str, blob: Blob) -> Result<Upload, ClientError> {
        if !blob.type_().is_empty() {
            return Upload::checked(name, blob);
        }
        Upload::typed(name, &Array::of1(&blob), content_type(name))
    }

    fn typed(name: &str, parts: &Array, kind: &str) -> Result<Upload, ClientError> {
        let options = BlobPropertyBag::new();
        options.set_type(kind);
        let blob = Blob::new_with_blob_sequence_and_options(parts, &options)
            .map_err(|_| ClientError::invalid("this runtime cannot make a Blob"))?;
        Upload::checked(name, blob)
    }

    fn checked(name: &str, blob: Blob) -> Result<Upload, ClientError> {
        // The name is the part's filename: a path is not a name, and an empty one is refused.
        let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
        if name.is_empty() {
            return Err(ClientError::invalid("a file needs a name"));
        }
        Ok(Upload { name: name.to_owned(), blob })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The multipart body: `payload` (the run's JSON) and each file as `files`.
pub fn form(payload: &str, files: &[Upload]) -> Result<FormData, ClientError> {
    let failed = |_: JsValue| ClientError::invalid("this runtime cannot build a multipart form");
    let form = FormData::new().map_err(failed)?;
    form.append_with_str("payload", payload).map_err(failed)?;
    for file in files {
        form.append_with_blob_and_filename("files", &file.blob, &file.name).map_err(failed)?;
    }
    Ok(form)
}

/// The content type a file's extension implies; `application/octet-stream` otherwise.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("txt" | "log") => "text/plain",
        Some("md") => "text/markdown",
        Some("csv") => "text/csv",
        Some("tsv") => "text/tab-separated-values",
        Some("html" | "htm") => "text/html",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn types_follow_the_extension() {
        assert_eq!(content_type("q3 report.CSV"), "text/csv");
        assert_eq!(content_type("notes.md"), "text/markdown");
        assert_eq!(content_type("archive.tar.gz"), "application/octet-stream");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
