//! The m8tes client over `fetch`. Built in the client issue; empty until then.
