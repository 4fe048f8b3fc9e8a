//! Agent output as Markdown, by a small renderer of our own: the text is parsed into blocks
//! and inlines, then built as DOM nodes whose text is only ever set as text. Nothing the
//! agent writes becomes HTML: `<script>` stays visible characters, and a link is a link only
//! when its target is http(s); any other link is shown as the source text it was.
//!
//! What it knows: ATX headings, paragraphs, `-`/`*`/`+` and numbered lists, fenced code
//! blocks, block quotes, rules, and inline code, `**strong**`, `*emphasis*`, `[links](…)`.

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List { ordered: bool, items: Vec<Vec<Inline>> },
    Code(String),
    Quote(Vec<Inline>),
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { href: String, label: Vec<Inline> },
}

/// The blocks of `text`, in order.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().peekable();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.join("\n"))));
            paragraph.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some(fence) = fence_of(trimmed) {
            flush(&mut paragraph, &mut blocks);
            let mut code = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with(fence) {
                    break;
                }
                code.push(inner);
            }
            blocks.push(Block::Code(code.join("\n")));
        } else if let Some((level, rest)) = heading_of(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading(level, inlines(rest)));
        } else if is_rule(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Rule);
        } else if let Some(rest) = trimmed.strip_prefix('>') {
            flush(&mut paragraph, &mut blocks);
            let mut quoted = vec![rest.trim_start()];
            while let Some(next) = lines.peek().and_then(|l| l.trim_start().strip_prefix('>')) {
                quoted.push(next.trim_start());
                lines.next();
            }
            blocks.push(Block::Quote(inlines(&quoted.join("\n"))));
        } else if let Some((ordered, first)) = item_of(trimmed) {
            flush(&mut paragraph, &mut blocks);
            let mut items = vec![first.to_owned()];
            while let Some(next) = lines.peek() {
                let next_trimmed = next.trim_start();
                match item_of(next_trimmed) {
                    Some((same, text)) if same == ordered => items.push(text.to_owned()),
                    // An indented line continues the item above it.
                    None if !next_trimmed.is_empty() && next.starts_with([' ', '\t']) => {
                        if let Some(last) = items.last_mut() {
                            last.push('\n');
                            last.push_str(next_trimmed);
                        }
                    }
                    _ => break,
                }
                lines.next();
            }
            let items = items.iter().map(|item| inlines(item)).collect();
            blocks.push(Block::List { ordered, items });
        } else {
            paragraph.push(line.trim());
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

fn fence_of(line: &str) -> Option<&'static str> {
    ["```", "~~~"].into_iter().find(|fence| line.starts_with(fence))
}

fn heading_of(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (level as u8, rest.trim()))
}

fn is_rule(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= 3
        && ["-", "*", "_"].iter().any(|mark| line.chars().all(|c| c.to_string() == *mark))
}

/// A list item's kind (numbered or not) and its text.
fn item_of(line: &str) -> Option<(bool, &str)> {
    for mark in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(mark) {
            return Some((false, rest));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits <= 9)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
        .map(|rest| (true, rest))
}

/// Whether `c` is a letter or digit for `_`'s intraword rule, as `char::is_alphanumeric`
/// (Unicode's `Alphabetic` or `Numeric`). Beyond ASCII the browser's own tables answer:
/// Rust's would add about 2 KB to the wasm (it has a size budget). Natively, where the unit
/// tests run, Rust's answer.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    #[cfg(target_arch = "wasm32")]
    return js_sys::RegExp::new(r"^[\p{Alphabetic}\p{N}]$", "u").test(c.encode_utf8(&mut [0; 4]));
    #[cfg(not(target_arch = "wasm32"))]
    c.is_alphanumeric()
}

/// The inlines of one block's text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let found = match c {
            '`' => span(rest, "`").map(|(inner, after)| (Inline::Code(inner.to_owned()), after)),
            '*' if rest.starts_with("**") => {
                span(rest, "**").map(|(inner, after)| (Inline::Strong(inlines(inner)), after))
            }
            '*' => span(rest, "*").map(|(inner, after)| (Inline::Emphasis(inlines(inner)), after)),
            '_' if !plain.ends_with(is_word) => span(rest, "_")
                .filter(|(_, after)| !after.starts_with(is_word))
                .map(|(inner, after)| (Inline::Emphasis(inlines(inner)), after)),
            '[' => link(rest),
            _ => None,
        };
        match found {
            Some((inline, after)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
                rest = after;
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// `text` opens with `mark`: what lies up to the closing `mark`, and what follows it. The
/// inner text may not start or end with a space, so `2 * 3 * 4` stays arithmetic.
fn span<'t>(text: &'t str, mark: &str) -> Option<(&'t str, &'t str)> {
    let body = &text[mark.len()..];
    let end = body.find(mark)?;
    let inner = &body[..end];
    let tight = !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ');
    (tight || (mark == "`" && !inner.is_empty())).then(|| (inner, &body[end + mark.len()..]))
}

/// `[label](target)`: a link when the target is http(s), the source text otherwise (the
/// caller keeps the characters as plain text when this answers `None`).
fn link(text: &str) -> Option<(Inline, &str)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    let after_paren = &text[close + 2..];
    let end = after_paren.find(')')?;
    let href = after_paren[..end].trim();
    if !is_web_url(href) || label.contains('[') {
        return None;
    }
    let link = Inline::Link { href: href.to_owned(), label: inlines(label) };
    Some((link, &after_paren[end + 1..]))
}

