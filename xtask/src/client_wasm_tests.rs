//! The `client-wasm` stage: the npm package builds (`cargo xtask npm`), then the client crate's
//! wasm-bindgen tests run in Node and in headless Chromium against a real `m8tes-local`,
//! started here on a free loopback port and stopped afterwards.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::failure::{Failure, Outcome};
use crate::setup::WASM_TARGET;
use crate::shell::Cmd;
use crate::{npm, workspace};

const READY_TIMEOUT: Duration = Duration::from_secs(20);

pub fn run() -> Outcome {
    npm::run()?;
    Cmd::cargo()
        .args(["build", "--release", "-p", "m8tes-local-api", "--bin", "m8tes-local"])
        .run()?;
    let server = Server::start()?;
    println!("m8tes-local on {}", server.base_url);
    // The tests read both at build time (option_env!), so a new port rebuilds only them.
    Cmd::cargo()
        .args(["test", "-p", "m8tes-client-wasm", "--target", WASM_TARGET])
        .env("M8TES_TEST_BASE_URL", &server.base_url)
        .env("M8TES_TEST_API_KEY", &server.api_key)
        .run()
}

/// A running release `m8tes-local` (in memory, instant agent, a fresh key), killed when
/// dropped. The `schemathesis` stage starts one too.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/api/v2`
    pub base_url: String,
    pub api_key: String,
}

impl Server {
    pub fn start() -> Outcome<Server> {
        Self::start_with_log(Stdio::inherit())
    }

    /// Starts one whose log (stderr) goes to `log`.
    pub fn start_with_log(log: Stdio) -> Outcome<Server> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|err| Failure::new(format!("no free loopback port: {err}")))?
            .port();
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let api_key = format!("m8_xtask_{}_{nanos}", std::process::id());
        let binary = workspace::path("target/release/m8tes-local");
        let child = Command::new(&binary)
            .args(["--port", &port.to_string(), "--memory", "--speed", "instant"])
            .args(["--api-key", &api_key])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|err| Failure::new(format!("{}: {err}", binary.display())))?;
        let server = Server { child, base_url: format!("http://127.0.0.1:{port}/api/v2"), api_key };
        server.wait_ready(port)?;
        Ok(server)
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

impl Server {
    /// Whether the process is still alive (it has not crashed).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
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
