//! Properties that must hold for any input: the SSE decoder never panics and its output does
//! not depend on how the body is cut; a signature verifies, and any one-byte change breaks it;
//! our SHA-256 and HMAC-SHA256 give what the `sha2` and `hmac` crates give, at any length
//! and however the input is fed; a path segment is one segment that decodes back to its value, or a typed refusal; the JS
//! API's in-place frame reader reads any frame as the decoder does, and what it folds without
//! building the event is what the event adds to the accumulator.
//!
//! `M8TES_FUZZ_CASES` raises the case count for the long run (`cargo xtask fuzz --minutes N`);
//! the default keeps `cargo xtask test` quick.

use hmac::{Hmac, Mac};
use m8tes_protocol::sha256::{HmacSha256, Sha256};
use m8tes_protocol::webhook_signature::{sign, verify_signature, SignatureHeaders};
use m8tes_protocol::{seg, FrameReading, RunEvent, SseDecoder, StreamAccumulator};
use proptest::prelude::*;

fn decode(chunks: &[&[u8]]) -> Vec<String> {
    let mut decoder = SseDecoder::with_max_event_bytes(4096);
    let mut out = Vec::new();
    let mut take = |item: Result<&str, _>| match item {
        Ok(payload) => {
            // Classifying must not panic either.
            let _ = RunEvent::from_payload(payload).map(|event| event.to_wire());
            out.push(payload.to_owned())
        }
        Err(error) => out.push(format!("error: {error}")),
    };
    for chunk in chunks {
        decoder.feed(chunk, &mut take);
    }
    decoder.finish(&mut take);
    out
}

/// Bytes that look like SSE often enough to reach every branch.
fn sse_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"data: ".to_vec()),
        Just(b"data:".to_vec()),
        Just(b": keepalive".to_vec()),
        Just(b"event: x".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"{\"type\":\"text-delta\",\"delta\":\"\xc3\xa9\"}".to_vec()),
        Just(b"[DONE]".to_vec()),
        Just("☕".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// 512 cases, or `M8TES_FUZZ_CASES`.
/// A frame as a server or a stranger might write one: mostly string fields with the names the
/// event model reads, sometimes `null`, a number or an object, keys sometimes repeated.
fn frame_like() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "type",
        "id",
        "delta",
        "text",
        "plan",
        "toolCallId",
        "toolName",
        "messageId",
        "subtype",
        "run_id",
        "result",
        "content",
        "error",
        "message",
        "block_type",
        "payload",
    ]);
    let name = prop::sample::select(vec![
        "text-delta",
        "text-start",
        "reasoning-delta",
        "tool-call-start",
        "tool-call-delta",
        "tool-result-end",
        "tool_result",
        "metadata",
        "error",
        "done",
        "sdk_error",
        "content_block_start",
        "permission_request",
        "ping",
        "init",
        "success",
        "text-end",
        "reasoning-start",
        "thinking-delta",
        "plan-start",
        "plan-delta",
        "tool-call-end",
        "tool-result-start",
        "tool-result-delta",
        "message-start",
    ]);
    let value = prop_oneof![
        4 => name.prop_map(|n| serde_json::to_string(n).unwrap()),
        4 => "\\PC{0,8}".prop_map(|t| serde_json::to_string(&t).unwrap()),
        // Any characters, control ones included, each non-ASCII one sometimes as a `\u`
        // escape (surrogate pairs beyond the BMP), and now and then a broken escape.
        2 => (".{0,8}", any::<u64>()).prop_map(|(t, mask)| escaped(&t, mask)),
        1 => Just("null".to_owned()),
        1 => Just("7".to_owned()),
        1 => Just(r#"{"run_id": 3}"#.to_owned()),
        1 => Just(r#"{"n": [1, "x"]}"#.to_owned()),
    ];
    let space = prop::sample::select(vec!["", " ", "\t", "\r\n", "  "]);
    prop::collection::vec((key, value), 0..10).prop_flat_map(move |fields| {
        (Just(fields), space.clone()).prop_map(|(fields, space)| {
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}{space}:{space}{v}", serde_json::to_string(k).unwrap()))
                .collect();
            format!("{space}{{{space}{}{space}}}{space}", body.join(&format!(",{space}")))
        })
    })
}

