//! Account passwords, stored as `sha256$<salt>$<digest>` with a random 16-byte salt. One
//! salted SHA-256 is enough for a server that holds throwaway local accounts; a hosted
//! service would use a slow KDF (argon2, scrypt) instead.

use m8tes_protocol::webhook_signature::constant_time_eq;
use sha2::{Digest, Sha256};

use crate::secret::{hex, random_hex};

pub fn hash(password: &str) -> String {
    let salt = random_hex(16);
    format!("sha256${salt}${}", digest(&salt, password))
}

/// Whether `password` matches `stored`; a malformed stored value matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("sha256"), Some(salt), Some(expected), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    constant_time_eq(digest(salt, password).as_bytes(), expected.as_bytes())
}

/// Spends the time a real check takes, so an unknown email answers as slowly as a wrong
/// password and timing does not reveal which accounts exist.
pub fn verify_nothing(password: &str) {
    let _ = digest("0000000000000000", password);
}

fn digest(salt: &str, password: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(password.as_bytes());
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_salting() {
        let stored = super::hash("correct horse");
        assert!(super::verify(&stored, "correct horse"));
        assert!(!super::verify(&stored, "correct horsE"));
        assert_ne!(stored, super::hash("correct horse"), "each hash has its own salt");
        assert!(!super::verify("garbage", "correct horse"));
        assert!(!super::verify("sha256$a$b$c", "x"));
    }
}
