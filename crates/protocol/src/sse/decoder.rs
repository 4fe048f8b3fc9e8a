//! Bytes in, data payloads out, for any chunking of the body.
//!
//! The decoder only frames; [`crate::event::RunEvent::from_payload`] turns a payload into an
//! event. Lines end at `\n`, `\r\n` or `\r`. A `\r` ends its line at once and the decoder
//! remembers to swallow one `\n` if the next byte (perhaps in the next chunk) is one, so a
//! cut between `\r` and `\n` never makes an extra blank line. Line bytes are kept raw until
//! the line ends, so a UTF-8 character cut across chunks is whole when decoded (`\r` and
//! `\n` never occur inside a multi-byte sequence).

use std::borrow::Cow;
use std::fmt;
use std::mem;

/// The default cap on one event's size: far above any real frame, far below harm.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 8 * 1024 * 1024;

/// A framing problem. The decoder keeps going after it: the oversized event is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    EventTooLarge { limit: usize },
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::EventTooLarge { limit } => {
                write!(f, "a stream event exceeded the {limit}-byte limit and was dropped")
            }
        }
    }
}

impl std::error::Error for SseError {}

#[derive(Debug)]
pub struct SseDecoder {
    line: Vec<u8>,
    /// Whether the current line has any byte, kept or discarded: only a line with none is
    /// the blank line that ends a frame.
    line_has_bytes: bool,
    data: String,
    has_data: bool,
    swallow_lf: bool,
    /// Set when the current event outgrew the cap: its remaining lines are discarded.
    oversized: bool,
    max_event_bytes: usize,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    pub fn new() -> Self {
        Self::with_max_event_bytes(DEFAULT_MAX_EVENT_BYTES)
    }

    pub fn with_max_event_bytes(max_event_bytes: usize) -> Self {
        SseDecoder {
            line: Vec::new(),
            line_has_bytes: false,
            data: String::new(),
            has_data: false,
            swallow_lf: false,
            oversized: false,
            max_event_bytes,
        }
    }

    /// Feeds one chunk; every complete payload is passed to `emit` in order, borrowed.
    pub fn feed(&mut self, chunk: &[u8], emit: &mut dyn FnMut(Result<&str, SseError>)) {
        let mut rest = chunk;
        // An empty chunk (a body may deliver one) must not forget a pending `\r`.
        if self.swallow_lf && !rest.is_empty() {
            self.swallow_lf = false;
            if let [b'\n', tail @ ..] = rest {
                rest = tail;
            }
        }
        while !rest.is_empty() {
            match super::find::line_end(rest) {
                None => {
                    self.append_to_line(rest, emit);
                    return;
                }
                Some(super::find::LineEnd { at: end, ascii }) => {
                    let line = &rest[..end];
                    let is_cr = rest[end] == b'\r';
                    rest = &rest[end + 1..];
                    if is_cr {
                        match rest {
                            [b'\n', tail @ ..] => rest = tail,
                            [] => self.swallow_lf = true,
                            _ => {}
                        }
                    }
                    if self.line_has_bytes {
                        // The line began in an earlier chunk: it ends in the buffer.
                        self.append_to_line(line, emit);
                        self.end_line(emit);
                    } else if !self.single_line_frame(line, ascii, &mut rest, emit) {
                        self.whole_line(line, ascii, emit);
                    }
                }
            }
        }
    }

    /// Ends the body: a frame without its final blank line is still dispatched.
    pub fn finish(&mut self, emit: &mut dyn FnMut(Result<&str, SseError>)) {
        if self.line_has_bytes {
            self.end_line(emit);
        }
        self.dispatch(emit);
        self.swallow_lf = false;
    }

    /// Convenience: all payloads of one chunk, in order.
    pub fn feed_collect(&mut self, chunk: &[u8]) -> Vec<Result<String, SseError>> {
        let mut out = Vec::new();
        self.feed(chunk, &mut |item| out.push(item.map(str::to_owned)));
        out
    }

