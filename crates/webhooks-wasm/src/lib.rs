//! `Webhooks.verifySignature`, `.unwrap` and `.sign` (D10) for the npm package, on protocol's
//! one signing function (D53), as a wasm of their own: raw exports, no wasm-bindgen, no
//! allocator and no formatting, so the module is a few KB and compiles in well under a
//! millisecond (issue 9). `npm/src/webhooks.js` is its only caller.
//!
//! JS writes its inputs into [`room`], one after another as UTF-8 (the secret for [`key`];
//! id, timestamp, signature and body for the checks), and passes their lengths; answers are
//! numbers, or bytes at an address this module returns.
//!
//! It is wasm32 only (it manages the wasm memory itself); natively it compiles to nothing, and
//! protocol's own tests prove what it calls.
#![cfg(target_arch = "wasm32")]

use std::cell::UnsafeCell;

use m8tes_protocol::webhook_signature::{
    check_delivery_with, verify_signature_with, SignatureHeaders, VerificationFailure, WebhookKey,
    SIGNATURE_LEN,
};

/// A value of this single-threaded module (wasm32 without threads): each export runs to its
/// end before JS can call another, so no two references to the value ever overlap.
struct Slot<T>(UnsafeCell<T>);

// SAFETY: the module has one thread; see `Slot`.
unsafe impl<T> Sync for Slot<T> {}

impl<T> Slot<T> {
    /// SAFETY: the caller holds no other reference from this slot.
    #[allow(clippy::mut_from_ref)]
    unsafe fn get(&self) -> &mut T {
        unsafe { &mut *self.0.get() }
    }
}

/// The last secret's key (set by [`key`]): a receiver checks every delivery with one secret,
/// so HMAC's two key blocks are hashed once, not once a call.
static KEY: Slot<Option<WebhookKey>> = Slot(UnsafeCell::new(None));

/// Where [`sign`] and [`explain`] leave their answers.
static ANSWER: Slot<[u8; 128]> = Slot(UnsafeCell::new([0; 128]));

/// The size of a wasm page.
const PAGE: usize = 65536;

extern "C" {
    /// Where the linker ends the module's data and stack: everything above is ours, since
    /// nothing here allocates.
    static __heap_base: u8;
}

/// The address of room for `bytes` bytes of input, valid until the next call of `room`; 0 when
/// the memory cannot grow that far. The memory keeps the largest size asked for (wasm memory
/// never shrinks).
#[no_mangle]
pub extern "C" fn room(bytes: usize) -> usize {
    // Only the symbol's address is taken, never its value.
    let base = core::ptr::addr_of!(__heap_base) as usize;
    let have = core::arch::wasm32::memory_size(0) * PAGE;
    let Some(end) = base.checked_add(bytes) else { return 0 };
    if end > have {
        let pages = (end - have).div_ceil(PAGE);
        if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
            return 0;
        }
    }
    base
}

/// The `length` bytes at `at` of the room, as text; `None` if JS wrote no UTF-8 there.
fn text(at: usize, length: usize) -> Option<&'static str> {
    core::str::from_utf8(bytes(at, length)).ok()
}

fn bytes(at: usize, length: usize) -> &'static [u8] {
    // SAFETY: JS wrote `length` bytes at `at` in the room `room` made before this call.
    unsafe { core::slice::from_raw_parts(at as *const u8, length) }
}

/// Makes the key of the `length`-byte secret at the start of the room the one the checks use.
#[no_mangle]
pub extern "C" fn key(length: usize) {
    let base = room(0);
    // SAFETY: single-threaded; no other reference to KEY is alive.
    unsafe { *KEY.get() = Some(WebhookKey::new_from_bytes(bytes(base, length))) };
}

/// The delivery JS wrote: id, timestamp, signature and body, one after another from the
/// start of the room.
fn delivery(
    id: usize,
    timestamp: usize,
    signature: usize,
    body: usize,
) -> Option<(SignatureHeaders<'static>, &'static [u8])> {
    let at = room(0);
    let headers = SignatureHeaders {
        id: Some(text(at, id)?),
        timestamp: Some(text(at + id, timestamp)?),
        signature: Some(text(at + id + timestamp, signature)?),
    };
    Some((headers, bytes(at + id + timestamp + signature, body)))
}

