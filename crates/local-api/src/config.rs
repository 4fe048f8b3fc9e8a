//! The server's command line: `m8tes-local --port 8787 --data-dir .m8tes-local --api-key m8_… --speed realistic|instant`.

use std::path::PathBuf;

/// How fast the simulated agent streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    /// Pauses between deltas, as a person watching the console expects.
    Realistic,
    /// No pauses: for tests.
    Instant,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// Where the SQLite database and run files live; `None` with `--memory`.
    pub data_dir: Option<PathBuf>,
    /// Extra keys to create (tests pass a known one).
    pub api_keys: Vec<String>,
    pub speed: Speed,
    /// Requests a minute per API key before 429; `None` = no limit (the default).
    pub rate_limit_per_minute: Option<u32>,
    /// The built console to serve at `/`, when the folder exists.
    pub console_dir: PathBuf,
    /// Silence on a run stream after which a `: keepalive` comment is sent (D9: 15 s).
    pub stream_keepalive: std::time::Duration,
    /// The wait before an outbound webhook's first retry; each later one doubles it (1 s, 2 s,
    /// 4 s, 8 s). Only tests shorten it, to see a delivery run out of attempts quickly.
    pub webhook_retry_base: std::time::Duration,
    /// Runs of one account executing at once before a new one is refused with 429.
    pub max_live_runs: usize,
    /// Deliveries waiting to be sent to one endpoint before new events for it are dropped
    /// (and logged): a dead or looping receiver cannot grow the store without bound.
    pub max_pending_deliveries: usize,
    /// `/token` and `/signup` attempts a minute per client address and per email before 429.
    pub login_limit_per_minute: u32,
    /// Time a connection has to send a whole request head, from opening or from its previous
    /// response (so also how long an idle keep-alive connection stays open).
    pub header_timeout: std::time::Duration,
    /// Connections open at once; one more is closed as soon as it is accepted.
    pub max_connections: usize,
    /// Extra PEM roots trusted for https webhook receivers, beside the platform's.
    pub ca_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8787,
            data_dir: Some(PathBuf::from(".m8tes-local")),
            api_keys: Vec::new(),
            speed: Speed::Realistic,
            rate_limit_per_minute: None,
            console_dir: PathBuf::from("dist"),
            stream_keepalive: std::time::Duration::from_secs(15),
            webhook_retry_base: std::time::Duration::from_secs(1),
            max_live_runs: 50,
            max_pending_deliveries: 1000,
            login_limit_per_minute: 20,
            header_timeout: std::time::Duration::from_secs(10),
            max_connections: 512,
            ca_file: None,
        }
    }
}

pub const USAGE: &str = "\
m8tes-local: the m8tes v2 API on your machine, with a simulated agent

USAGE:
    m8tes-local [OPTIONS]

OPTIONS:
    --port N              port to listen on (default 8787; 0 picks a free one)
    --host ADDR           address to bind (default 127.0.0.1)
    --data-dir DIR        SQLite database and run files (default .m8tes-local)
    --memory              keep everything in memory; nothing is written to disk
    --api-key KEY         also accept this key (repeatable); created on the default account
    --speed MODE          realistic (default) or instant (no pauses; for tests)
    --rate-limit N        requests a minute per key before 429 (default: no limit)
    --login-limit N       /token and /signup attempts a minute per client address and per
                          email before 429 (default 20)
    --header-timeout-secs N
                          seconds a connection has to send a request head, from opening
                          or from its previous response; also how long an idle keep-alive
                          connection stays open (default 10)
    --max-connections N   connections open at once; one more is closed at once (default 512)
    --console-dir DIR     built console to serve at / (default dist)
    --max-live-runs N     runs of one account executing at once before 429 (default 50)
    --max-pending-deliveries N
                          unsent deliveries per webhook endpoint before new events for it
                          are dropped and logged (default 1000)
    --ca-file PATH        also trust the PEM certificates in PATH for https webhook
                          receivers (besides the platform's roots, or SSL_CERT_FILE's
                          when that is set)
    -h, --help            this text
";