    /// Convenience: the payloads left when the body ends.
    pub fn finish_collect(&mut self) -> Vec<Result<String, SseError>> {
        let mut out = Vec::new();
        self.finish(&mut |item| out.push(item.map(str::to_owned)));
        out
    }

    fn append_to_line(&mut self, bytes: &[u8], emit: &mut dyn FnMut(Result<&str, SseError>)) {
        self.line_has_bytes |= !bytes.is_empty();
        if self.oversized {
            return;
        }
        if self.line.len() + self.data.len() + bytes.len() > self.max_event_bytes {
            self.overflow(emit);
            return;
        }
        self.line.extend_from_slice(bytes);
    }

    fn overflow(&mut self, emit: &mut dyn FnMut(Result<&str, SseError>)) {
        self.oversized = true;
        self.line = Vec::new();
        self.data = String::new();
        self.has_data = false;
        emit(Err(SseError::EventTooLarge { limit: self.max_event_bytes }));
    }

    fn end_line(&mut self, emit: &mut dyn FnMut(Result<&str, SseError>)) {
        if !self.line_has_bytes {
            self.dispatch(emit);
            return;
        }
        if !self.oversized {
            let line = mem::take(&mut self.line);
            self.take_field(&line, false);
            self.line = line;
        }
        self.line.clear();
        self.line_has_bytes = false;
    }

    /// A frame of one `data:` line whose blank line follows in the same chunk (the common
    /// case): its payload is handed out from the chunk itself, as `whole_line` and then the
    /// blank line would hand it out of the buffer. False, having done nothing, for anything
    /// else; then `rest` is untouched. `ascii`: the line is known to be ASCII.
    fn single_line_frame(
        &mut self,
        line: &[u8],
        ascii: bool,
        rest: &mut &[u8],
        emit: &mut dyn FnMut(Result<&str, SseError>),
    ) -> bool {
        if self.has_data || self.oversized || line.len() > self.max_event_bytes {
            return false;
        }
        let Some(value) = data_value(line) else { return false };
        // The blank line's own ending; a `\r` that ends the chunk may have its `\n` next.
        let (blank_line_len, swallow_lf) = match **rest {
            [b'\n', ..] => (1, false),
            [b'\r', b'\n', ..] => (2, false),
            [b'\r'] => (1, true),
            [b'\r', ..] => (1, false),
            _ => return false,
        };
        let Some(value) = utf8(value, ascii) else { return false };
        *rest = &rest[blank_line_len..];
        self.swallow_lf = swallow_lf;
        let payload = trim(value);
        if !payload.is_empty() {
            emit(Ok(payload));
        }
        true
    }

    /// A line that began and ended in one chunk: read in place, as `append_to_line` then
    /// `end_line` would, without copying it into the line buffer (the common case).
    fn whole_line(
        &mut self,
        line: &[u8],
        ascii: bool,
        emit: &mut dyn FnMut(Result<&str, SseError>),
    ) {
        if line.is_empty() {
            self.dispatch(emit);
        } else if self.oversized {
            // The rest of an oversized event is discarded.
        } else if self.data.len() + line.len() > self.max_event_bytes {
            self.overflow(emit);
        } else {
            self.take_field(line, ascii);
        }
    }

    /// `ascii`: the line is known to be ASCII.
    fn take_field(&mut self, line: &[u8], ascii: bool) {
        // Only a line that starts with `data:` itself counts; comments (the server's
        // keepalive), `event:`, `id:`, `retry:` and lines with leading whitespace are ignored
        // (wire.md §4.1.3).
        let Some(value) = data_value(line) else { return };
        let value = match utf8(value, ascii) {
            Some(text) => Cow::Borrowed(text),
            None => String::from_utf8_lossy(value),
        };
        if self.has_data {
            self.data.push('\n');
        }
        self.data.push_str(value.trim_start());
        self.has_data = true;
    }

    fn dispatch(&mut self, emit: &mut dyn FnMut(Result<&str, SseError>)) {
        self.oversized = false;
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let payload = trim(&self.data);
        if !payload.is_empty() {
            emit(Ok(payload));
        }
        self.data.clear();
    }
}