/// A frame of one of the types of texts in (or near) the wire form: its type and fields, each
/// sometimes `null` or missing, a delta sometimes empty or under an older spelling, escapes
/// and non-ASCII text, an extra field or a `subtype` now and then, in any order and spacing.
fn wire_like() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        ("text-start", &["id"][..]),
        ("text-delta", &["id", "delta"]),
        ("text-end", &["id"]),
        ("reasoning-start", &["id"]),
        ("reasoning-delta", &["id", "delta", "text"]),
        ("thinking-end", &["id"]),
        ("thinking-delta", &["id", "delta", "text"]),
        ("plan-end", &["id"]),
        ("plan-delta", &["id", "delta", "text", "plan"]),
        ("message-end", &["messageId"]),
        ("tool-call-start", &["toolCallId", "toolName"]),
        ("tool-call-delta", &["toolCallId", "delta"]),
        ("tool-call-end", &["toolCallId"]),
        ("tool-result-start", &["toolCallId"]),
        ("tool-result-delta", &["toolCallId", "delta"]),
        ("tool-result-end", &["toolCallId", "result"]),
        // The rest of the types the in-place fold reads, and names beside them that it must
        // leave to the whole reading.
        ("text-end", &["id", "delta"]),
        ("reasoning-end", &["id"]),
        ("thinking-start", &["id", "text"]),
        ("plan-start", &["id"]),
        ("message-start", &["messageId", "id"]),
        ("message-delta", &["messageId", "delta"]),
        ("tool-call-start", &["toolCallId", "toolName", "subtype"]),
        ("tool-call-end", &["toolCallId", "id"]),
        ("tool-result-end", &["toolCallId", "delta"]),
        ("text-delta-end", &["id", "delta"]),
        ("plan-ent", &["id"]),
        ("thinking-stard", &["id"]),
        ("tool-calls-delta", &["toolCallId", "delta"]),
        ("toolXcall-delta", &["toolCallId", "delta"]),
        ("Text-delta", &["id", "delta"]),
        ("-delta", &["id", "delta"]),
        ("text-", &["id", "delta"]),
        ("delta", &["id", "delta"]),
    ]);
    let value = prop_oneof![
        6 => (".{0,6}", any::<u64>()).prop_map(|(t, mask)| escaped(&t, mask & !(1 << 63))),
        1 => Just("\"\"".to_owned()),
        1 => Just("\"toolu_1\"".to_owned()),
        1 => Just("null".to_owned()),
        1 => Just("5".to_owned()),
        1 => Just(r#"{"n": [1, "\u00e9"], "m": null}"#.to_owned()),
        // Results whose extent the in-place reader finds before serde_json reads them.
        1 => prop::sample::select(vec![
            r#"[{"a": "}]\"\\", "b": [[], {}]}, true]"#,
            r#"{"x": "\\"}"#,
            "[]",
            "{}",
            "false",
            "-1.5e3",
            "{\"a\": 1",
            "[1,}",
            "{\"a\": \"\\\"}",
            "[1]]",
            "{\"a\":\"é\"}",
            "tru",
        ]).prop_map(str::to_owned),
    ];
    let extra = prop::sample::select(vec![
        "",
        "\"subtype\": \"init\"",
        "\"subtype\": \"x\"",
        "\"extra\": \"e\"",
        "\"type\": \"text-delta\"",
        "\"iD\": \"e\"",
        "\"toolCallID\": null",
        "\"typf\": \"text-delta\"",
    ]);
    let space = prop::sample::select(vec!["", " ", "\r\n\t"]);
    (name, prop::collection::vec((value, any::<u8>()), 4), extra, space, any::<u64>()).prop_map(
        |((name, keys), values, extra, space, order)| {
            let mut fields = vec![format!("\"type\":{space}\"{name}\"")];
            for (key, (value, coin)) in keys.iter().zip(values) {
                if coin % 8 != 0 {
                    fields.push(format!("\"{key}\":{space}{value}"));
                }
            }
            if !extra.is_empty() {
                fields.push(extra.to_owned());
            }
            let shift = (order % fields.len() as u64) as usize;
            fields.rotate_left(shift);
            format!("{{{space}{}{space}}}", fields.join(&format!(",{space}")))
        },
    )
}

