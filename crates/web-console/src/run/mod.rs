//! The live run: its model folded from events (`live`), the tasks that feed it from streams
//! (`follow`), the registry that keeps it across page changes (`board`), and its views.

pub mod actions;
pub mod board;
pub mod follow;
pub mod gates;
pub mod indented;
pub mod live;
pub mod outcome;
pub mod page;
pub mod start;
pub mod transcript;
pub mod view;