impl Config {
    /// Parses the arguments after the program name (`--flag value` or `--flag=value`); `Err`
    /// carries a message for stderr, which never repeats a value (it may be a key).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            let mut inline = inline;
            let mut value = |name: &str| {
                inline.take().or_else(|| args.next()).ok_or(format!("{name} needs a value"))
            };
            match flag {
                "--port" => {
                    config.port = value("--port")?.parse().map_err(|_| "--port takes a number")?
                }
                "--host" => config.host = value("--host")?,
                "--data-dir" => config.data_dir = Some(PathBuf::from(value("--data-dir")?)),
                "--memory" => config.data_dir = None,
                "--api-key" => config.api_keys.push(value("--api-key")?),
                "--speed" => {
                    config.speed = match value("--speed")?.as_str() {
                        "realistic" => Speed::Realistic,
                        "instant" => Speed::Instant,
                        _ => return Err("--speed is realistic or instant".into()),
                    }
                }
                "--rate-limit" => {
                    let n: u32 = value("--rate-limit")?
                        .parse()
                        .map_err(|_| "--rate-limit takes a number")?;
                    config.rate_limit_per_minute = (n > 0).then_some(n);
                }
                "--max-live-runs" => {
                    config.max_live_runs = positive(value("--max-live-runs")?, "--max-live-runs")?
                }
                "--max-pending-deliveries" => {
                    config.max_pending_deliveries =
                        positive(value("--max-pending-deliveries")?, "--max-pending-deliveries")?
                }
                "--login-limit" => {
                    let n = positive(value("--login-limit")?, "--login-limit")?;
                    config.login_limit_per_minute = u32::try_from(n).unwrap_or(u32::MAX);
                }
                "--header-timeout-secs" => {
                    let secs = positive(value("--header-timeout-secs")?, "--header-timeout-secs")?;
                    // A deadline far in the future would overflow the clock.
                    if secs > 86_400 {
                        return Err("--header-timeout-secs takes at most 86400 (a day)".into());
                    }
                    config.header_timeout = std::time::Duration::from_secs(secs as u64);
                }
                "--max-connections" => {
                    config.max_connections =
                        positive(value("--max-connections")?, "--max-connections")?
                }
                "--ca-file" => config.ca_file = Some(PathBuf::from(value("--ca-file")?)),
                "--console-dir" => config.console_dir = PathBuf::from(value("--console-dir")?),
                "-h" | "--help" => return Err(USAGE.into()),
                other if other.starts_with('-') => {
                    return Err(format!("unknown option {other:?}\n\n{USAGE}"))
                }
                _ => return Err(format!("unexpected argument (not an option)\n\n{USAGE}")),
            }
            if inline.is_some() {
                return Err(format!("{flag} takes no value"));
            }
        }
        Ok(config)
    }
}

/// A count of at least one (a limit of zero would refuse everything).
fn positive(value: String, flag: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes a number of at least 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Config, Speed};

    fn parse(args: &[&str]) -> Result<Config, String> {
        Config::from_args(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn flags_with_a_space_or_an_equals_sign() {
        let config =
            parse(&["--port", "0", "--api-key=m8_a", "--api-key", "m8_b", "--speed=instant"])
                .expect("valid");
        assert_eq!((config.port, config.speed), (0, Speed::Instant));
        assert_eq!(config.api_keys, ["m8_a", "m8_b"]);
        assert_eq!(parse(&["--memory"]).expect("valid").data_dir, None);
    }

    #[test]
    fn errors_never_repeat_a_value() {
        for args in [
            &["--api-kee=m8_secret_value"][..],
            &["--speed", "m8_secret_value"],
            &["--port=m8_secret_value"],
            &["--memory=m8_secret_value"],
            &["m8_secret_value"],
        ] {
            let message = parse(args).expect_err("refused");
            assert!(!message.contains("m8_secret_value"), "{args:?}: {message}");
        }
    }

    /// D9: a stream sends a keepalive comment after 15 s of silence.
    #[test]
    fn defaults() {
        let config = Config::default();
        assert_eq!(config.stream_keepalive, std::time::Duration::from_secs(15));
        assert_eq!(config.webhook_retry_base, std::time::Duration::from_secs(1));
        assert_eq!((config.host.as_str(), config.port), ("127.0.0.1", 8787));
        assert_eq!(config.header_timeout, std::time::Duration::from_secs(10));
        assert_eq!(config.max_connections, 512);
        let set = parse(&["--header-timeout-secs=3", "--max-connections", "64"]).expect("valid");
        assert_eq!((set.header_timeout.as_secs(), set.max_connections), (3, 64));
        assert!(parse(&["--max-connections=0"]).is_err());
        assert!(parse(&["--header-timeout-secs=86401"]).is_err());
        assert_eq!(config.ca_file, None);
        let trusted = parse(&["--ca-file", "roots.pem"]).expect("valid").ca_file;
        assert_eq!(trusted.as_deref(), Some(std::path::Path::new("roots.pem")));
    }
}
