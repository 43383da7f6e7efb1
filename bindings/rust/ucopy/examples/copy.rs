// SPDX-License-Identifier: MIT
//! A small `cp -a` with a progress line; Ctrl-C cancels the copy cleanly.
//!
//!     cargo run --example copy -- SRC DST
//!
//! Exits 0 on success, 1 when the copy failed or was partial.

use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;

use ucopy::{Canceller, Copier, Decision, Overwrite, Progress};

/// The canceller the SIGINT handler uses. ucopy_cancel() is
/// async-signal-safe, and reading an initialised OnceLock is a plain load.
static CANCELLER: OnceLock<Canceller> = OnceLock::new();

extern "C" fn on_sigint(_: libc::c_int) {
    if let Some(c) = CANCELLER.get() {
        c.cancel();
    }
}

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let [src, dst] = args.as_slice() else {
        eprintln!("usage: copy SRC DST");
        return ExitCode::from(2);
    };

    let mut copier = Copier::new()
        .overwrite(Overwrite::Replace)
        .on_progress(|p: &Progress| {
            // "~" until the counting walk has made the totals final.
            let about = if p.totals_final { "" } else { "~" };
            eprint!(
                "\r{}/{about}{} entries, {}/{about}{} MiB, {} MiB/s  ",
                p.files_done,
                p.files_total,
                p.bytes_done >> 20,
                p.bytes_total >> 20,
                p.bytes_per_sec >> 20
            );
            if p.finished {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        })
        .on_error(|e| {
            eprintln!("\nerror: {}", e.message);
            Decision::Continue
        });

    let _ = CANCELLER.set(copier.canceller());
    // SAFETY: the handler only calls an async-signal-safe function.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        )
    };

    match copier.run(src, dst) {
        Ok(stats) => {
            println!(
                "copied {} files, {} directories, {} symlinks, {} bytes in {:?}",
                stats.files, stats.dirs, stats.symlinks, stats.bytes, stats.elapsed
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("copy failed: {err} [{}]", err.name());
            ExitCode::FAILURE
        }
    }
}
