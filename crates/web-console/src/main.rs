//! The m8tes web console. A placeholder until the console issue: Trunk builds it from the
//! root `index.html`, which shows a static page meanwhile.
fn main() {}
