//! The next byte of a kind in a frame's text: the end of an SSE line, the end of a JSON string's
//! plain run. In wasm sixteen bytes at a time in SIMD (which the npm package requires, D53): at
//! `opt-level = "z"` a byte loop stays one byte an iteration, and these two loops read every
//! byte of a run's stream (issue 9).

/// The position of the first `\n` or `\r`.
pub(crate) fn line_end(bytes: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    return simd::line_end(bytes);
    #[cfg(not(target_arch = "wasm32"))]
    bytes.iter().position(|&byte| is_line_end(byte))
}

/// The position of the first byte that ends a JSON string's plain run: `"`, `\` or a control
/// character.
pub(crate) fn string_stop(bytes: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    return simd::string_stop(bytes);
    #[cfg(not(target_arch = "wasm32"))]
    bytes.iter().position(|&byte| is_string_stop(byte))
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

    /// The first position whose lane `$hits` (of the sixteen bytes `$lanes` at each step) has
    /// set, then the tail a byte at a time with `$is`.
    macro_rules! first {
        ($bytes:expr, |$lanes:ident| $hits:expr, $is:expr) => {{
            let bytes: &[u8] = $bytes;
            let mut at = 0;
            while at + 16 <= bytes.len() {
                let $lanes = load!(bytes, at);
                let mask = u8x16_bitmask($hits);
                if mask != 0 {
                    return Some(at + mask.trailing_zeros() as usize);
                }
                at += 16;
            }
            bytes[at..].iter().position(|&byte| $is(byte)).map(|found| at + found)
        }};
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn line_end(bytes: &[u8]) -> Option<usize> {
        first!(
            bytes,
            |lanes| v128_or(
                u8x16_eq(lanes, u8x16_splat(b'\n')),
                u8x16_eq(lanes, u8x16_splat(b'\r'))
            ),
            super::is_line_end
        )
    }

    #[target_feature(enable = "simd128")]
    pub(super) fn string_stop(bytes: &[u8]) -> Option<usize> {
        first!(
            bytes,
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
                for (stop, find) in [
                    (b'\n', line_end as fn(&[u8]) -> Option<usize>),
                    (b'\r', line_end),
                    (b'"', string_stop),
                    (b'\\', string_stop),
                    (0x1f, string_stop),
                    (0x00, string_stop),
                ] {
                    let mut bytes = vec![b'a'; len];
                    bytes.extend([0x80, 0xff, b' ', b'~', stop]);
                    bytes.rotate_right(5 + len - at);
                    let expected = bytes.iter().position(|&byte| byte == stop);
                    assert_eq!(find(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }
}
