//! The local m8tes API server. Built in the server issue; empty until then.
