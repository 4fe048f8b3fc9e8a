//! The command line, parsed by hand: four subcommands and a few flags do not justify a parser
//! crate's compile time.

use crate::failure::{Failure, Outcome};
use crate::setup::Purpose;
use crate::{dev, fuzz, test};

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup [--for dev|test]            install missing pinned tools (default: --for test)
  test [--only <stage>]... [--skip-setup]
                                    run every test stage, as CI does
  dev [--port <port>] [--skip-setup]
                                    build the console and run the local server (port 8787)
  console [--skip-setup]            build the console into dist/ and print its wasm size
  npm                               build and pack the npm package to target/npm/m8tes-wasm.tgz
  bench                             benchmark the npm package against its peers into BENCHMARKS.md
  fuzz [--minutes <n>]              the property suites with many more cases, for n minutes
                                    (default 10; not part of `test`)
  help                              this text";

pub enum Task {
    Help,
    Setup(Purpose),
    Test(test::Options),
    Dev(dev::Options),
    Console { skip_setup: bool },
    Npm,
    Bench,
    Fuzz { minutes: u64 },
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Outcome<Task> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Ok(Task::Help);
    };
    let mut flags = Flags { rest: args, pending: None };
    let task = match command.as_str() {
        "help" | "--help" | "-h" => Task::Help,
        "setup" => {
            let mut purpose = Purpose::Test;
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--for" => purpose = Purpose::parse(&flags.value(&flag)?)?,
                    _ => return Err(unknown(&command, &flag)),
                }
            }
            Task::Setup(purpose)
        }
        "test" => {
            let mut options = test::Options { only: Vec::new(), skip_setup: false };
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--only" => options.only.push(flags.value(&flag)?),
                    "--skip-setup" => options.skip_setup = true,
                    _ => return Err(unknown(&command, &flag)),
                }
            }
            Task::Test(options)
        }
        "dev" => {
            let mut options = dev::Options { port: dev::DEFAULT_PORT, skip_setup: false };
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--port" => {
                        let value = flags.value(&flag)?;
                        options.port = value.parse().map_err(|_| {
                            Failure::new(format!("--port takes a port number, not `{value}`"))
                        })?;
                    }
                    "--skip-setup" => options.skip_setup = true,
                    _ => return Err(unknown(&command, &flag)),
                }
            }
            Task::Dev(options)
        }
        "console" => {
            let mut skip_setup = false;
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--skip-setup" => skip_setup = true,
                    _ => return Err(unknown(&command, &flag)),
                }
            }
            Task::Console { skip_setup }
        }
        "bench" => match flags.next() {
            Some(flag) => return Err(unknown(&command, &flag)),
            None => Task::Bench,
        },
        "fuzz" => {
            let mut minutes = fuzz::DEFAULT_MINUTES;
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--minutes" => {
                        let value = flags.value(&flag)?;
                        minutes = value.parse().map_err(|_| {
                            Failure::new(format!("--minutes takes a whole number, not `{value}`"))
                        })?;
                    }
                    _ => return Err(unknown(&command, &flag)),
                }
            }
            Task::Fuzz { minutes }
        }
        "npm" => match flags.next() {
            Some(flag) => return Err(unknown(&command, &flag)),
            None => Task::Npm,
        },
        other => return Err(Failure::new(format!("unknown command `{other}`"))),
    };
    Ok(task)
}

/// The words after the subcommand; `--flag=value` is split so both spellings work.
struct Flags<I: Iterator<Item = String>> {
    rest: I,
    /// The `value` of a `--flag=value` just returned by `next`.
    pending: Option<String>,
}

impl<I: Iterator<Item = String>> Flags<I> {
    fn next(&mut self) -> Option<String> {
        let word = self.rest.next()?;
        match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                self.pending = Some(value.to_string());
                Some(flag.to_string())
            }
            _ => {
                self.pending = None;
                Some(word)
            }
        }
    }

    fn value(&mut self, flag: &str) -> Outcome<String> {
        self.pending
            .take()
            .or_else(|| self.rest.next().filter(|value| !value.starts_with("--")))
            .ok_or_else(|| Failure::new(format!("{flag} needs a value")))
    }
}

fn unknown(command: &str, flag: &str) -> Failure {
    Failure::new(format!("`{command}` does not take `{flag}`"))
}

#[cfg(test)]
mod tests {
    use super::{parse, Task};

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn test_collects_every_only_and_skip_setup() {
        let Ok(Task::Test(options)) = parse(words("test --only fmt --skip-setup --only clippy"))
        else {
            panic!("expected the test task");
        };
        assert_eq!(options.only, ["fmt", "clippy"]);
        assert!(options.skip_setup);
    }

    #[test]
    fn bad_flags_and_values_are_refused() {
        assert!(parse(words("dev --port lots")).is_err());
        assert!(parse(words("setup --for prod")).is_err());
        assert!(parse(words("test --only")).is_err());
        assert!(parse(words("console --fast")).is_err());
        assert!(parse(words("fuzz --minutes soon")).is_err());
    }

    #[test]
    fn fuzz_takes_minutes_or_its_default() {
        assert!(matches!(parse(words("fuzz --minutes=3")), Ok(Task::Fuzz { minutes: 3 })));
        assert!(matches!(parse(words("fuzz")), Ok(Task::Fuzz { minutes: 10 })));
    }

    #[test]
    fn dev_reads_the_port_in_either_spelling() {
        for line in ["dev --port 9000", "dev --port=9000"] {
            let Ok(Task::Dev(options)) = parse(words(line)) else {
                panic!("expected the dev task for `{line}`");
            };
            assert_eq!(options.port, 9000);
        }
    }
}