/// The line's text if it is UTF-8, checked only when it is not known to be ASCII (the line end
/// search saw every byte already).
#[inline(always)]
fn utf8(bytes: &[u8], ascii: bool) -> Option<&str> {
    if ascii {
        debug_assert!(bytes.is_ascii());
        // SAFETY: ASCII is UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).ok()
}

/// The value of a `data:` line, `None` for any other line. (A slice pattern compares the five
/// bytes in place, where `strip_prefix` stays a call at "z".)
#[inline(always)]
fn data_value(line: &[u8]) -> Option<&[u8]> {
    match line {
        [b'd', b'a', b't', b'a', b':', value @ ..] => Some(value),
        _ => None,
    }
}

/// `str::trim`, without reading characters when the payload is the usual `data: {…}`'s: one
/// space, then printable ASCII at both ends, which `trim` would leave.
fn trim(payload: &str) -> &str {
    let bytes = payload.as_bytes();
    let start = usize::from(bytes.first() == Some(&b' '));
    let plain = |byte: Option<&u8>| byte.is_some_and(|&b| b > b' ' && b < 0x7f);
    if plain(bytes.get(start)) && plain(bytes.last()) {
        // `get`: `start` follows an ASCII space, so it is a boundary; indexing's panic path
        // would bring core's `Debug` printing into the npm wasm (D57).
        payload.get(start..).unwrap_or(payload)
    } else {
        payload.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payloads(decoder: &mut SseDecoder, chunks: &[&[u8]]) -> Vec<Result<String, SseError>> {
        let mut out = Vec::new();
        for chunk in chunks {
            out.extend(decoder.feed_collect(chunk));
        }
        out.extend(decoder.finish_collect());
        out
    }

    #[test]
    fn cr_then_lf_in_the_next_chunk_is_one_line_end() {
        let mut d = SseDecoder::new();
        let out = payloads(&mut d, &[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
        assert_eq!(out, vec![Ok("a\nb".to_owned())]);
    }

    #[test]
    fn an_empty_chunk_between_cr_and_lf_adds_no_blank_line() {
        let mut decoder = SseDecoder::new();
        let mut out = decoder.feed_collect(b"data: a\r");
        out.extend(decoder.feed_collect(b""));
        out.extend(decoder.feed_collect(b"\ndata: b\n\n"));
        assert_eq!(out, vec![Ok("a\nb".to_owned())]);
    }

    #[test]
    fn oversized_event_is_an_error_then_decoding_goes_on() {
        let mut d = SseDecoder::with_max_event_bytes(16);
        let big = format!("data: {}\n\ndata: ok\n\n", "x".repeat(100));
        let out = payloads(&mut d, &[big.as_bytes()]);
        assert_eq!(out, vec![Err(SseError::EventTooLarge { limit: 16 }), Ok("ok".to_owned())]);
    }

    #[test]
    fn many_data_lines_cannot_outgrow_the_cap() {
        let mut d = SseDecoder::with_max_event_bytes(64);
        let line = b"data: 0123456789\n".repeat(100);
        let out = payloads(&mut d, &[&line]);
        assert_eq!(out, vec![Err(SseError::EventTooLarge { limit: 64 })]);
    }

    #[test]
    fn trim_is_str_trim() {
        for payload in [
            "",
            " ",
            " {}",
            "{}",
            "  {\"a\": 1}",
            " {} ",
            " \u{a0}{}",
            " {}\u{85}",
            " \u{e9}",
            "\t[DONE]\r",
            " \u{b}x",
            " x\u{c}",
            " \u{1f}",
        ] {
            assert_eq!(trim(payload), payload.trim(), "{payload:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let mut d = SseDecoder::new();
        let out = payloads(&mut d, &[b"data: \xff\xfe\n\n"]);
        assert_eq!(out, vec![Ok("\u{fffd}\u{fffd}".to_owned())]);
    }
}
