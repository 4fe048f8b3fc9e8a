//! The real `m8tes-local` binary as a child process: for what only a process can show (its
//! command line, its log, and dying to `kill -9`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_m8tes-local");

pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT/api/v2`
    pub base: String,
    log: mpsc::Receiver<String>,
}

impl Process {
    /// Starts the binary with `env` set and `args`, and waits until it prints its URL.
    pub fn start(env: &[(&str, &str)], args: &[&str]) -> Process {
        let mut command = Command::new(BIN);
        command.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("m8tes-local starts");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut base = String::new();
        for line in stdout.lines() {
            let line = line.expect("a stdout line");
            if let Some(rest) = line.split("API base URL:").nth(1) {
                base = rest.split_whitespace().next().expect("a URL").to_owned();
                break;
            }
        }
        assert!(!base.is_empty(), "m8tes-local did not print its URL");
        let (sender, log) = mpsc::channel();
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Process { child, base, log }
    }

    /// The binary on a data folder with a known key, no console, configured by flags.
    pub fn on_folder(dir: &Path, key: &str, speed: &str) -> Process {
        let dir = dir.to_str().expect("a UTF-8 temp path");
        Process::start(
            &[],
            &[
                "--port",
                "0",
                "--data-dir",
                dir,
                "--api-key",
                key,
                "--speed",
                speed,
                "--console-dir",
                "/nonexistent",
            ],
        )
    }

    /// Log lines, read until `wanted` holds for them or 10 s have passed.
    pub fn log_until(&self, wanted: impl Fn(&[String]) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && !wanted(&seen) {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(100)) {
                seen.push(line);
            }
        }
        seen
    }

    /// SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.
    pub fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
