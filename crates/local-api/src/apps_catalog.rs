//! The apps a teammate can be connected to (wire.md §2.5): slug, display name, category.
//! Slugs are also the tool names the simulated agent knows (gmail, slack, linear, stripe, …).

pub struct CatalogApp {
    pub name: &'static str,
    pub display_name: &'static str,
    pub category: &'static str,
}

const fn app(name: &'static str, display_name: &'static str, category: &'static str) -> CatalogApp {
    CatalogApp { name, display_name, category }
}

/// In alphabetical order of `name`, which is the order `GET /apps` lists them in.
pub const CATALOG: &[CatalogApp] = &[
    app("ahrefs", "Ahrefs", "marketing"),
    app("airtable", "Airtable", "productivity"),
    app("amplitude", "Amplitude", "analytics"),
    app("asana", "Asana", "productivity"),
    app("attio", "Attio", "crm"),
    app("bamboohr", "BambooHR", "hr"),
    app("bigquery", "BigQuery", "data"),
    app("bitbucket", "Bitbucket", "engineering"),
    app("box", "Box", "storage"),
    app("brex", "Brex", "finance"),
    app("buffer", "Buffer", "social"),
    app("calendly", "Calendly", "productivity"),
    app("chargebee", "Chargebee", "finance"),
    app("clickup", "ClickUp", "productivity"),
    app("close", "Close", "crm"),
    app("cloudflare", "Cloudflare", "engineering"),
    app("confluence", "Confluence", "productivity"),
    app("datadog", "Datadog", "engineering"),
    app("discord", "Discord", "communication"),
    app("docusign", "DocuSign", "productivity"),
    app("dropbox", "Dropbox", "storage"),
    app("figma", "Figma", "design"),
    app("freshdesk", "Freshdesk", "support"),
    app("front", "Front", "support"),
    app("github", "GitHub", "engineering"),
    app("gitlab", "GitLab", "engineering"),
    app("gmail", "Gmail", "communication"),
    app("gong", "Gong", "crm"),
    app("google-ads", "Google Ads", "marketing"),
    app("google-analytics", "Google Analytics", "analytics"),
    app("google-calendar", "Google Calendar", "productivity"),
    app("google-docs", "Google Docs", "productivity"),
    app("google-drive", "Google Drive", "storage"),
    app("google-search-console", "Google Search Console", "marketing"),
    app("google-sheets", "Google Sheets", "productivity"),
    app("greenhouse", "Greenhouse", "hr"),
    app("gusto", "Gusto", "hr"),
    app("help-scout", "Help Scout", "support"),
    app("hubspot", "HubSpot", "crm"),
    app("instagram", "Instagram", "social"),
    app("intercom", "Intercom", "support"),
    app("jira", "Jira", "engineering"),
    app("klaviyo", "Klaviyo", "marketing"),
    app("linear", "Linear", "engineering"),
    app("linkedin", "LinkedIn", "social"),
    app("linkedin-ads", "LinkedIn Ads", "marketing"),
    app("looker", "Looker", "analytics"),
    app("mailchimp", "Mailchimp", "marketing"),
    app("meta-ads", "Meta Ads", "marketing"),
    app("microsoft-teams", "Microsoft Teams", "communication"),
    app("miro", "Miro", "design"),
    app("mixpanel", "Mixpanel", "analytics"),
    app("monday", "monday.com", "productivity"),
    app("notion", "Notion", "productivity"),
    app("onedrive", "OneDrive", "storage"),
    app("outlook", "Outlook", "communication"),
    app("pagerduty", "PagerDuty", "engineering"),
    app("paypal", "PayPal", "finance"),
    app("pipedrive", "Pipedrive", "crm"),
    app("postgres", "PostgreSQL", "data"),
    app("posthog", "PostHog", "analytics"),
    app("quickbooks", "QuickBooks", "finance"),
    app("ramp", "Ramp", "finance"),
    app("reddit", "Reddit", "social"),
    app("salesforce", "Salesforce", "crm"),
    app("segment", "Segment", "analytics"),
    app("sendgrid", "SendGrid", "communication"),
    app("sentry", "Sentry", "engineering"),
    app("shopify", "Shopify", "commerce"),
    app("slack", "Slack", "communication"),
    app("snowflake", "Snowflake", "data"),
    app("square", "Square", "commerce"),
    app("stripe", "Stripe", "finance"),
    app("supabase", "Supabase", "data"),
    app("telegram", "Telegram", "communication"),
    app("todoist", "Todoist", "productivity"),
    app("trello", "Trello", "productivity"),
    app("twilio", "Twilio", "communication"),
    app("typeform", "Typeform", "marketing"),
    app("vercel", "Vercel", "engineering"),
    app("webflow", "Webflow", "marketing"),
    app("whatsapp", "WhatsApp", "communication"),
    app("woocommerce", "WooCommerce", "commerce"),
    app("wordpress", "WordPress", "marketing"),
    app("x", "X (Twitter)", "social"),
    app("xero", "Xero", "finance"),
    app("youtube", "YouTube", "social"),
    app("zendesk", "Zendesk", "support"),
    app("zoho-crm", "Zoho CRM", "crm"),
    app("zoom", "Zoom", "communication"),
];

pub fn find(name: &str) -> Option<&'static CatalogApp> {
    CATALOG.iter().find(|app| app.name == name)
}

#[cfg(test)]
mod tests {
    use super::CATALOG;

    #[test]
    fn catalog_is_large_sorted_and_unique() {
        assert!(CATALOG.len() >= 70, "{} apps", CATALOG.len());
        for pair in CATALOG.windows(2) {
            assert!(pair[0].name < pair[1].name, "{} before {}", pair[0].name, pair[1].name);
        }
        for app in CATALOG {
            // Slugs are safe path segments as they are.
            assert!(app
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            assert!(!app.display_name.is_empty() && !app.category.is_empty());
        }
    }
}
