//! `m8tes-local`: starts the local m8tes API and stops cleanly on SIGINT or SIGTERM.

use m8tes_local_api::{Config, Invocation};

#[tokio::main]
async fn main() {
    let environment = |name: &str| std::env::var(name).ok();
    let config = match Config::from_env_and_args(environment, std::env::args().skip(1)) {
        Ok(Invocation::Serve(config)) => config,
        Ok(Invocation::Help(text) | Invocation::Version(text)) => {
            println!("{text}");
            return;
        }
        Err(message) => {
            eprintln!("m8tes-local: {message}");
            std::process::exit(2);
        }
    };
    m8tes_local_api::install_logging(config.log_format);
    let mut server = match m8tes_local_api::start(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("m8tes-local: cannot start: {error}");
            std::process::exit(1);
        }
    };
    let base_url = server.base_url();
    println!("m8tes-local listening on http://{}", server.addr);
    println!("  API base URL:  {base_url}   (M8TES_BASE_URL={base_url})");
    if server.serves_console() {
        println!("  Console:       http://{}/", server.addr);
    }
    if let Some(key) = &server.minted_key {
        // Printed once, at the start that created it; only its hash is stored.
        println!("  Dev API key:   {key}   (shown once; keep it)");
    }
    tokio::select! {
        result = server.finished() => {
            let outcome = result.map_err(std::io::Error::other).and_then(|served| served);
            if let Err(error) = outcome {
                eprintln!("m8tes-local: the server stopped: {error}");
                std::process::exit(1);
            }
            return;
        }
        () = shutdown_signal() => {}
    }
    eprintln!("m8tes-local: stopping; runs in flight are marked failed");
    if let Err(error) = server.stop().await {
        eprintln!("m8tes-local: unclean stop: {error}");
        std::process::exit(1);
    }
}

/// SIGINT (Ctrl-C) or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
