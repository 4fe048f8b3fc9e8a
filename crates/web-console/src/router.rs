//! The console's own router: the address bar as two signals (path and query), links that
//! move within the app without a reload, and the route table matched by path segments.
//!
//! It replaces `leptos_router`, whose generic route machinery was about a tenth of the
//! console's wasm (which has a gzip budget); the console needs only flat routes with `:param`
//! segments, `history.pushState`, the back button, and the current link marked.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the app is: the path and the query string (without `?`), both tracked.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: RwSignal<String>,
    pub search: RwSignal<String>,
}

/// The `:name` segments of the route being shown, read when its page is built.
#[derive(Clone, Copy)]
pub struct Params(StoredValue<Vec<(&'static str, String)>>);

impl Params {
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.with_value(|params| {
            params.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone())
        })
    }
}

thread_local! {
    /// The app's one location, for navigations from tasks that outlive their page's owner.
    static LOCATION: std::cell::OnceCell<Location> = const { std::cell::OnceCell::new() };
}

/// Starts following the address bar: the current location, the back and forward buttons,
/// and clicks on same-origin links, which move without a reload.
pub fn provide_location() -> Location {
    let (pathname, search) = read_address();
    let location = Location { pathname: RwSignal::new(pathname), search: RwSignal::new(search) };
    LOCATION.with(|cell| cell.set(location).ok());
    let on_pop = window_event_listener(ev::popstate, move |_| location.sync());
    let on_click = window_event_listener(ev::click, follow_link);
    // The listeners live as long as the app; forgetting them keeps them without a handle.
    std::mem::forget((on_pop, on_click));
    location
}

pub fn use_location() -> Location {
    LOCATION.with(|cell| *cell.get().expect("provide_location runs before any page"))
}

/// The route parameters of the page being built.
pub fn use_params() -> Params {
    use_context().unwrap_or_else(|| Params(StoredValue::new(Vec::new())))
}

/// The value of `name` in the query string, read once.
pub fn query_param(name: &str) -> Option<String> {
    use_location().search.with_untracked(|search| {
        web_sys::UrlSearchParams::new_with_str(search).ok().and_then(|params| params.get(name))
    })
}

/// Goes to `to` (a path in this app), as a new history entry.
pub fn navigate(to: &str) {
    go(to, false);
}

/// Goes to `to` in place of the current entry, so Back skips where we were.
pub fn navigate_replace(to: &str) {
    go(to, true);
}

fn go(to: &str, replace: bool) {
    let Some(window) = web_sys::window() else { return };
    let Ok(history) = window.history() else { return };
    let moved = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    };
    if moved.is_ok() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
        use_location().sync();
    }
}

impl Location {
    /// Reads the address bar again after the history moved.
    fn sync(self) {
        let (pathname, search) = read_address();
        if self.pathname.get_untracked() != pathname {
            self.pathname.set(pathname);
        }
        if self.search.get_untracked() != search {
            self.search.set(search);
        }
    }

    /// Whether a menu link to `href` is the current page: the same path, or one below it.
    pub fn is_current(self, href: &str) -> bool {
        self.pathname.with(|path| {
            path == href
                || (href != "/"
                    && path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
        })
    }
}

fn read_address() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let pathname = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let search = location.and_then(|l| l.search().ok()).unwrap_or_default();
    (pathname, search.trim_start_matches('?').to_owned())
}

/// A plain left click on a link to this origin moves within the app; anything else (a new
/// tab, a download, another site) is left to the browser.
fn follow_link(event: web_sys::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(anchor) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    if anchor.has_attribute("download") || !anchor.target().is_empty() {
        return;
    }
    let here = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    if anchor.origin() != here {
        return;
    }
    event.prevent_default();
    let to = format!("{}{}{}", anchor.pathname(), anchor.search(), anchor.hash());
    navigate(&to);
}

/// A route pattern such as `/teammates/:id` matched against a path: its parameters, or
/// `None` when the path is not this route.
pub fn match_route(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut wanted = pattern.split('/').filter(|s| !s.is_empty());
    let mut given = path.split('/').filter(|s| !s.is_empty());
    let mut params = Vec::new();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some(params),
            (Some(want), Some(got)) => {
                if let Some(name) = want.strip_prefix(':') {
                    let value = if got.contains('%') {
                        js_sys::decode_uri_component(got).ok()?.as_string()?
                    } else {
                        got.to_owned()
                    };
                    params.push((name, value));
                } else if want != got {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// A route: its path pattern and the page it builds.
pub type Route = (&'static str, fn() -> AnyView);

/// The routes: the first pattern matching the path builds its page, with its parameters in
/// context. The page is built again only when the match changes, not on every query change.
pub fn routes(table: &'static [Route], fallback: fn() -> AnyView) -> impl IntoView {
    let location = use_location();
    let matched = Memo::new(move |_| {
        location.pathname.with(|path| {
            table.iter().enumerate().find_map(|(index, (pattern, _))| {
                match_route(pattern, path).map(|params| (index, params))
            })
        })
    });
    move || match matched.get() {
        Some((index, params)) => {
            provide_context(Params(StoredValue::new(params)));
            (table[index].1)()
        }
        None => fallback(),
    }
}

#[cfg(test)]
mod tests {
    use super::match_route;

    #[test]
    fn patterns_match_by_segment() {
        assert_eq!(match_route("/", "/"), Some(vec![]));
        assert_eq!(match_route("/runs", "/runs/"), Some(vec![]));
        assert_eq!(match_route("/runs/:id", "/runs/42"), Some(vec![("id", "42".to_owned())]));
        assert_eq!(match_route("/runs/:id", "/runs"), None);
        assert_eq!(match_route("/runs/:id", "/runs/42/files"), None);
        assert_eq!(match_route("/runs", "/run"), None);
        assert_eq!(match_route("/", "/runs"), None);
    }
}
