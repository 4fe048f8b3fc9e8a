//! The JavaScript API's Rust half: pure computations the npm package's JS layer (`npm/src/`)
//! calls, which does all the I/O. Values cross as JSON text where JS parses them anyway
//! (`JSON.parse` is smaller and faster than building objects field by field from Rust).

mod calls;
mod convert;
mod errors;
mod stream;
