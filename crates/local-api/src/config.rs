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
    --console-dir DIR     built console to serve at / (default dist)
    -h, --help            this text
";

impl Config {
    /// Parses the arguments after the program name; `Err` carries a message for stderr.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            match flag.as_str() {
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
                        other => {
                            return Err(format!("--speed is realistic or instant, not {other:?}"))
                        }
                    }
                }
                "--rate-limit" => {
                    let n: u32 = value("--rate-limit")?
                        .parse()
                        .map_err(|_| "--rate-limit takes a number")?;
                    config.rate_limit_per_minute = (n > 0).then_some(n);
                }
                "--console-dir" => config.console_dir = PathBuf::from(value("--console-dir")?),
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        Ok(config)
    }
}
