//! The test bodies, run both in Node (`node.rs`) and in Chromium (`browser.rs`).

/// One `#[wasm_bindgen_test]` per case below; each runner's file calls it once, so a new case
/// is added here only.
macro_rules! every_case {
    () => {
        every_case!(
            teammates_round_trip,
            stream_accumulates_and_matches_the_run,
            errors_are_typed,
            pages_follow_the_cursor,
            wait_answers_gates,
            sse_cut_anywhere_decodes_the_same,
            simd_searches_read_as_a_byte_loop,
            dropped_stream_is_interrupted_with_the_run_id,
            stream_dropped_mid_read_aborts_its_request,
            retries_reuse_the_idempotency_key,
            replayed_stream_post_rejoins_or_refuses,
        );
    };
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                crate::cases::$name().await
            }
        )*
    };
}

use futures_util::StreamExt;
use js_sys::Reflect;
use m8tes_client_wasm::endpoint::Endpoint;
use m8tes_client_wasm::waiting::Gate;
use m8tes_client_wasm::{ClientError, Gates, WaitOptions};
use m8tes_protocol::types::*;
use m8tes_protocol::{ErrorKind, EventKind};
use wasm_bindgen::JsCast;

use crate::common::{client, counting_fetch, cut_fetch, injected, stalling_fetch, unique};

const FAST: WaitOptions =
    WaitOptions { interval_ms: 50.0, timeout_ms: 30_000.0, raise_on_error: false };

pub async fn teammates_round_trip() {
    let client = client();
    let name = format!("Ops {}", unique());
    let created = client
        .teammates()
        .create(&TeammateCreate {
            name: name.clone(),
            tools: Some(vec!["gmail".into()]),
            ..Default::default()
        })
        .await
        .expect("create");
    assert_eq!(created.name, name);
    let got = client.teammates().get(created.id).await.expect("get");
    assert_eq!(got.id, created.id);
    let renamed = client
        .teammates()
        .update(created.id, &TeammateUpdate { name: Some("Renamed".into()), ..Default::default() })
        .await
        .expect("update");
    assert_eq!(renamed.name, "Renamed");
    client.teammates().delete(created.id).await.expect("delete");
    let archived = client.teammates().get(created.id).await.expect("get archived");
    assert_eq!(archived.status.as_deref(), Some("archived"));
}

pub async fn stream_accumulates_and_matches_the_run() {
    let client = client();
    let mut params = RunCreate::new("Check my email and post to #general what needs doing");
    params.tools = Some(vec!["gmail".into(), "slack".into()]);
    let mut stream = client.runs().create_stream(&params, false);
    let mut kinds = Vec::new();
    let mut deltas = String::new();
    while let Some(event) = stream.next().await {
        let event = event.expect("no stream error");
        if let EventKind::TextDelta { delta, .. } = &event.kind {
            deltas.push_str(delta);
        }
        kinds.push(event.type_name());
    }
    assert_eq!(kinds.first(), Some(&"metadata"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"done"), "{kinds:?}");
    assert!(kinds.contains(&"tool-call-start"), "{kinds:?}");
    let (text, run_id) = {
        let acc = stream.accumulator();
        (acc.text.clone(), acc.run_id.expect("metadata names the run"))
    };
    assert!(!text.is_empty());
    assert_eq!(text, deltas);
    let run = client.runs().poll(run_id, FAST).await.expect("poll");
    assert_eq!(run.status.as_deref(), Some("completed"));
    assert_eq!(run.output.as_deref(), Some(text.as_str()), "D15: output is the streamed text");
}

