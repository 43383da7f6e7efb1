// SPDX-License-Identifier: MIT
//! Cancellation from another thread, pending cancels and handle lifetime.

mod common;

use std::fs;
use std::io;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{make_big_tree, TempDir};
use ucopy::{Canceller, Copier, ErrorKind, Progress};

const BIG_FILES: usize = 4;
const BIG_SIZE: usize = 64 << 20;

#[test]
fn cancel_from_another_thread_stops_the_run_promptly() {
    let tmp = TempDir::new("cancel");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_big_tree(&src, BIG_FILES, BIG_SIZE);

    let copier = Copier::new().progress_interval(Duration::from_millis(10));
    let canceller = copier.canceller();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel::<Instant>();
    let mut first: Option<Progress> = None;

    let (result, cancelled_at) = std::thread::scope(|s| {
        s.spawn(move || {
            // Wait until the run is surely under way, then cancel.
            if go_rx.recv().is_ok() {
                canceller.cancel();
                let _ = done_tx.send(Instant::now());
            }
        });
        let mut cancelled_at = None;
        let result = copier
            .on_progress(|p: &Progress| {
                if first.is_none() {
                    first = Some(p.clone());
                    go_tx.send(()).unwrap();
                    // Hold the run here until the cancel has been issued,
                    // so it cannot finish first.
                    cancelled_at = Some(done_rx.recv().unwrap());
                }
            })
            .run(&src, &dst);
        (result, cancelled_at)
    });
    let returned_at = Instant::now();

    let first = first.expect("no progress report");
    assert!(
        !first.finished,
        "the copy finished before it could be cancelled: {first:?}"
    );
    let err = result.expect_err("a cancelled run must fail");
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err:?}");
    assert_eq!(err.raw_os_error(), Some(libc::ECANCELED));
    let waited = returned_at - cancelled_at.expect("cancel was issued");
    assert!(
        waited < Duration::from_secs(1),
        "run took {waited:?} to stop"
    );
    let io_err = io::Error::from(err);
    let os = std::error::Error::source(&io_err).and_then(|s| s.downcast_ref::<io::Error>());
    assert_eq!(os.and_then(io::Error::raw_os_error), Some(libc::ECANCELED));

    // Partial destination files are removed: what is left is complete.
    if dst.exists() {
        for entry in fs::read_dir(&dst).unwrap() {
            let len = entry.unwrap().metadata().unwrap().len();
            assert_eq!(len, BIG_SIZE as u64, "a partial file was left behind");
        }
    }
}

#[test]
fn a_cancel_with_no_run_active_does_nothing() {
    let tmp = TempDir::new("idle-cancel");
    let src = tmp.join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("f"), b"x").unwrap();

    let mut copier = Copier::new();
    copier.canceller().cancel();
    copier
        .run(&src, tmp.join("dst"))
        .expect("a cancel before the run must not stop it");
    assert_eq!(fs::read(tmp.join("dst/f")).unwrap(), b"x");
}

#[test]
fn a_cancel_right_after_run_1_does_not_stop_run_2() {
    let tmp = TempDir::new("late-cancel");
    let src = tmp.join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("f"), b"x").unwrap();

    // One copier, so one library handle for both runs.
    let mut copier = Copier::new();
    let canceller = copier.canceller();
    for round in 0..20 {
        copier
            .run(&src, tmp.join(format!("a{round}")))
            .expect("run 1");
        // The cancel meant for run 1 comes late, from another thread.
        let late = canceller.clone();
        std::thread::spawn(move || late.cancel()).join().unwrap();
        let run2 = copier.run(&src, tmp.join(format!("b{round}")));
        assert!(run2.is_ok(), "round {round}: run 2 was stopped: {run2:?}");
    }
}

#[test]
fn a_cancel_from_the_first_callback_stops_the_run() {
    // The run is active once it delivers callbacks, so a cancel issued
    // from one always reaches it (with ucopy_start, whatever the timing).
    let tmp = TempDir::new("cancel-in-callback");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_big_tree(&src, BIG_FILES, BIG_SIZE);
    let copier = Copier::new().progress_interval(Duration::from_millis(10));
    let canceller = copier.canceller();
    let err = copier
        .on_progress(move |_: &Progress| canceller.cancel())
        .run(&src, &dst)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err:?}");
    let stats = err.stats().expect("a run's error has its stats");
    assert_eq!(
        stats.bytes % BIG_SIZE as u64,
        0,
        "bytes counts complete files only: {stats:?}"
    );
}

#[test]
fn a_canceller_outlives_its_copier() {
    let canceller = {
        let copier = Copier::new();
        copier.canceller()
    };
    // The handle is still alive (the canceller holds it): no use after free.
    canceller.cancel();
    let clone = canceller.clone();
    std::thread::spawn(move || clone.cancel()).join().unwrap();
    drop(canceller);
}

#[test]
fn canceller_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<Canceller>();
}
