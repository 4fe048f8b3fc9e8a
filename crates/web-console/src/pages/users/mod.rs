//! Users: the end-user profiles of the account; per user, memories (add, delete) and the tools
//! pre-approved for them.

mod detail;
mod items;
mod list;
mod memories;
mod tools;

pub use detail::UserDetail;
pub use list::UsersPage;
