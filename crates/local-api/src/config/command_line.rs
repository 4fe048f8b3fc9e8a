//! The command line and its environment: one table of flags, from which `--help` and the
//! `M8TES_LOCAL_*` variable names are derived, so they never disagree with the parser.

use std::path::PathBuf;

use super::{Config, LogFormat, Speed};

/// One option: its flag, what its value looks like (`None`: a switch), and its help text. The
/// environment variable is derived from the flag, so `--help` and the parser never disagree.
struct Flag {
    flag: &'static str,
    value: Option<&'static str>,
    help: &'static str,
}

/// Every option, in `--help` order.
const FLAGS: &[Flag] = &[
    Flag { flag: "--port", value: Some("N"), help: "port to listen on (default 8787; 0 picks a free one)" },
    Flag { flag: "--host", value: Some("ADDR"), help: "address to bind (default 127.0.0.1)" },
    Flag { flag: "--data-dir", value: Some("DIR"), help: "SQLite database and run files (default .m8tes-local)" },
    Flag { flag: "--memory", value: None, help: "keep everything in memory; nothing is written to disk" },
    Flag { flag: "--api-key", value: Some("KEY"), help: "also accept this key (repeatable; in the environment, comma-separated); created on the default account" },
    Flag { flag: "--speed", value: Some("MODE"), help: "realistic (default) or instant (no pauses; for tests)" },
    Flag { flag: "--rate-limit", value: Some("N"), help: "requests a minute per key before 429 (default: no limit)" },
    Flag { flag: "--login-limit", value: Some("N"), help: "/token and /signup attempts a minute per client address and per email before 429 (default 20)" },
    Flag { flag: "--header-timeout-secs", value: Some("N"), help: "seconds a connection has to send a request head, from opening or from its previous response; also how long an idle keep-alive connection stays open (default 10)" },
    Flag { flag: "--max-connections", value: Some("N"), help: "connections open at once; one more is closed at once (default 512)" },
    Flag { flag: "--console-dir", value: Some("DIR"), help: "built console to serve at / (default dist)" },
    Flag { flag: "--max-live-runs", value: Some("N"), help: "runs of one account executing at once before 429 (default 50)" },
    Flag { flag: "--max-pending-deliveries", value: Some("N"), help: "unsent deliveries per webhook endpoint before new events for it are dropped and logged (default 1000)" },
    Flag { flag: "--ca-file", value: Some("PATH"), help: "also trust the PEM certificates in PATH for https webhook receivers (besides the platform's roots, or SSL_CERT_FILE's when that is set)" },
    Flag { flag: "--log-format", value: Some("FORMAT"), help: "text (default) or json: one line per request (method, path, status, latency, request id) and per event worth knowing" },
];

/// `--port` is `M8TES_LOCAL_PORT`.
fn env_name(flag: &str) -> String {
    format!("M8TES_LOCAL_{}", flag.trim_start_matches('-').replace('-', "_").to_uppercase())
}

