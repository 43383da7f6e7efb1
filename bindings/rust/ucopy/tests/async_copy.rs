// SPDX-License-Identifier: MIT
//! Copier::copy_async: the future resolves to the run's result, delivers
//! the callbacks on its own thread, resumes their panics, and can be
//! cancelled through its Canceller.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{block_on, make_big_tree, make_rich_tree, TempDir};
use ucopy::{Copier, CopyFuture, ErrorKind, Progress, Sendable};

#[test]
fn copy_async_copies_and_calls_back_on_its_thread() {
    let tmp = TempDir::new("async");
    let src = tmp.join("src");
    make_rich_tree(&src);

    let threads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&threads);
    let mut copier = Copier::new_send().on_progress(move |_: &Progress| {
        let name = std::thread::current().name().map(str::to_owned);
        seen.lock().unwrap().push(name);
    });
    let stats = block_on(copier.copy_async(&src, tmp.join("dst"))).expect("copy");
    assert!(stats.files > 0, "{stats:?}");
    common::assert_same_tree(&src, &tmp.join("dst"));
    let threads = threads.lock().unwrap();
    assert!(!threads.is_empty(), "no progress call");
    assert!(
        threads.iter().all(|n| n.as_deref() == Some("ucopy-async")),
        "callbacks ran on {threads:?}"
    );
}

#[test]
fn a_panic_in_an_async_callback_is_resumed_by_poll() {
    let tmp = TempDir::new("async-panic");
    let src = tmp.join("src");
    make_rich_tree(&src);
    let mut copier =
        Copier::new_send().on_progress(|_: &Progress| -> () { panic!("boom in progress") });
    let copy = copier.copy_async(&src, tmp.join("dst"));
    let payload = catch_unwind(AssertUnwindSafe(|| block_on(copy))).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom in progress"));
}

#[test]
fn the_futures_canceller_stops_the_copy() {
    let tmp = TempDir::new("async-cancel");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_big_tree(&src, 4, 64 << 20);
    // The first progress call proves the run is under way, then cancels.
    let canceller: Arc<Mutex<Option<ucopy::Canceller>>> = Arc::default();
    let from_callback = Arc::clone(&canceller);
    let mut copier = Copier::new_send()
        .progress_interval(Duration::from_millis(10))
        .on_progress(move |_: &Progress| {
            if let Some(c) = from_callback.lock().unwrap().as_ref() {
                c.cancel();
            }
        });
    let copy = copier.copy_async(&src, &dst);
    *canceller.lock().unwrap() = Some(copy.canceller());
    let err = block_on(copy).expect_err("cancelled");
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err:?}");
    common::complete_files_left(&src, &dst);
}

#[test]
fn the_copier_comes_back_for_the_next_copy_on_the_same_handle() {
    let tmp = TempDir::new("async-reuse");
    let src = tmp.join("src");
    make_rich_tree(&src);
    let calls = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&calls);
    let mut copier = Copier::new_send().on_progress(move |_: &Progress| {
        *counted.lock().unwrap() += 1;
    });
    let canceller = copier.canceller();
    for round in 0..5 {
        let before = *calls.lock().unwrap();
        block_on(copier.copy_async(&src, tmp.join(format!("dst{round}")))).expect("copy");
        // The closures came back with the copier.
        assert!(
            *calls.lock().unwrap() > before,
            "round {round}: no progress call"
        );
        // A cancel after the copy resolved does not stop the next one.
        canceller.cancel();
    }
    // A canceller taken before still reaches this copier's runs: the
    // handle came back too.
    let (big, dst) = (tmp.join("big"), tmp.join("big-dst"));
    make_big_tree(&big, 4, 64 << 20);
    let mut copier = copier.progress_interval(Duration::from_millis(10));
    let copy = copier.copy_async(&big, &dst);
    std::thread::sleep(Duration::from_millis(20));
    canceller.cancel();
    let result = block_on(copy);
    assert_eq!(result.map(|_| ()).unwrap_err().kind(), ErrorKind::Cancelled);
}

#[test]
fn a_dropped_future_gives_the_copier_back() {
    let tmp = TempDir::new("async-drop");
    let src = tmp.join("src");
    make_rich_tree(&src);
    let mut copier = Copier::new_send().overwrite(ucopy::Overwrite::Replace);
    drop(copier.copy_async(&src, tmp.join("dst")));
    // Whatever the drop stopped, the copier is usable again, options kept.
    block_on(copier.copy_async(&src, tmp.join("dst"))).expect("copy after drop");
    common::assert_same_tree(&src, &tmp.join("dst"));
}

#[test]
fn the_types_are_send_where_they_must_be() {
    fn send<T: Send>() {}
    fn unpin<T: Unpin>() {}
    send::<Copier<'static, Sendable>>();
    send::<CopyFuture<'static>>();
    unpin::<CopyFuture<'static>>();
}