pub async fn errors_are_typed() {
    let client = client();
    match client.teammates().get(987_654_321).await {
        Err(ClientError::Api(failure)) => {
            assert_eq!(failure.info.kind, ErrorKind::NotFound);
            assert_eq!(failure.info.status, 404);
            assert_eq!(failure.method, "GET");
            assert_eq!(failure.path, "/teammates/987654321");
            assert!(failure.info.request_id.is_some(), "the envelope carries a request id");
        }
        other => panic!("expected a 404, got {other:?}"),
    }
    let refused = client.users().get("../account").await;
    assert!(matches!(refused, Err(ClientError::InvalidRequest { .. })), "{refused:?}");

    let base = crate::common::BASE_URL.unwrap_or_default();
    let wrong = m8tes_client_wasm::Client::new(
        m8tes_client_wasm::ClientOptions::new("m8_wrong_key").base_url(base),
    )
    .expect("a key is given");
    match wrong.usage().await {
        Err(err @ ClientError::Api(_)) => {
            assert_eq!(err.class_name(), "AuthenticationError");
            assert!(!err.to_string().contains("m8_wrong_key"), "the key never shows in a message");
        }
        other => panic!("expected a 401, got {other:?}"),
    }
}

pub async fn pages_follow_the_cursor() {
    let client = client();
    let tag = unique();
    let mut mine = Vec::new();
    for i in 0..5 {
        let user = format!("pager-{tag}-{i}");
        client
            .users()
            .create(&EndUserCreate { user_id: user.clone(), ..Default::default() })
            .await
            .expect("create user");
        mine.push(user);
    }
    let mut seen = Vec::new();
    let mut params = ListParams { limit: Some(2), starting_after: None };
    let mut pages = 0;
    loop {
        let page = client.users().list(&params).await.expect("list");
        pages += 1;
        assert!(page.data.len() <= 2);
        seen.extend(page.data.iter().map(|u| u.user_id.clone()));
        match page.next_cursor(params.starting_after.map(Cursor::Id).as_ref()) {
            Some(Cursor::Id(next)) => params.starting_after = Some(next),
            Some(other) => panic!("users page by id, got {other:?}"),
            None => break,
        }
        assert!(pages < 100, "paging must end");
    }
    assert!(pages >= 3, "five users two to a page is at least three pages");
    for user in mine {
        assert!(seen.contains(&user), "{user} was listed");
    }
}

struct AllowAll;

impl Gates for AllowAll {
    async fn on_approval(&self, gate: &Gate) -> Result<Option<Decision>, ClientError> {
        assert!(!gate.request_id.is_empty());
        Ok(Some(Decision::Allow))
    }
    async fn on_question(&self, gate: &Gate) -> Result<Option<JsonObject>, ClientError> {
        let request = gate.request().expect("a permission request");
        let mut answers = JsonObject::new();
        for question in request.questions() {
            let label = question.options.first().map(|o| o.label.clone()).unwrap_or_default();
            answers.insert(question.question, label.into());
        }
        Ok(Some(answers))
    }
}

pub async fn wait_answers_gates() {
    let client = client();
    let mut params = RunCreate::new("Send an email to the team about the launch");
    params.tools = Some(vec!["gmail".into()]);
    params.human_in_the_loop = true;
    params.permission_mode = PermissionMode::Approval;
    let run = client.runs().create(&params).await.expect("create");
    let done = client.runs().wait(run.id, FAST, &AllowAll).await.expect("wait");
    assert_eq!(done.status.as_deref(), Some("completed"));
}

pub async fn sse_cut_anywhere_decodes_the_same() {
    let frames = "data: {\"type\":\"metadata\",\"payload\":{\"run_id\":42}}\r\n\r\n: keepalive\n\ndata: {\"type\":\"text-delta\",\"delta\":\"caf\u{e9} \"}\n\ndata:{\"type\":\"text-delta\",\n\ndata: {\"type\":\"text-delta\",\"delta\":\"ok\"}\n\ndata: [DONE]\n\n";
    let whole = collect_text(vec![frames.to_owned()]).await;
    assert_eq!(whole, ("caf\u{e9} ok".to_owned(), Some(42), 4));
    // Odd cuts, one inside the two-byte é.
    let bytes = frames.as_bytes();
    for cut in [1, 7, 13, 64, 71, 72, 100] {
        let (a, b) = bytes.split_at(cut.min(bytes.len()));
        let parts =
            vec![String::from_utf8_lossy(a).into_owned(), String::from_utf8_lossy(b).into_owned()];
        if parts.concat() != frames {
            continue; // the cut split the é; JS strings cannot carry half a character
        }
        assert_eq!(collect_text(parts).await, whole, "cut at {cut}");
    }
}

