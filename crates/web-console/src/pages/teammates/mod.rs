//! Teammates: the paginated list, create, and one teammate's page (edit, archive, inbound
//! webhook URL and email inbox); the last two share one form.

mod detail;
mod form;
mod list;
mod new;

pub use detail::TeammateDetail;
pub use list::TeammatesPage;
pub use new::TeammateNew;
