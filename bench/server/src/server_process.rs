//! The server under test: the release `m8tes-local` binary in its own process, so its memory
//! is its own and is read from `/proc`.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const KEY: &str = "m8_bench_0123456789abcdef0123456789abcdef";

pub struct ServerProcess {
    child: Child,
    pub base: String,
}

impl ServerProcess {
    /// Starts `binary` in memory on a free loopback port and waits for its URL line.
    pub async fn start(binary: &Path, speed: &str) -> Result<ServerProcess, String> {
        let mut child = Command::new(binary)
            .args(["--memory", "--port", "0", "--speed", speed, "--api-key", KEY])
            .args(["--console-dir", "/nonexistent"])
            // The load measures throughput, not the guards: lift the per-account live-run cap
            // and the connection cap above the 500 concurrent streams it opens.
            .args(["--max-live-runs", "2000", "--max-connections", "4096"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let find_url = async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("m8tes-local listening on ") {
                    return Some(url.trim().to_owned());
                }
            }
            None
        };
        let origin = tokio::time::timeout(Duration::from_secs(20), find_url)
            .await
            .ok()
            .flatten()
            .ok_or("the server printed no URL within 20 s")?;
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(ServerProcess { child, base: format!("{origin}/api/v2") })
    }

    /// `(VmRSS, VmHWM)` in KiB: resident memory now, and its peak since the process started.
    pub fn memory_kib(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()?)).ok()?;
        let field = |name: &str| -> Option<u64> {
            let line = status.lines().find(|l| l.starts_with(name))?;
            line.split_whitespace().nth(1)?.parse().ok()
        };
        Some((field("VmRSS:")?, field("VmHWM:")?))
    }

    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}
