// SPDX-License-Identifier: MIT
//! A panic in a callback stops the run and continues on the caller's thread.

mod common;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::thread;

use common::{make_rich_tree, TempDir};
use ucopy::{Copier, Decision, Progress};

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<not a string>".to_owned()
    }
}

#[test]
fn panic_in_progress_callback_is_resumed_by_run() {
    let tmp = TempDir::new("panic-progress");
    let src = tmp.join("src");
    make_rich_tree(&src);

    let calls = Cell::new(0);
    let callback_thread = Cell::new(None);
    let mut copier = Copier::new().on_progress(|_: &Progress| {
        calls.set(calls.get() + 1);
        callback_thread.set(Some(thread::current().id()));
        if calls.get() == 1 {
            panic!("boom in progress");
        }
    });
    let caught = catch_unwind(AssertUnwindSafe(|| copier.run(&src, tmp.join("dst"))));
    let payload = caught.expect_err("the panic must reach the caller");
    assert_eq!(payload_text(&*payload), "boom in progress");
    assert_eq!(calls.get(), 1, "the callback ran again after it panicked");
    assert_eq!(callback_thread.get(), Some(thread::current().id()));

    // The copier is still usable and its callbacks are wired anew.
    let stats = copier.run(&src, tmp.join("dst2")).expect("second run");
    assert!(stats.files > 0);
    assert!(calls.get() > 1);
}

#[test]
fn panic_in_event_callback_is_resumed_by_run() {
    let tmp = TempDir::new("panic-event");
    let src = tmp.join("src");
    make_rich_tree(&src);

    let mut copier = Copier::new().on_event(|_| -> Decision {
        std::panic::panic_any(42_u32);
    });
    let payload = catch_unwind(AssertUnwindSafe(|| copier.run(&src, tmp.join("dst"))))
        .expect_err("the panic must reach the caller");
    assert_eq!(payload.downcast_ref::<u32>(), Some(&42));
}
