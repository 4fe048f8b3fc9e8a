//! Running other programs with the tool environment and errors that name the command.

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::failure::{Failure, Outcome};
use crate::{process_tree, tool_env, workspace};

/// One command line, run from the workspace root with the tool environment applied.
pub struct Cmd {
    command: Command,
    shown: String,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref();
        let mut command = Command::new(program);
        command.current_dir(workspace::root());
        command.envs(tool_env::vars());
        Cmd { command, shown: program.to_string_lossy().into_owned() }
    }

    /// Cargo as the one that started xtask, so nested builds use the same toolchain.
    pub fn cargo() -> Self {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Cmd::new(cargo);
        cmd.shown = "cargo".into();
        cmd
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            let arg = arg.as_ref();
            self.shown.push(' ');
            self.shown.push_str(&arg.to_string_lossy());
            self.command.arg(arg);
        }
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs the program from `dir` rather than the workspace root.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs with the terminal attached and fails unless the exit status is success.
    pub fn run(mut self) -> Outcome {
        let status = self.command.status().map_err(|err| self.spawn_failure(err))?;
        if status.success() {
            Ok(())
        } else {
            Err(Failure::new(format!("`{}` failed ({status})", self.shown)))
        }
    }

    /// Like [`Cmd::run`], but kills the program, and every process it started, if it is still
    /// running after `limit`: the bound that keeps a stage from hanging CI whatever the
    /// program does.
    pub fn run_within(mut self, limit: Duration) -> Outcome {
        let mut child = self.command.spawn().map_err(|err| self.spawn_failure(err))?;
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    return Err(Failure::new(format!("`{}` failed ({status})", self.shown)))
                }
                Ok(None) if started.elapsed() > limit => {
                    process_tree::kill(&mut child);
                    return Err(Failure::new(format!(
                        "`{}` was stopped after {}s, its time limit",
                        self.shown,
                        limit.as_secs()
                    )));
                }
                Ok(None) => sleep(Duration::from_millis(100)),
                Err(err) => {
                    return Err(Failure::new(format!(
                        "`{}` could not be waited on: {err}",
                        self.shown
                    )))
                }
            }
        }
    }

    /// Runs quietly and returns stdout; stderr is shown only if the command fails.
    pub fn output(mut self) -> Outcome<Vec<u8>> {
        let output =
            self.command.stdin(Stdio::null()).output().map_err(|err| self.spawn_failure(err))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(Failure::new(format!(
                "`{}` failed ({}):\n{}",
                self.shown,
                output.status,
                String::from_utf8_lossy(&output.stderr).trim_end()
            )))
        }
    }

    /// The first line of stdout, or `None` if the program is missing or fails: the answer to
    /// "is this tool here, and which version?", where absence is not an error.
    pub fn probe(self) -> Option<String> {
        let stdout = self.output().ok()?;
        let text = String::from_utf8_lossy(&stdout);
        Some(text.lines().next().unwrap_or("").trim().to_string())
    }

    fn spawn_failure(&self, err: std::io::Error) -> Failure {
        if err.kind() == ErrorKind::NotFound {
            Failure::new(format!(
                "`{}`: program not found on PATH (run `cargo xtask setup`?)",
                self.shown
            ))
        } else {
            Failure::new(format!("`{}` could not start: {err}", self.shown))
        }
    }
}

/// True if `program` resolves on the tool PATH.
pub fn on_path(program: &str) -> bool {
    Cmd::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok()
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(workspace::root()).unwrap_or(path).display().to_string()
}