/// Only http and https targets become links: `javascript:`, `data:` and the rest stay text.
pub fn is_web_url(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !href.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// `text` as DOM nodes. Blocks are separated by line breaks in the text, so the element's
/// text content keeps the words apart as the source had them.
pub fn render(text: &str) -> AnyView {
    parse(text)
        .into_iter()
        .enumerate()
        .map(|(index, block)| {
            let gap = (index > 0).then_some("\n\n");
            view! { {gap}{block_view(block)} }.into_any()
        })
        .collect_view()
        .into_any()
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Heading(level, text) => {
            let text = inline_views(text);
            // Inside a page the run's own title is the h1: agent headings start at h3.
            match level {
                1 => view! { <h3 class="md-h1">{text}</h3> }.into_any(),
                2 => view! { <h4 class="md-h2">{text}</h4> }.into_any(),
                _ => view! { <h5 class="md-h3">{text}</h5> }.into_any(),
            }
        }
        Block::Paragraph(text) => view! { <p>{inline_views(text)}</p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|item| view! { "\n" <li>{inline_views(item)}</li> }.into_any())
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Code(code) => view! { <pre class="md-code"><code>{code}</code></pre> }.into_any(),
        Block::Quote(text) => view! { <blockquote>{inline_views(text)}</blockquote> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn inline_views(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Text(text) => text.into_any(),
            Inline::Code(code) => view! { <code>{code}</code> }.into_any(),
            Inline::Strong(inner) => view! { <strong>{inline_views(inner)}</strong> }.into_any(),
            Inline::Emphasis(inner) => view! { <em>{inline_views(inner)}</em> }.into_any(),
            Inline::Link { href, label } => view! {
                <a href=href target="_blank" rel="noopener noreferrer nofollow">{inline_views(label)}</a>
            }
            .into_any(),
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn headings_lists_code_and_paragraphs() {
        let blocks = parse(
            "# Report\n\nTwo things:\n- first **item**\n- second `item`\n\n1. one\n2. two\n\n```rust\nlet x = 1;\n```\n> quoted\n---",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading(1, vec![text("Report")]),
                Block::Paragraph(vec![text("Two things:")]),
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![text("first "), Inline::Strong(vec![text("item")])],
                        vec![text("second "), Inline::Code("item".into())],
                    ],
                },
                Block::List { ordered: true, items: vec![vec![text("one")], vec![text("two")]] },
                Block::Code("let x = 1;".into()),
                Block::Quote(vec![text("quoted")]),
                Block::Rule,
            ]
        );
    }

    #[test]
    fn script_tags_stay_text() {
        let blocks = parse("<script>alert(1)</script> and <img src=x onerror=alert(1)>");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![text(
                "<script>alert(1)</script> and <img src=x onerror=alert(1)>"
            )])]
        );
    }

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            inlines("see [docs](https://m8tes.ai/docs) now"),
            vec![
                text("see "),
                Inline::Link { href: "https://m8tes.ai/docs".into(), label: vec![text("docs")] },
                text(" now"),
            ]
        );
        for hostile in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox)",
            "[x](//evil.example)",
            "[x](https://a.example\" onclick=\"alert(1))",
        ] {
            let parsed = inlines(hostile);
            assert!(
                !parsed.iter().any(|i| matches!(i, Inline::Link { .. })),
                "{hostile} became a link: {parsed:?}"
            );
            let shown: String = parsed
                .iter()
                .map(|i| match i {
                    Inline::Text(t) => t.clone(),
                    other => format!("{other:?}"),
                })
                .collect();
            assert_eq!(shown, hostile, "the source is kept as text");
        }
    }

    #[test]
    fn arithmetic_and_identifiers_are_not_emphasis() {
        assert_eq!(inlines("2 * 3 * 4"), vec![text("2 * 3 * 4")]);
        assert_eq!(inlines("snake_case_name"), vec![text("snake_case_name")]);
        assert_eq!(
            inlines("an *emphasised* word"),
            vec![text("an "), Inline::Emphasis(vec![text("emphasised")]), text(" word"),]
        );
    }

    #[test]
    fn unclosed_marks_and_partial_streams_are_plain_text() {
        for partial in ["**bold", "`code", "[label](https://a.example", "[label"] {
            assert_eq!(inlines(partial), vec![text(partial)]);
        }
        // A code fence still open while the stream arrives is code so far.
        assert_eq!(parse("```\nlet x"), vec![Block::Code("let x".into())]);
    }

    #[test]
    fn multibyte_text_is_kept() {
        assert_eq!(
            inlines("café — **ünïcode** ✓"),
            vec![text("café — "), Inline::Strong(vec![text("ünïcode")]), text(" ✓"),]
        );
    }
}
