//! `cargo xtask`: the one task runner of the m8tes-wasm workspace.
//!
//! Plain std on purpose: CI and every fresh machine compile xtask before anything else runs,
//! on 2 cores, so it must build in seconds.

mod cli;
mod client_wasm_tests;
mod console;
mod dev;
mod failure;
mod fuzz;
mod local_server;
mod npm;
mod npm_suites;
mod npm_tools;
mod process_tree;
mod schemathesis;
mod sdk_conformance;
mod setup;
mod shell;
mod test;
mod tool_env;
mod vector_report;
mod workspace;

use std::process::ExitCode;

use cli::Task;

fn main() -> ExitCode {
    let task = match cli::parse(std::env::args().skip(1)) {
        Ok(task) => task,
        Err(failure) => {
            eprintln!("xtask: {failure}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let outcome = match task {
        Task::Help => {
            println!("{}", cli::USAGE);
            Ok(true)
        }
        Task::Setup(purpose) => setup::run(purpose).map(|()| true),
        Task::Test(options) => test::run(&options),
        Task::Dev(options) => dev::run(&options).map(|()| true),
        Task::Console { skip_setup } => console::run(skip_setup).map(|()| true),
        Task::Npm => npm::run().map(|()| true),
        Task::Bench => npm_suites::bench().map(|()| true),
        Task::Fuzz { minutes } => fuzz::run(minutes).map(|()| true),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        // The stages already said what failed, and the summary line must stay last.
        Ok(false) => ExitCode::FAILURE,
        Err(failure) => {
            eprintln!("xtask: {failure}");
            ExitCode::FAILURE
        }
    }
}
