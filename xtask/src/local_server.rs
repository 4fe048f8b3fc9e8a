//! A real `m8tes-local` for a test stage: built release binary, a free loopback port, a fresh
//! random key, started with the given storage and stopped (killed) when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;
use crate::workspace;

const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// Where the server keeps its account and data.
pub enum Storage {
    /// `--memory`: nothing outlives the process.
    Memory,
    /// `--data-dir`: a folder the caller has just emptied.
    DataDir(PathBuf),
}

/// A running `m8tes-local`, killed when dropped.
pub struct LocalServer {
    child: Child,
    pub base_url: String,
    pub api_key: String,
}

/// Builds the release `m8tes-local` (a no-op when it is up to date).
pub fn build() -> Outcome {
    Cmd::cargo()
        .args(["build", "--release", "-p", "m8tes-local-api", "--bin", "m8tes-local"])
        .run()?;
    let binary = binary();
    if !binary.is_file() {
        return Err(Failure::new(format!("the build left no m8tes-local at {}", binary.display())));
    }
    Ok(())
}

fn binary() -> PathBuf {
    workspace::path("target/release/m8tes-local")
}

impl LocalServer {
    /// Starts the built server at instant speed and waits until it answers with its key.
    pub fn start(storage: Storage) -> Outcome<LocalServer> {
        LocalServer::start_with_log(storage, Stdio::inherit())
    }

    /// [`LocalServer::start`] with the server's log (stderr) going to `log`.
    pub fn start_with_log(storage: Storage, log: Stdio) -> Outcome<LocalServer> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|err| Failure::new(format!("no free loopback port: {err}")))?
            .port();
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let api_key = format!("m8_xtask_{}_{nanos}", std::process::id());
        let binary = binary();
        let mut command = Command::new(&binary);
        command
            .args(["--port", &port.to_string(), "--speed", "instant"])
            .args(["--api-key", &api_key]);
        match &storage {
            Storage::Memory => command.arg("--memory"),
            Storage::DataDir(dir) => command.arg("--data-dir").arg(dir),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|err| Failure::new(format!("{}: {err}", binary.display())))?;
        let server =
            LocalServer { child, base_url: format!("http://127.0.0.1:{port}/api/v2"), api_key };
        server.wait_ready(port)?;
        Ok(server)
    }

    /// Whether the process is still alive (it has not crashed).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Until `GET /api/v2/usage` with the key answers 200.
    fn wait_ready(&self, port: u16) -> Outcome {
        let started = Instant::now();
        loop {
            if status_of_usage(port, &self.api_key) == Some(200) {
                return Ok(());
            }
            if started.elapsed() > READY_TIMEOUT {
                return Err(Failure::new(format!(
                    "m8tes-local did not answer on port {port} within {}s",
                    READY_TIMEOUT.as_secs()
                )));
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_of_usage(port: u16, api_key: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let request = format!(
        "GET /api/v2/usage HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {api_key}\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
