//! The `newsgraph` binary: parses flags and dispatches to one module per
//! command (`src/cmd/`); errors are printed once here, with exit code 2.
//! All real work lives in the library.

mod cli;
mod cmd;

/// mimalloc: the passes make many small, short-lived strings on several
/// threads, where it is faster than the system allocator and returns freed
/// memory instead of keeping it in per-thread arenas.
#[cfg(not(feature = "dhat-heap"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// With `--features dhat-heap`: every allocation counted, the profile
/// written to `dhat-heap.json` when the program ends.
#[cfg(feature = "dhat-heap")]
#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    #[cfg(feature = "dhat-heap")]
    let _profiler = dhat::Profiler::new_heap();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Build(args)) => cmd::build::run(args),
        Some(Command::Extract(args)) => cmd::extract::run(args),
        Some(Command::Merge(args)) => cmd::merge::run(args),
        Some(Command::Neighbors(args)) => cmd::query::neighbors(args),
        Some(Command::Path(args)) => cmd::query::path(args),
        Some(Command::Show(args)) => cmd::query::show(args),
        Some(Command::Stats(args)) => cmd::query::stats(args),
        Some(Command::Export(args)) => cmd::export::run(args),
        Some(Command::Render(args)) => cmd::render::run(args),
        Some(Command::Eval(args)) => cmd::eval::eval(args),
        Some(Command::Parse(args)) => cmd::syntax::parse(args),
        Some(Command::Train(args)) => cmd::syntax::train(args),
        None => cmd::build::run(cli.build),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(cmd::Usage(msg)) = e.downcast_ref::<cmd::Usage>() {
                eprintln!("newsgraph: {msg}");
            } else {
                eprintln!("newsgraph: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}