/// `text` as a JSON string whose characters are written as `\u` escapes where `mask` has a
/// bit set for them (by position), with one broken escape when its top bit is set.
fn escaped(text: &str, mask: u64) -> String {
    let mut out = String::from("\"");
    for (i, c) in text.chars().enumerate() {
        if mask & (1 << (i % 62)) != 0 || c < ' ' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else if c == '"' || c == '\\' {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    if mask >> 63 == 1 {
        out.push_str(if mask & (1 << 62) != 0 { "\\x" } else { "\\udc00" });
    }
    out.push('"');
    out
}

/// Lengths up to four blocks, most of them within two bytes of a boundary that padding cares
/// about (55/56 bytes into a block, or its end).
fn around_block_boundaries() -> impl Strategy<Value = usize> {
    prop_oneof![
        0usize..=256,
        (0usize..4, prop::sample::select(vec![55usize, 56, 64]), -2isize..=2)
            .prop_map(|(blocks, edge, off)| (blocks * 64 + edge).saturating_add_signed(off)),
    ]
}

fn bytes_around_block_boundaries() -> impl Strategy<Value = Vec<u8>> {
    around_block_boundaries().prop_flat_map(|len| prop::collection::vec(any::<u8>(), len))
}

fn config() -> ProptestConfig {
    let cases = std::env::var("M8TES_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512);
    ProptestConfig::with_cases(cases)
}

/// Undoes `%XX` escapes; `None` when an escape is malformed.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    Some(out)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_segment_is_one_unreserved_segment_that_decodes_back(value in "\\PC{0,24}|[./%?#a-z]{0,6}") {
        match seg(&value) {
            Ok(encoded) => {
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", encoded);
                prop_assert!(encoded != "." && encoded != ".." && !encoded.is_empty());
                prop_assert_eq!(percent_decode(&encoded), Some(value.clone().into_bytes()));
            }
            Err(error) => {
                prop_assert!(value.is_empty() || value == "." || value == ".." || value.contains('/'), "{}", error);
            }
        }
    }

    #[test]
    fn decoder_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        decode(&[&bytes]);
    }

    #[test]
    fn chunking_never_changes_the_output(bytes in sse_like(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8)) {
        let whole = decode(&[&bytes]);
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for point in points {
            chunks.push(&bytes[start..point]);
            start = point;
        }
        chunks.push(&bytes[start..]);
        prop_assert_eq!(decode(&chunks), whole);
    }

    #[test]
    fn a_signature_verifies_and_any_byte_change_breaks_it(
        body in prop::collection::vec(any::<u8>(), 0..256),
        secret in "[ -~]{1,40}",
        id in "[a-z_0-9]{1,20}",
        timestamp in 0u64..4_000_000_000,
        flip in any::<prop::sample::Index>(),
        xor in 1u8..=255,
    ) {
        let timestamp = timestamp.to_string();
        let signature = sign(&secret, &id, &timestamp, &body);
        let headers = SignatureHeaders { id: Some(&id), timestamp: Some(&timestamp), signature: Some(&signature) };
        prop_assert!(verify_signature(&headers, &body, &secret, None, 0));

        if !body.is_empty() {
            let mut tampered = body.clone();
            tampered[flip.index(body.len())] ^= xor;
            prop_assert!(!verify_signature(&headers, &tampered, &secret, None, 0));
        }
        let mut sig_bytes = signature.clone().into_bytes();
        let at = flip.index(sig_bytes.len());
        sig_bytes[at] ^= xor;
        if let Ok(changed) = String::from_utf8(sig_bytes) {
            let headers = SignatureHeaders { signature: Some(&changed), ..headers };
            prop_assert!(!verify_signature(&headers, &body, &secret, None, 0));
        }
    }

    #[test]
    fn sha256_matches_the_sha2_crate_however_fed(
        data in bytes_around_block_boundaries(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let expected: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(&data).into();
        prop_assert_eq!(Sha256::digest(&data), expected);
        let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(data.len() + 1)).collect();
        cuts.sort_unstable();
        let mut fed = Sha256::new();
        let mut start = 0;
        for cut in cuts {
            fed.update(&data[start..cut]);
            start = cut;
        }
        fed.update(&data[start..]);
        prop_assert_eq!(fed.finalize(), expected);
    }

    #[test]
    fn hmac_sha256_matches_the_hmac_crate(
        key in bytes_around_block_boundaries(),
        data in bytes_around_block_boundaries(),
        split in any::<prop::sample::Index>(),
    ) {
        let mut reference = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).unwrap();
        reference.update(&data);
        let expected: [u8; 32] = reference.finalize().into_bytes().into();
        let (head, tail) = data.split_at(split.index(data.len() + 1));
        prop_assert_eq!(HmacSha256::new(&key).mac(&[head, tail]), expected);
    }

    #[test]
    fn the_in_place_reader_reads_any_frame_as_the_decoder(
        payload in prop_oneof![frame_like(), wire_like()],
    ) {
        let decoded = RunEvent::from_payload(&payload);
        let read = RunEvent::read_frame(&payload);
        prop_assert_eq!(decoded.is_some(), read.is_some());
        if let (Some(decoded), Some((read, is_wire))) = (decoded, read) {
            prop_assert_eq!(&read.kind, &decoded.kind);
            prop_assert_eq!(is_wire, decoded.raw_is_wire());
            prop_assert_eq!(read.wire_fields(), decoded.wire_fields());
            prop_assert_eq!(read.run_id(), decoded.run_id());
            if !is_wire {
                prop_assert_eq!(read.to_wire(), decoded.to_wire());
            }
        }
    }

    #[test]
    fn the_wire_fold_adds_up_as_the_event(
        payload in prop_oneof![frame_like(), wire_like()],
        started in any::<bool>(),
    ) {
        let decoded = RunEvent::from_payload(&payload);
        let mut scratch = String::from("left from an earlier frame");
        let read = RunEvent::read_frame_in(&payload, &mut scratch);
        prop_assert_eq!(decoded.is_some(), read.is_some());
        let (Some(decoded), Some(read)) = (decoded, read) else { return Ok(()) };
        // From a stream that has seen the frame's tool call start, or not, and some text.
        let mut by_event = StreamAccumulator::new();
        for earlier in [
            r#"{"type": "reasoning-delta", "delta": "r"}"#,
            r#"{"type": "plan-delta", "delta": "p"}"#,
            r#"{"type": "tool-call-start", "toolCallId": "other", "toolName": "x"}"#,
        ] {
            by_event.apply(&RunEvent::from_payload(earlier).unwrap());
        }
        if let (true, Some(id)) = (started, decoded.raw.get("toolCallId").and_then(|id| id.as_str())) {
            let start = serde_json::json!({"type": "tool-call-start", "toolCallId": id, "toolName": "y"});
            by_event.apply(&RunEvent::from_payload(&start.to_string()).unwrap());
            by_event.apply(&RunEvent::from_payload(r#"{"type": "text-delta", "delta": "t"}"#).unwrap());
        }
        let mut by_fold = by_event.clone();
        by_event.apply(&decoded);
        match read {
            FrameReading::Wire(fold) => {
                prop_assert!(decoded.raw_is_wire(), "{}", payload);
                by_fold.fold(fold);
            }
            FrameReading::WireResult { tool_call_id, result } => {
                prop_assert!(decoded.raw_is_wire(), "{}", payload);
                prop_assert_eq!(decoded.type_name(), "tool-result-end");
                if let Some(id) = tool_call_id {
                    by_fold.tool_result(&id, result);
                }
            }
            FrameReading::Event(event, is_wire) => {
                prop_assert_eq!(&event.kind, &decoded.kind);
                prop_assert_eq!(is_wire, decoded.raw_is_wire());
                by_fold.apply(&event);
            }
        }
        prop_assert_eq!(by_fold, by_event, "{}", payload);
    }
}
