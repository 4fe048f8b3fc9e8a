//! Where the binary's log goes: stderr, as text for a person or one JSON object a line for a
//! log pipeline (`--log-format`). The library only emits `tracing` events; the binary decides.

use crate::config::LogFormat;

/// Installs the process-wide subscriber at INFO; a second call does nothing.
pub fn install(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
}
