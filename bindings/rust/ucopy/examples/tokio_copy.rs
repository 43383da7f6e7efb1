// SPDX-License-Identifier: MIT
//! Copies a tree from async code, with a time limit:
//!
//!     cargo run -p ucopy --example tokio_copy -- SRC DST [SECONDS]
//!
//! `Copier::copy_async` works with any executor; here tokio's. The copy
//! runs on a thread of its own, which also calls the progress closure (so
//! it must be `Send`). When the time limit passes, `tokio::time::timeout`
//! drops the future, which cancels the copy and waits (briefly, blocking
//! this task's thread) until it has stopped and removed its partial files.

use std::process::ExitCode;
use std::time::Duration;

use ucopy::{Copier, Progress};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (src, dst) = match &args[..] {
        [src, dst] | [src, dst, _] => (src.clone(), dst.clone()),
        _ => {
            eprintln!("usage: tokio_copy SRC DST [SECONDS]");
            return ExitCode::from(2);
        }
    };
    let limit = Duration::from_secs(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60));

    let mut copier = Copier::new_send().on_progress(|p: &Progress| {
        eprint!("\r{} of {} bytes", p.bytes_done, p.bytes_total);
    });
    let copy = copier.copy_async(&src, &dst);
    // Other tasks go on while it copies; this one just waits for it.
    match tokio::time::timeout(limit, copy).await {
        Ok(Ok(stats)) => {
            eprintln!();
            println!("copied {} files, {} bytes", stats.files, stats.bytes);
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("\nucopy: {e}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("\nucopy: not done within {limit:?}: cancelled, partial files removed");
            ExitCode::FAILURE
        }
    }
}
