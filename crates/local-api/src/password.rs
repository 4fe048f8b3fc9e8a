//! Account passwords, stored as argon2id PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`) with
//! a random salt, at OWASP's parameters. Older stores hold `sha256$<salt>$<digest>`: those still
//! verify, and the login that proves the password replaces them (see [`Check::Right`]).
//!
//! A hash takes tens of milliseconds of CPU and 19 MiB, so it runs on tokio's blocking pool,
//! never on an executor thread, and at most [`MAX_CONCURRENT_HASHES`] at once, so a burst of
//! logins queues instead of taking memory without bound.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use m8tes_protocol::webhook_signature::constant_time_eq;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::secret::hex;

/// Hashes running at once; the others wait their turn (19 MiB each).
const MAX_CONCURRENT_HASHES: usize = 8;
static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// What a password check found.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// The password matches; `rehashed` is its argon2id hash when the stored one was in the
    /// old format, to be stored in its place.
    Right { rehashed: Option<String> },
    /// No account, no password on it, or not this password.
    Wrong,
}

/// A hash could not be computed (its blocking task panicked or the runtime is stopping).
#[derive(Debug)]
pub struct HashingFailed;

/// The argon2id PHC string of `password`, with a fresh random salt.
pub async fn hash(password: String) -> Result<String, HashingFailed> {
    off_thread(move || hash_now(&password)).await?
}

/// Checks `password` against the stored hash; `None` (no such account, or one without a
/// password) takes as long as a real check, so timing does not tell which accounts exist.
pub async fn check(stored: Option<String>, password: String) -> Result<Check, HashingFailed> {
    off_thread(move || match stored {
        Some(stored) => check_now(&stored, &password),
        None => {
            let _ = check_now(decoy(), &password);
            Check::Wrong
        }
    })
    .await
}

/// Runs one hash on the blocking pool, waiting for a free slot first.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashingFailed> {
    let _slot = HASHING.acquire().await.map_err(|_| HashingFailed)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| HashingFailed)
}

/// Fails only for a password over argon2's 4 GiB bound, far above any request body.
fn hash_now(password: &str) -> Result<String, HashingFailed> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let hash = Argon2::default().hash_password(password.as_bytes(), &salt);
    hash.map(|hash| hash.to_string()).map_err(|_| HashingFailed)
}

/// Compares in constant time in both formats: argon2's output comparison and
/// [`constant_time_eq`] for the old digest. A malformed stored value matches nothing.
fn check_now(stored: &str, password: &str) -> Check {
    if let Some(legacy) = stored.strip_prefix("sha256$") {
        let mut parts = legacy.split('$');
        let (Some(salt), Some(expected), None) = (parts.next(), parts.next(), parts.next()) else {
            return Check::Wrong;
        };
        return if constant_time_eq(sha256(salt, password).as_bytes(), expected.as_bytes()) {
            Check::Right { rehashed: hash_now(password).ok() }
        } else {
            Check::Wrong
        };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Check::Wrong;
    };
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Check::Right { rehashed: None },
        Err(_) => Check::Wrong,
    }
}

/// A real argon2id hash of nothing anyone knows, checked when there is no account.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_now(&crate::secret::random_hex(16)).unwrap_or_default())
}

/// The old format's digest: SHA-256 of the salt then the password, as hex.
fn sha256(salt: &str, password: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(password.as_bytes());
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::{check_now, hash_now, sha256, Check};

    #[test]
    fn argon2id_round_trip_and_salting() {
        let stored = hash_now("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert_eq!(check_now(&stored, "correct horse"), Check::Right { rehashed: None });
        assert_eq!(check_now(&stored, "correct horsE"), Check::Wrong);
        assert_ne!(stored, hash_now("correct horse").unwrap(), "each hash has its own salt");
    }

    #[test]
    fn an_old_sha256_hash_verifies_and_comes_back_as_argon2id() {
        let stored = format!("sha256$0123abcd${}", sha256("0123abcd", "correct horse"));
        let Check::Right { rehashed: Some(rehashed) } = check_now(&stored, "correct horse") else {
            panic!("the old hash should verify and be rehashed");
        };
        assert!(rehashed.starts_with("$argon2id$"), "{rehashed}");
        assert_eq!(check_now(&rehashed, "correct horse"), Check::Right { rehashed: None });
        assert_eq!(check_now(&stored, "correct horsE"), Check::Wrong);
    }

    #[test]
    fn malformed_stored_values_match_nothing() {
        for stored in ["", "garbage", "sha256$a$b$c", "sha256$a", "$argon2id$v=19$nonsense"] {
            assert_eq!(check_now(stored, "x"), Check::Wrong, "{stored:?}");
        }
    }
}