/// protocol finds line ends, JSON string stops and bytes outside ASCII sixteen bytes at a time
/// in SIMD on wasm only (native builds loop over bytes): each special byte at every position of
/// a frame is found as serde_json and a byte loop find it, invalid UTF-8 included.
pub async fn simd_searches_read_as_a_byte_loop() {
    use m8tes_protocol::sse::non_ascii;
    use m8tes_protocol::{FrameReading, RunEvent, SseDecoder};
    for len in 0..40 {
        for at in 0..=len {
            for special in ["\\\"", "\\n", "\u{e9}", "\u{1f642}", "\\u00e9", "\t"] {
                let mut delta = "a".repeat(len);
                delta.insert_str(at, special);
                let payload = format!(r#"{{"type": "text-delta", "id": "t", "delta": "{delta}"}}"#);
                let mut decoder = SseDecoder::new();
                let framed = format!("data: {payload}\n\ndata: {payload}\r\n");
                let mut payloads = decoder.feed_collect(framed.as_bytes());
                payloads.extend(decoder.finish_collect());
                assert_eq!(payloads, vec![Ok(payload.clone()), Ok(payload.clone())]);
                let decoded = RunEvent::from_payload(&payload);
                let read = match RunEvent::read_frame_in(&payload, &mut String::new()) {
                    Some(FrameReading::Wire(fold)) => Some(format!("{fold:?}")),
                    _ => None,
                };
                match decoded.map(|event| event.kind) {
                    Some(EventKind::TextDelta { delta, .. }) => {
                        assert_eq!(read, Some(format!("Text({delta:?})")), "{payload}")
                    }
                    other => assert!(other.is_none() && read.is_none(), "{payload}"),
                }
                let expected = payload.bytes().position(|byte| !byte.is_ascii());
                assert_eq!(non_ascii(payload.as_bytes(), 0), expected, "{payload}");
                let mut invalid = format!("data: {delta}").into_bytes();
                invalid[6 + at] = 0xff;
                let lossy = String::from_utf8_lossy(&invalid[6..]).into_owned();
                let mut decoder = SseDecoder::new();
                invalid.extend(b"\n\n");
                assert_eq!(decoder.feed_collect(&invalid), vec![Ok(lossy.trim().to_owned())]);
            }
        }
    }
}

async fn collect_text(parts: Vec<String>) -> (String, Option<i64>, usize) {
    let client = injected(cut_fetch(parts, false));
    let mut stream = client.runs().stream(42);
    let mut count = 0;
    while let Some(event) = stream.next().await {
        event.expect("no error");
        count += 1;
    }
    let acc = stream.accumulator();
    (acc.text.clone(), acc.run_id, count)
}

pub async fn dropped_stream_is_interrupted_with_the_run_id() {
    let parts = vec![
        "data: {\"type\":\"metadata\",\"payload\":{\"run_id\":77}}\n\n".to_owned(),
        "data: {\"type\":\"text-delta\",\"delta\":\"half\"}\n\n".to_owned(),
    ];
    let client = injected(cut_fetch(parts, true));
    let mut stream = client.runs().stream(77);
    let mut last = None;
    while let Some(event) = stream.next().await {
        last = Some(event);
    }
    match last {
        Some(Err(ClientError::StreamInterrupted { run_id, .. })) => assert_eq!(run_id, Some(77)),
        other => panic!("expected StreamInterrupted, got {other:?}"),
    }
}

pub async fn stream_dropped_mid_read_aborts_its_request() {
    let handle = stalling_fetch();
    let fetch: js_sys::Function = Reflect::get(&handle, &"fetch".into()).unwrap().unchecked_into();
    let client = injected(fetch);
    let mut stream = client.runs().stream(5);
    assert!(matches!(stream.next().await, Some(Ok(_))), "the first event arrives");
    {
        // The body stays open, so this read is still waiting when the timer wins.
        let read = Box::pin(stream.next());
        let timer = Box::pin(m8tes_client_wasm::platform::sleep(20.0, None));
        assert!(matches!(
            futures_util::future::select(read, timer).await,
            futures_util::future::Either::Right(_)
        ));
    }
    drop(stream);
    let signals: js_sys::Array = Reflect::get(&handle, &"signals".into()).unwrap().unchecked_into();
    let signal: web_sys::AbortSignal = signals.get(0).unchecked_into();
    assert!(signal.aborted(), "dropping the stream aborted its request");
}

pub async fn retries_reuse_the_idempotency_key() {
    let handle = counting_fetch(vec![503, 503, 200]);
    let fetch: js_sys::Function = Reflect::get(&handle, &"fetch".into()).unwrap().unchecked_into();
    let client = injected(fetch);
    let run = client.runs().create(&RunCreate::new("hi")).await.expect("third attempt succeeds");
    assert_eq!(run.id, 7);
    let seen: js_sys::Array = Reflect::get(&handle, &"seen".into()).unwrap().unchecked_into();
    assert_eq!(seen.length(), 3);
    let keys: Vec<String> = seen
        .iter()
        .map(|s| {
            Reflect::get(&s, &"key".into()).unwrap().as_string().expect("a key on every attempt")
        })
        .collect();
    assert!(keys.iter().all(|k| k == &keys[0] && k.len() == 36), "{keys:?}");

    // A POST that does not create a run is never retried.
    let handle = counting_fetch(vec![503, 200]);
    let fetch: js_sys::Function = Reflect::get(&handle, &"fetch".into()).unwrap().unchecked_into();
    let failed = injected(fetch)
        .teammates()
        .create(&TeammateCreate { name: "x".into(), ..Default::default() })
        .await;
    assert!(matches!(&failed, Err(e) if e.kind() == Some(ErrorKind::InternalServer)), "{failed:?}");
    let seen: js_sys::Array = Reflect::get(&handle, &"seen".into()).unwrap().unchecked_into();
    assert_eq!(seen.length(), 1);
    let _ = Endpoint::RunsCreate;
}

/// wire.md §9.4: a streaming POST repeated with its Idempotency-Key is answered with the run
/// as JSON; a live run is rejoined, an ended one refused with `idempotent_replay_terminal`.
pub async fn replayed_stream_post_rejoins_or_refuses() {
    let client = client();
    let keyed = || {
        client.with_options(m8tes_client_wasm::RequestOptions {
            idempotency_key: Some(format!("replay-{}", unique())),
            ..Default::default()
        })
    };
    let params = RunCreate::new("Check my email simulate:slow");

    let live = keyed();
    let mut first = live.clone().runs().create_stream(&params, false);
    let opening = first.next().await.expect("an event").expect("no error");
    assert_eq!(opening.type_name(), "metadata");
    let run_id = first.run_id().expect("run id");
    first.abort();
    let mut again = live.runs().create_stream(&params, false);
    let mut types = Vec::new();
    while let Some(event) = again.next().await {
        types.push(event.expect("the rejoined stream runs to its end").type_name());
    }
    assert_eq!(again.run_id(), Some(run_id), "the replay joined the same run");
    assert_eq!(types.first(), Some(&"metadata"), "history is replayed from the start");
    assert_eq!(types.last(), Some(&"done"));
    let run = client.runs().poll(run_id, FAST).await.expect("poll");
    assert_eq!(run.output.as_deref(), Some(again.accumulator().text.as_str()));

    let ended = keyed();
    let mut once = ended.clone().runs().create_stream(&RunCreate::new("Say hi"), false);
    while let Some(event) = once.next().await {
        event.expect("no error");
    }
    let done_id = once.run_id().expect("run id");
    client.runs().poll(done_id, FAST).await.expect("poll");
    let mut twice = ended.runs().create_stream(&RunCreate::new("Say hi"), false);
    match twice.next().await {
        Some(Err(ClientError::ReplayTerminal { run_id })) => assert_eq!(run_id, done_id),
        other => panic!("expected idempotent_replay_terminal, got {other:?}"),
    }
}
