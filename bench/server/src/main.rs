//! `m8tes-bench-server`: a bounded load benchmark of `m8tes-local` on loopback.
//!
//! ```sh
//! cargo build --release -p m8tes-local-api -p m8tes-bench-server
//! target/release/m8tes-bench-server [--server PATH] [--write]
//! ```
//!
//! Three measurements, each against a fresh server process (in memory): requests per second
//! of `GET /runs/`, run creation to the first SSE byte, and 500 streaming runs at once with
//! the server's peak memory. Every phase is bounded by a count and a deadline (about half a
//! minute in all). `--write` puts the figures in BENCHMARKS.md between the server-bench
//! markers, leaving the rest of the file as it is.

mod load;
mod report;
mod server_process;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use server_process::ServerProcess;

const SEEDED_RUNS: usize = 50;
const LIST_CONCURRENCY: usize = 32;
const LIST_DURATION: Duration = Duration::from_secs(10);
const FIRST_BYTE_RUNS: usize = 200;
const CONCURRENT_STREAMS: usize = 500;
/// No phase may take longer than this; the benchmark fails instead of hanging.
const PHASE_LIMIT: Duration = Duration::from_secs(120);

fn workspace_root() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

#[tokio::main]
async fn main() {
    let mut server_binary = workspace_root().join("target/release/m8tes-local");
    let mut write = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--server" => match args.next() {
                Some(path) => server_binary = PathBuf::from(path),
                None => fail("--server needs a path"),
            },
            "--write" => write = true,
            other => fail(&format!("unknown argument {other:?} (use --server PATH, --write)")),
        }
    }
    if !server_binary.is_file() {
        fail(&format!(
            "{} does not exist: cargo build --release -p m8tes-local-api",
            server_binary.display()
        ));
    }
    match run(&server_binary).await {
        Ok(figures) => {
            let section = report::markdown(&figures);
            println!("{section}");
            if write {
                let path = workspace_root().join("BENCHMARKS.md");
                match report::write_section(&path, &section) {
                    Ok(()) => println!("written to {}", path.display()),
                    Err(error) => fail(&format!("cannot write {}: {error}", path.display())),
                }
            }
        }
        Err(error) => fail(&error),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("m8tes-bench-server: {message}");
    std::process::exit(1);
}

async fn bounded<T>(name: &str, phase: impl std::future::Future<Output = T>) -> Result<T, String> {
    println!("{name}…");
    tokio::time::timeout(PHASE_LIMIT, phase)
        .await
        .map_err(|_| format!("{name} took longer than {} s", PHASE_LIMIT.as_secs()))
}

async fn run(server_binary: &std::path::Path) -> Result<report::Figures, String> {
    let started = Instant::now();

    let server = ServerProcess::start(server_binary, "instant").await?;
    let http = load::client(4);
    bounded("seeding runs", load::seed_runs(&http, &server.base, SEEDED_RUNS)).await??;
    let list = bounded(
        "GET /runs/ throughput",
        load::list_throughput(&server.base, LIST_CONCURRENCY, LIST_DURATION),
    )
    .await?;
    let first_bytes = bounded(
        "run creation to first SSE byte",
        load::first_byte_sequential(&server.base, FIRST_BYTE_RUNS),
    )
    .await??;
    server.stop().await;

    // Realistic pacing, so the streams are really open at the same time.
    let server = ServerProcess::start(server_binary, "realistic").await?;
    let concurrent = bounded(
        "500 concurrent streaming runs",
        load::concurrent_streams(&server, CONCURRENT_STREAMS),
    )
    .await?;
    server.stop().await;

    Ok(report::Figures {
        list,
        list_concurrency: LIST_CONCURRENCY,
        seeded_runs: SEEDED_RUNS,
        first_bytes,
        concurrent,
        concurrent_streams: CONCURRENT_STREAMS,
        total_seconds: started.elapsed().as_secs_f64(),
    })
}
