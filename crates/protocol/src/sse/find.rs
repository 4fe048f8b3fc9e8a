//! The next byte of a kind in a frame's text: the end of an SSE line (and whether the line is
//! ASCII), the end of a JSON string's plain run, the next byte outside ASCII. In wasm sixteen
//! bytes at a time in SIMD (which the npm package requires, D53): at `opt-level = "z"` a byte
//! loop stays one byte an iteration, and these loops read every byte of a run's stream (issue 9).

/// Where a line ends in a chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineEnd {
    /// The position of the first `\n` or `\r`.
    pub at: usize,
    /// Whether every byte before it is ASCII (then the line is UTF-8 without checking it).
    pub ascii: bool,
}

/// The first `\n` or `\r`, found in the same pass that tells whether the line is ASCII.
pub(crate) fn line_end(bytes: &[u8]) -> Option<LineEnd> {
    #[cfg(target_arch = "wasm32")]
    return simd::line_end(bytes);
    #[cfg(not(target_arch = "wasm32"))]
    bytes
        .iter()
        .position(|&byte| is_line_end(byte))
        .map(|at| LineEnd { at, ascii: bytes[..at].is_ascii() })
}

/// The position of the first byte outside ASCII from `from` on (none past the end).
pub fn non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    return simd::non_ascii(bytes, from);
    #[cfg(not(target_arch = "wasm32"))]
    bytes.get(from..)?.iter().position(|&byte| !byte.is_ascii()).map(|found| from + found)
}

/// The position of the first byte from `from` on that ends a JSON string's plain run: `"`, `\`
/// or a control character (none past the end). (The bytes before `from` let the search read
/// the last sixteen bytes whole.)
pub(crate) fn string_stop(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    return simd::string_stop(bytes, from);
    #[cfg(not(target_arch = "wasm32"))]
    bytes.get(from..)?.iter().position(|&byte| is_string_stop(byte)).map(|found| from + found)
}

fn is_line_end(byte: u8) -> bool {
    byte == b'\n' || byte == b'\r'
}

fn is_string_stop(byte: u8) -> bool {
    byte == b'"' || byte == b'\\' || byte < 0x20
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::*;

    /// Sixteen bytes from `at`; the caller keeps `at + 16 <= bytes.len()`.
    macro_rules! load {
        ($bytes:expr, $at:expr) => {{
            debug_assert!($at + 16 <= $bytes.len());
            // SAFETY: the sixteen bytes are inside the slice; `read_unaligned` needs no alignment.
            unsafe { $bytes.as_ptr().add($at).cast::<v128>().read_unaligned() }
        }};
    }

    /// The first position from `$from` on whose lane `$hits` (of the sixteen bytes `$lanes` at
    /// each step) has set. Fewer than sixteen bytes left are read as the last sixteen of the
    /// text, the lanes before `$from` left out; only a text shorter than sixteen bytes is read a
    /// byte at a time, with `$is`.
    macro_rules! first {
        ($bytes:expr, $from:expr, |$lanes:ident| $hits:expr, $is:expr) => {{
            let bytes: &[u8] = $bytes;
            let mut at: usize = $from;
            while at + 16 <= bytes.len() {
                let $lanes = load!(bytes, at);
                let mask = u8x16_bitmask($hits);
                if mask != 0 {
                    return Some(at + mask.trailing_zeros() as usize);
                }
                at += 16;
            }
            if at >= bytes.len() {
                return None;
            }
            if let Some(last) = bytes.len().checked_sub(16) {
                let $lanes = load!(bytes, last);
                // `at - last` is 1 to 15: the lanes already read are shifted out.
                let mask = u32::from(u8x16_bitmask($hits)) >> (at - last);
                return (mask != 0).then(|| at + mask.trailing_zeros() as usize);
            }
            bytes[at..].iter().position(|&byte| $is(byte)).map(|found| at + found)
        }};
    }

    /// `first!` for line ends, keeping the lanes' high bits up to the end as it goes.
    #[target_feature(enable = "simd128")]
    pub(super) fn line_end(bytes: &[u8]) -> Option<super::LineEnd> {
        let mut high = 0;
        let mut at = 0;
        while at + 16 <= bytes.len() {
            let lanes = load!(bytes, at);
            let ends =
                v128_or(u8x16_eq(lanes, u8x16_splat(b'\n')), u8x16_eq(lanes, u8x16_splat(b'\r')));
            let mask = u8x16_bitmask(ends);
            let lanes_high = u8x16_bitmask(lanes);
            if mask != 0 {
                let found = mask.trailing_zeros();
                let ascii = (high | (lanes_high & ((1 << found) - 1))) == 0;
                return Some(super::LineEnd { at: at + found as usize, ascii });
            }
            high |= lanes_high;
            at += 16;
        }
        for (offset, &byte) in bytes[at..].iter().enumerate() {
            if super::is_line_end(byte) {
                return Some(super::LineEnd { at: at + offset, ascii: high == 0 });
            }
            high |= u16::from(byte >> 7);
        }
        None
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
        first!(bytes, from, |lanes| lanes, |byte: u8| !byte.is_ascii())
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn string_stop(bytes: &[u8], from: usize) -> Option<usize> {
        first!(
            bytes,
            from,
            |lanes| v128_or(
                v128_or(u8x16_eq(lanes, u8x16_splat(b'"')), u8x16_eq(lanes, u8x16_splat(b'\\'))),
                u8x16_lt(lanes, u8x16_splat(0x20))
            ),
            super::is_string_stop
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_finds_the_first_of_its_bytes_at_any_position_and_length() {
        for len in 0..40 {
            for at in 0..=len {
                let line_end = |bytes: &[u8], _| line_end(bytes).map(|end| end.at);
                for (stop, find) in [
                    (b'\n', &line_end as &dyn Fn(&[u8], usize) -> Option<usize>),
                    (b'\r', &line_end),
                    (b'"', &string_stop),
                    (b'\\', &string_stop),
                    (0x1f, &string_stop),
                    (0x00, &string_stop),
                    (0x80, &non_ascii),
                    (0xff, &non_ascii),
                ] {
                    let mut bytes = vec![b'a'; len];
                    bytes.extend([b' ', b'~', stop]);
                    bytes.rotate_right(3 + len - at);
                    let expected = bytes.iter().position(|&byte| byte == stop);
                    assert_eq!(find(&bytes, 0), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn a_search_from_a_position_sees_no_byte_before_it() {
        for len in 0..40 {
            for stop_at in 0..len {
                for from in 0..=len + 2 {
                    let mut bytes = vec![b'a'; len];
                    bytes[stop_at] = b'"';
                    let expected = (stop_at >= from).then_some(stop_at);
                    assert_eq!(string_stop(&bytes, from), expected, "{from} {bytes:?}");
                    bytes[stop_at] = 0xe9;
                    assert_eq!(non_ascii(&bytes, from), expected, "{from} {bytes:?}");
                }
            }
        }
    }

    #[test]
    fn a_line_is_ascii_when_every_byte_before_its_end_is() {
        for len in 0..40 {
            for end in 0..len {
                for high in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[high] = 0xc3;
                    bytes[end] = b'\n';
                    let found = line_end(&bytes).expect("a line end");
                    assert_eq!(found, LineEnd { at: end, ascii: high >= end }, "{bytes:?}");
                    assert_eq!(non_ascii(&bytes, 0), (high != end).then_some(high), "{bytes:?}");
                }
            }
        }
    }
}
