// SPDX-License-Identifier: MIT
//! Stopping a large copy (16 files of 64 MiB, 1 GiB) 200 ms in, by
//! dropping its future and by a deadline: it stops within one progress
//! interval plus a margin, and leaves only complete files.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::{complete_files_left, make_big_tree, TempDir};
use ucopy::{Copier, CopyMethod, ErrorKind};

const FILES: usize = 16;
const SIZE: usize = 64 << 20;
const AFTER: Duration = Duration::from_millis(200);
/// The progress interval of the runs; the library looks at a cancel at
/// least this often.
const INTERVAL: Duration = Duration::from_millis(100);
/// On top of that interval: the I/O in flight when the cancel is seen must
/// complete (at most the run's buffers, 72 MiB at the defaults, which even
/// a slow CI disk writes in well under 300 ms), the partial files are
/// unlinked and the worker threads stop.
const MARGIN: Duration = Duration::from_millis(400);

#[test]
fn a_big_copy_stops_promptly_when_dropped_or_past_its_deadline() {
    let tmp = TempDir::new("big-cancel");
    let src = tmp.join("src");
    make_big_tree(&src, FILES, SIZE);

    // Read and write, so that no filesystem can clone it in an instant.
    let dropped = tmp.join("dropped");
    let mut copier = Copier::new_send()
        .copy_method(CopyMethod::ReadWrite)
        .progress_interval(INTERVAL);
    let copy = copier.copy_async(&src, &dropped);
    thread::sleep(AFTER);
    let t = Instant::now();
    drop(copy); // cancels, and returns once the run has cleaned up
    let took = t.elapsed();
    let left = complete_files_left(&src, &dropped);
    eprintln!("drop: stopped in {took:?}, {left} of {FILES} files complete");
    assert!(
        left < FILES,
        "the copy finished within {AFTER:?}: make it bigger"
    );
    assert!(took < INTERVAL + MARGIN, "the drop took {took:?}");

    let timed = tmp.join("deadline");
    let t = Instant::now();
    let err = Copier::new()
        .copy_method(CopyMethod::ReadWrite)
        .progress_interval(INTERVAL)
        .copy_with_deadline(&src, &timed, AFTER)
        .expect_err("the deadline must stop it");
    let took = t.elapsed();
    let left = complete_files_left(&src, &timed);
    eprintln!("deadline: returned after {took:?}, {left} of {FILES} files complete");
    assert_eq!(err.kind(), ErrorKind::TimedOut, "{err:?}");
    assert_eq!(
        std::io::Error::from(err.clone()).kind(),
        std::io::ErrorKind::TimedOut
    );
    assert!(took < AFTER + INTERVAL + MARGIN, "returned after {took:?}");
    // stats.bytes counts what was left: the complete files only.
    let stats = err.stats().expect("stats of the run");
    assert_eq!(stats.bytes, (left * SIZE) as u64, "{stats:?}");
}