/// A replay window in seconds, or none when negative (JS has refused anything but a finite
/// number ≥ 0 or no window).
fn window(tolerance: f64) -> Option<u64> {
    (tolerance >= 0.0).then_some(tolerance as u64)
}

/// 1 for an authentic delivery, 0 otherwise (`verifySignature`): the whole signature header
/// must equal the one signature, and with a window (`tolerance` ≥ 0) the timestamp must be
/// within it of `now` (Unix seconds).
#[no_mangle]
pub extern "C" fn verify(
    id: usize,
    timestamp: usize,
    signature: usize,
    body: usize,
    tolerance: f64,
    now: f64,
) -> u32 {
    // SAFETY: single-threaded; no other reference to KEY is alive.
    let (Some(key), Some((headers, body))) =
        (unsafe { KEY.get() }.as_ref(), delivery(id, timestamp, signature, body))
    else {
        return 0;
    };
    u32::from(verify_signature_with(&headers, body, key, window(tolerance), now as i64))
}

/// The strict check (`unwrap`): 0 when authentic, else the failure's number for [`explain`].
/// The window is 300 s when `tolerance` is negative; the signature header may list several.
#[no_mangle]
pub extern "C" fn check(
    id: usize,
    timestamp: usize,
    signature: usize,
    body: usize,
    tolerance: f64,
    now: f64,
) -> u32 {
    // SAFETY: single-threaded; no other reference to KEY is alive.
    let Some(key) = unsafe { KEY.get() }.as_ref() else {
        return failure_number(VerificationFailure::SignatureMismatch);
    };
    let Some((headers, body)) = delivery(id, timestamp, signature, body) else {
        return failure_number(VerificationFailure::MissingHeader);
    };
    match check_delivery_with(&headers, body, key, window(tolerance), now as i64) {
        Ok(()) => 0,
        Err(failure) => failure_number(failure),
    }
}

/// The failures in the order of their numbers, from 1.
const FAILURES: [VerificationFailure; 6] = [
    VerificationFailure::MissingHeader,
    VerificationFailure::InvalidTimestamp,
    VerificationFailure::TimestampTooOld,
    VerificationFailure::TimestampInFuture,
    VerificationFailure::SignatureMismatch,
    VerificationFailure::InvalidBody,
];

fn failure_number(failure: VerificationFailure) -> u32 {
    FAILURES.iter().position(|known| *known == failure).map_or(0, |at| at as u32 + 1)
}

/// The failure numbered `number` (6 is `invalid_body`, which JS decides) as its reason and its
/// message joined by a line feed, at [`answer`]; returns the length in bytes, 0 for no failure.
#[no_mangle]
pub extern "C" fn explain(number: u32) -> usize {
    let Some(failure) = (number as usize).checked_sub(1).and_then(|at| FAILURES.get(at)) else {
        return 0;
    };
    // SAFETY: single-threaded; no other reference to ANSWER is alive.
    let out = unsafe { ANSWER.get() };
    let mut length = 0;
    for part in [failure.as_str().as_bytes(), b"\n", failure.message().as_bytes()] {
        let Some(to) = out.get_mut(length..length + part.len()) else { return 0 };
        to.copy_from_slice(part);
        length += part.len();
    }
    length
}

/// Signs the id, timestamp and body JS wrote (one after another, from the start of the room)
/// with the key of [`key`]; the `Webhook-Signature` value (67 ASCII bytes) is at [`answer`].
/// Returns its length, 0 when no key is set or the id or timestamp is not UTF-8.
#[no_mangle]
pub extern "C" fn sign(id: usize, timestamp: usize, body: usize) -> usize {
    let at = room(0);
    // SAFETY: single-threaded; no other reference to KEY is alive.
    let (Some(key), Some(id_text), Some(timestamp_text)) =
        (unsafe { KEY.get() }.as_ref(), text(at, id), text(at + id, timestamp))
    else {
        return 0;
    };
    let value = key.signature(id_text, timestamp_text, bytes(at + id + timestamp, body));
    // SAFETY: single-threaded; no other reference to ANSWER is alive.
    let out = unsafe { ANSWER.get() };
    out[..SIGNATURE_LEN].copy_from_slice(&value);
    SIGNATURE_LEN
}

/// Where [`sign`] and [`explain`] leave their answer.
#[no_mangle]
pub extern "C" fn answer() -> usize {
    ANSWER.0.get() as usize
}