/// The `--help` text, with each option's environment variable.
pub fn usage() -> String {
    let mut text = String::from(
        "m8tes-local: the m8tes v2 API on your machine, with a simulated agent\n\n\
         USAGE:\n    m8tes-local [OPTIONS]\n\nOPTIONS:\n",
    );
    for option in FLAGS {
        let head = match option.value {
            Some(value) => format!("{} {value}", option.flag),
            None => option.flag.to_owned(),
        };
        text.push_str(&format!("    {head}\n"));
        for line in wrap(option.help, 66) {
            text.push_str(&format!("          {line}\n"));
        }
        text.push_str(&format!("          [env: {}]\n", env_name(option.flag)));
    }
    text.push_str(
        "    --version\n          the version, then exit\n    -h, --help\n          this text\n\n\
         An option on the command line wins over its environment variable. A switch's variable\n\
         is on when set to 1 or true.\n",
    );
    text
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// What the command line asks for besides serving.
pub enum Invocation {
    Serve(Config),
    /// `--help`: the text to print.
    Help(String),
    /// `--version`: the text to print.
    Version(String),
}

impl Config {
    /// Parses the arguments after the program name (`--flag value` or `--flag=value`); `Err`
    /// carries a message for stderr, which never repeats a value (it may be a key).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        match Config::from_env_and_args(|_| None, args)? {
            Invocation::Serve(config) => Ok(config),
            Invocation::Help(text) | Invocation::Version(text) => Err(text),
        }
    }

    /// The environment's `M8TES_LOCAL_*` variables first, then the arguments, which win.
    pub fn from_env_and_args(
        env: impl Fn(&str) -> Option<String>,
        args: impl IntoIterator<Item = String>,
    ) -> Result<Invocation, String> {
        let mut config = Config::default();
        for option in FLAGS {
            let name = env_name(option.flag);
            let Some(raw) = env(&name) else { continue };
            match option.value {
                None => match raw.trim() {
                    "1" | "true" => config.apply(option.flag, None)?,
                    "" | "0" | "false" => {}
                    _ => return Err(format!("{name} is 1, true, 0 or false")),
                },
                Some(_) if option.flag == "--api-key" => {
                    for key in raw.split(',').map(str::trim).filter(|key| !key.is_empty()) {
                        config.apply(option.flag, Some(key.to_owned()))?;
                    }
                }
                Some(_) => {
                    config.apply(option.flag, Some(raw)).map_err(|e| format!("{name}: {e}"))?
                }
            }
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "-h" | "--help" => return Ok(Invocation::Help(usage())),
                "--version" => {
                    return Ok(Invocation::Version(format!(
                        "m8tes-local {}",
                        env!("CARGO_PKG_VERSION")
                    )))
                }
                _ => {}
            }
            let Some(option) = FLAGS.iter().find(|option| option.flag == flag) else {
                return Err(if flag.starts_with('-') {
                    format!("unknown option {flag:?}\n\n{}", usage())
                } else {
                    format!("unexpected argument (not an option)\n\n{}", usage())
                });
            };
            let value = match (option.value, inline) {
                (None, Some(_)) => return Err(format!("{flag} takes no value")),
                (None, None) => None,
                (Some(_), Some(value)) => Some(value),
                (Some(_), None) => Some(args.next().ok_or(format!("{flag} needs a value"))?),
            };
            config.apply(option.flag, value)?;
        }
        Ok(Invocation::Serve(config))
    }

    /// Sets one option; `value` is `None` for a switch.
    fn apply(&mut self, flag: &str, value: Option<String>) -> Result<(), String> {
        let value = || value.clone().ok_or(format!("{flag} needs a value"));
        match flag {
            "--port" => self.port = value()?.parse().map_err(|_| "--port takes a number")?,
            "--host" => self.host = value()?,
            "--data-dir" => self.data_dir = Some(PathBuf::from(value()?)),
            "--memory" => self.data_dir = None,
            "--api-key" => self.api_keys.push(value()?),
            "--speed" => {
                self.speed = match value()?.as_str() {
                    "realistic" => Speed::Realistic,
                    "instant" => Speed::Instant,
                    _ => return Err("--speed is realistic or instant".into()),
                }
            }
            "--rate-limit" => {
                let n: u32 = value()?.parse().map_err(|_| "--rate-limit takes a number")?;
                self.rate_limit_per_minute = (n > 0).then_some(n);
            }
            "--max-live-runs" => self.max_live_runs = positive(value()?, flag)?,
            "--max-pending-deliveries" => self.max_pending_deliveries = positive(value()?, flag)?,
            "--login-limit" => {
                self.login_limit_per_minute =
                    u32::try_from(positive(value()?, flag)?).unwrap_or(u32::MAX)
            }
            "--header-timeout-secs" => {
                let secs = positive(value()?, flag)?;
                // A deadline far in the future would overflow the clock.
                if secs > 86_400 {
                    return Err("--header-timeout-secs takes at most 86400 (a day)".into());
                }
                self.header_timeout = std::time::Duration::from_secs(secs as u64);
            }
            "--max-connections" => self.max_connections = positive(value()?, flag)?,
            "--ca-file" => self.ca_file = Some(PathBuf::from(value()?)),
            "--console-dir" => self.console_dir = PathBuf::from(value()?),
            "--log-format" => {
                self.log_format = match value()?.as_str() {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    _ => return Err("--log-format is text or json".into()),
                }
            }
            _ => return Err(format!("unknown option {flag:?}")),
        }
        Ok(())
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
    use super::{env_name, usage, Config, Invocation, LogFormat, Speed, FLAGS};

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
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(parse(&["--log-format=json"]).expect("valid").log_format, LogFormat::Json);
        assert!(parse(&["--log-format=xml"]).is_err());
    }

    fn with_env(vars: &[(&str, &str)], args: &[&str]) -> Result<Invocation, String> {
        let vars: Vec<(String, String)> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_env_and_args(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            args.iter().map(|a| a.to_string()),
        )
    }

    fn serve(invocation: Result<Invocation, String>) -> Config {
        match invocation {
            Ok(Invocation::Serve(config)) => config,
            Ok(_) => panic!("expected a config"),
            Err(message) => panic!("refused: {message}"),
        }
    }

    #[test]
    fn every_option_is_settable_from_the_environment_and_shown_in_help() {
        let help = usage();
        for option in FLAGS {
            let name = env_name(option.flag);
            assert!(help.contains(&format!("[env: {name}]")), "{name} missing from --help");
            assert!(help.contains(option.flag), "{} missing from --help", option.flag);
        }
        let config = serve(with_env(
            &[
                ("M8TES_LOCAL_PORT", "0"),
                ("M8TES_LOCAL_SPEED", "instant"),
                ("M8TES_LOCAL_MEMORY", "true"),
                ("M8TES_LOCAL_API_KEY", "m8_a, m8_b"),
                ("M8TES_LOCAL_MAX_LIVE_RUNS", "3"),
                ("M8TES_LOCAL_LOG_FORMAT", "json"),
            ],
            &[],
        ));
        assert_eq!((config.port, config.speed, config.data_dir), (0, Speed::Instant, None));
        assert_eq!(config.api_keys, ["m8_a", "m8_b"]);
        assert_eq!((config.max_live_runs, config.log_format), (3, LogFormat::Json));
    }

    #[test]
    fn the_command_line_wins_and_env_errors_never_repeat_a_value() {
        let config = serve(with_env(&[("M8TES_LOCAL_PORT", "9000")], &["--port", "9001"]));
        assert_eq!(config.port, 9001);
        for (name, value) in
            [("M8TES_LOCAL_PORT", "m8_secret_value"), ("M8TES_LOCAL_MEMORY", "m8_secret_value")]
        {
            let message = match with_env(&[(name, value)], &[]) {
                Err(message) => message,
                Ok(_) => panic!("{name}={value} was accepted"),
            };
            assert!(message.contains(name) && !message.contains("m8_secret_value"), "{message}");
        }
    }

    #[test]
    fn version_and_help() {
        match with_env(&[], &["--version"]) {
            Ok(Invocation::Version(text)) => {
                assert_eq!(text, format!("m8tes-local {}", env!("CARGO_PKG_VERSION")))
            }
            _ => panic!("--version"),
        }
        assert!(matches!(with_env(&[], &["-h"]), Ok(Invocation::Help(_))));
    }
}
