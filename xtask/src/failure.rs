//! The one error type of xtask: a sentence for a person, printed once by `main`.
//!
//! Every failure here ends the run, so there is nothing to match on; a message that says what
//! was being done and what to try next is all a caller needs.

use std::fmt;

#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Outcome<T = ()> = Result<T, Failure>;
