//! Reading the report that the protocol crate's contract-vector tests leave behind.
//!
//! Each vector test appends `vectors <file>: <N> cases` to the file named by
//! `M8TES_VECTOR_REPORT`. Checking it after `cargo test` proves the vectors ran at all, which a
//! green `cargo test` alone does not: a test that silently found no vector file would pass.

pub const ENV: &str = "M8TES_VECTOR_REPORT";

#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    pub lines: Vec<String>,
    pub total_cases: u64,
}

pub fn parse(text: &str) -> Report {
    let lines: Vec<String> =
        text.lines().map(str::trim).filter(|line| !line.is_empty()).map(String::from).collect();
    let total_cases = lines.iter().filter_map(|line| cases_in(line)).sum();
    Report { lines, total_cases }
}

/// `vectors sse-framing.json: 12 cases` gives 12; anything else gives nothing.
fn cases_in(line: &str) -> Option<u64> {
    let rest = line.strip_prefix("vectors ")?;
    let (_, count) = rest.rsplit_once(": ")?;
    count.strip_suffix(" cases")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn sums_the_cases_of_every_vector_line() {
        let report = parse(
            "vectors sse-framing.json: 12 cases\n\
             vectors webhook-signatures.json: 7 cases\n\
             \n\
             unrelated line\n",
        );
        assert_eq!(report.total_cases, 19);
        assert_eq!(report.lines.len(), 3);
    }

    #[test]
    fn a_file_name_with_a_colon_still_parses() {
        assert_eq!(parse("vectors a: b.json: 3 cases").total_cases, 3);
        assert_eq!(parse("vectors x.json: many cases").total_cases, 0);
    }
}
