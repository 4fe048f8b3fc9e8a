//! The m8tes v2 wire contract, with no I/O: what the client sends and parses and what the
//! local server answers. Both sides use this crate, so one function signs and verifies.
