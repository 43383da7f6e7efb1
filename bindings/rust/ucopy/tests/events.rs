// SPDX-License-Identifier: MIT
//! on_event and on_error together: on_event sees every event, on_error the
//! errors, and on_error's decision counts unless on_event aborts.

mod common;

use std::fs;

use common::TempDir;
use ucopy::{Copier, Decision, ErrorKind, EventKind};

/// src/{fresh,exists} and dst/exists: copying fails on dst/exists.
fn make(tmp: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir_all(&src).unwrap();
    fs::create_dir_all(&dst).unwrap();
    fs::write(src.join("fresh"), b"new").unwrap();
    fs::write(src.join("exists"), b"new").unwrap();
    fs::write(dst.join("exists"), b"old").unwrap();
    (src, dst)
}

#[test]
fn both_callbacks_are_called_and_on_error_decides() {
    let tmp = TempDir::new("both");
    let (src, dst) = make(&tmp);
    let (mut kinds, mut errors) = (Vec::new(), Vec::new());
    let stats = Copier::new()
        .on_error(|e| {
            errors.push(e.src.clone());
            Decision::Skip
        })
        .on_event(|e| {
            kinds.push(e.kind);
            Decision::Continue // would count a failure; on_error's Skip wins
        })
        .run(&src, &dst)
        .expect("the error was skipped");
    assert_eq!(errors, [src.join("exists")]);
    assert!(kinds.contains(&EventKind::Error), "{kinds:?}");
    assert!(kinds.contains(&EventKind::Copied), "{kinds:?}");
    assert_eq!((stats.failures, stats.skipped), (0, 1), "{stats:?}");
    assert_eq!(fs::read(dst.join("exists")).unwrap(), b"old");
}

#[test]
fn an_abort_from_on_event_wins_and_on_error_is_not_called() {
    let tmp = TempDir::new("both-abort");
    let (src, dst) = make(&tmp);
    let mut on_error_calls = 0;
    let err = Copier::new()
        .on_event(|e| match e.kind {
            EventKind::Error => Decision::Abort,
            _ => Decision::Continue,
        })
        .on_error(|_| {
            on_error_calls += 1;
            Decision::Skip
        })
        .run(&src, &dst)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err:?}");
    assert_eq!(on_error_calls, 0);
}

#[test]
fn setting_one_keeps_the_other() {
    let tmp = TempDir::new("both-order");
    let (src, dst) = make(&tmp);
    let (mut events, mut errors) = (0, 0);
    // on_error first, then on_event: before 0.2 the second replaced the first.
    let result = Copier::new()
        .on_error(|_| {
            errors += 1;
            Decision::Continue
        })
        .on_event(|_| {
            events += 1;
            Decision::Continue
        })
        .run(&src, &dst);
    assert_eq!(result.unwrap_err().kind(), ErrorKind::Partial);
    assert_eq!(errors, 1);
    assert!(events >= 2, "on_event saw {events} events");
}
