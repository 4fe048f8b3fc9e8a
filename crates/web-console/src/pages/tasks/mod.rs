//! Tasks: saved instructions for a teammate. The list with its create form, and one task's
//! page (edit, archive, run now, triggers, lessons).

mod detail;
mod lessons;
mod list;
mod triggers;

pub use detail::TaskDetail;
pub use list::TasksPage;
