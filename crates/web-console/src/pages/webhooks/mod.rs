//! Webhooks: the endpoints m8tes posts run events to, with their events and active toggle;
//! the signing secret shown once (at creation and at rotation) with a copy button; and each
//! endpoint's deliveries with status, response code and attempts.

mod deliveries;
mod detail;
mod events;
mod list;
mod secret;

pub use detail::WebhookDetail;
pub use list::WebhooksPage;
