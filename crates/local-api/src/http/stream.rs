//! A run's stream as an SSE response (D9): the stored history of the turn, then live events,
//! a `: keepalive` comment after each stretch of silence, and the end when the turn ends.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use m8tes_protocol::sse::{encode_payload, KEEPALIVE};
use tokio::sync::broadcast::error::RecvError;

use crate::agent::live::{Frame, Subscription};

struct Feed {
    subscription: Subscription,
    last_seq: i64,
    keepalive: Duration,
    first: Option<String>,
    ended: bool,
}

fn frames(payloads: &[(i64, String)]) -> String {
    payloads.iter().map(|(_, payload)| encode_payload(payload)).collect()
}

/// The response that streams `subscription`.
pub fn sse(subscription: Subscription, keepalive: Duration) -> Response {
    let first = frames(&subscription.history);
    let feed = Feed {
        last_seq: subscription.history.last().map_or(0, |(seq, _)| *seq),
        ended: subscription.ended,
        subscription,
        keepalive,
        first: (!first.is_empty()).then_some(first),
    };
    let body = futures_util::stream::unfold(feed, |mut feed| async move {
        if let Some(first) = feed.first.take() {
            return Some((Ok::<_, Infallible>(Bytes::from(first)), feed));
        }
        if feed.ended {
            return None;
        }
        loop {
            let next = tokio::time::timeout(feed.keepalive, feed.subscription.frames.recv()).await;
            match next {
                Err(_silence) => return Some((Ok(Bytes::from_static(KEEPALIVE.as_bytes())), feed)),
                Ok(Ok(Frame::Event { seq, payload })) => {
                    if seq <= feed.last_seq {
                        continue;
                    }
                    feed.last_seq = seq;
                    return Some((Ok(Bytes::from(encode_payload(&payload))), feed));
                }
                Ok(Ok(Frame::End) | Err(RecvError::Closed)) => return None,
                Ok(Err(RecvError::Lagged(_))) => {
                    // This stream fell behind the broadcast: catch up from the store.
                    let missed =
                        feed.subscription.live.stored_after(feed.last_seq).unwrap_or_default();
                    if let Some((seq, _)) = missed.last() {
                        feed.last_seq = *seq;
                        return Some((Ok(Bytes::from(frames(&missed))), feed));
                    }
                }
            }
        }
    });
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
