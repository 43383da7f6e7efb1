// SPDX-License-Identifier: MIT
//! Error kinds, codes, messages and the conversion to std::io::Error.

mod common;

use std::fs;
use std::io;
use std::ops::ControlFlow;
use std::time::Duration;

use common::{make_big_tree, make_rich_tree, TempDir};
use ucopy::{Copier, Decision, ErrorKind, Event, EventKind, Overwrite};

#[test]
fn missing_source_is_not_found() {
    let tmp = TempDir::new("enoent");
    let err = Copier::new()
        .run(tmp.join("missing-src"), tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Os);
    assert_eq!(err.code(), -libc::ENOENT);
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    assert_eq!(err.name(), "ENOENT");
    assert!(
        err.message().contains("missing-src"),
        "the message should name the path: {:?}",
        err.message()
    );
    assert_eq!(err.io_kind(), io::ErrorKind::NotFound);
    assert_eq!(err.path(), Some(tmp.join("missing-src").as_path()));
    let io_err = io::Error::from(err);
    assert_eq!(io_err.kind(), io::ErrorKind::NotFound);
    // Through `?` into io::Error the path and the reason stay in the text...
    let text = io_err.to_string();
    assert!(text.contains("missing-src"), "no path in {text:?}");
    let reason = io::Error::from_raw_os_error(libc::ENOENT).to_string();
    let reason = reason.split(" (os error").next().unwrap();
    assert!(text.contains(reason), "no reason {reason:?} in {text:?}");
    // ...the errno is the source...
    let source = std::error::Error::source(&io_err).expect("a source");
    let os = source
        .downcast_ref::<io::Error>()
        .expect("an io::Error source");
    assert_eq!(os.raw_os_error(), Some(libc::ENOENT));
    // ...and the original error is inside.
    let original = io_err.get_ref().unwrap().downcast_ref::<ucopy::Error>();
    assert_eq!(original.map(|e| e.code()), Some(-libc::ENOENT));
}

#[test]
fn events_give_their_io_kind_and_errno() {
    let tmp = TempDir::new("event-kind");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir_all(&src).unwrap();
    fs::create_dir_all(&dst).unwrap();
    fs::write(src.join("exists"), b"new").unwrap();
    fs::write(src.join("fresh"), b"new").unwrap();
    fs::write(dst.join("exists"), b"old").unwrap();

    let mut events = Vec::<Event>::new();
    let _ = Copier::new()
        .on_event(|e| {
            events.push(e.clone());
            Decision::Continue
        })
        .run(&src, &dst);
    let error = events.iter().find(|e| e.kind == EventKind::Error);
    let error = error.unwrap_or_else(|| panic!("no error event: {events:?}"));
    assert_eq!(
        error.io_kind(),
        Some(io::ErrorKind::AlreadyExists),
        "{error:?}"
    );
    assert_eq!(error.raw_os_error(), Some(libc::EEXIST));
    let copied = events
        .iter()
        .find(|e| e.kind == EventKind::Copied && e.src.ends_with("fresh"));
    let copied = copied.unwrap_or_else(|| panic!("no copied event: {events:?}"));
    assert_eq!((copied.io_kind(), copied.raw_os_error()), (None, None));
}

#[test]
fn existing_destination_file_is_already_exists() {
    let tmp = TempDir::new("eexist");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::write(&src, b"new").unwrap();
    fs::write(&dst, b"old").unwrap();

    let mut events = Vec::<Event>::new();
    let err = Copier::new()
        .on_error(|e| {
            events.push(e.clone());
            Decision::Continue
        })
        .run(&src, &dst)
        .unwrap_err();
    assert_eq!(fs::read(&dst).unwrap(), b"old");
    // Either the run itself fails with EEXIST, or the entry does and the run
    // is partial; the code that reaches the caller must say "exists".
    let code_err = match err.kind() {
        ErrorKind::Partial => {
            assert_eq!(events.len(), 1, "{events:?}");
            events[0].error().expect("error event has a code")
        }
        _ => err,
    };
    assert_eq!(code_err.raw_os_error(), Some(libc::EEXIST), "{code_err:?}");
    assert_eq!(
        io::Error::from(code_err).kind(),
        io::ErrorKind::AlreadyExists
    );
}

#[test]
fn overwrite_replace_and_skip() {
    let tmp = TempDir::new("overwrite");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::write(&src, b"new").unwrap();
    fs::write(&dst, b"old").unwrap();

    let stats = Copier::new()
        .overwrite(Overwrite::Skip)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(fs::read(&dst).unwrap(), b"old");
    assert_eq!(stats.skipped, 1, "{stats:?}");

    let stats = Copier::new()
        .overwrite(Overwrite::Replace)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(fs::read(&dst).unwrap(), b"new");
    assert_eq!((stats.files, stats.skipped), (1, 0), "{stats:?}");
}

#[test]
fn same_file_and_destination_inside_source() {
    let tmp = TempDir::new("same");
    let src = tmp.join("src");
    make_rich_tree(&src);

    let err = Copier::new().run(&src, &src).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SameFile, "{err:?}");
    assert_eq!(err.code(), ucopy_sys::UCOPY_ESAMEFILE);
    assert_eq!(err.raw_os_error(), None);
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::InvalidInput);

    let err = Copier::new().run(&src, src.join("a/inside")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DestinationInsideSource, "{err:?}");
    assert_eq!(err.name(), "UCOPY_EDSTINSIDE");
    assert!(!src.join("a/inside").exists());
    let io_err = io::Error::from(err);
    assert_eq!(io_err.kind(), io::ErrorKind::InvalidInput);
    // The library's error travels inside the io::Error.
    let inner = io_err
        .get_ref()
        .unwrap()
        .downcast_ref::<ucopy::Error>()
        .unwrap();
    assert_eq!(inner.kind(), ErrorKind::DestinationInsideSource);
}

#[test]
fn interior_nul_is_invalid_input() {
    let err = Copier::new().run("a\0b", "/tmp/x").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPath);
    assert_eq!(err.path(), Some(std::path::Path::new("a\0b")));
    assert!(err.stats().is_none());
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::InvalidInput);

    let err = Copier::new().run("/tmp", "x\0").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPath);
}

#[test]
fn bad_options_are_invalid_input_naming_the_field() {
    let tmp = TempDir::new("einval");
    let err = Copier::new()
        .workers(100_000)
        .run(tmp.path(), tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err:?}");
    assert!(err.message().contains("workers"), "{:?}", err.message());
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::InvalidInput);

    let err = Copier::new()
        .buffer_size(1000)
        .run(tmp.path(), tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.io_kind(), io::ErrorKind::InvalidInput, "{err:?}");
}

#[test]
fn progress_break_aborts_the_run() {
    let tmp = TempDir::new("break");
    let src = tmp.join("src");
    // Big enough that a report comes well before the end of the copy.
    make_big_tree(&src, 4, 32 << 20);
    let mut reports = Vec::new();
    let result = Copier::new()
        .progress_interval(Duration::from_millis(10))
        .on_progress(|p: &ucopy::Progress| {
            reports.push(p.clone());
            ControlFlow::Break(())
        })
        .run(&src, tmp.join("dst"));
    assert!(!reports.is_empty(), "no progress report");
    assert!(
        !reports[0].finished,
        "the copy ended before any report: {reports:?}"
    );
    // The library may still report while it winds down (with finished set
    // at the end); what matters is that the run stops as aborted.
    let err = result.expect_err("Break from a progress report must stop the run");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err:?} after {reports:?}");
    assert!(err.stats().is_some());
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::Other);
}

#[test]
fn event_abort_stops_the_run() {
    let tmp = TempDir::new("evabort");
    let src = tmp.join("src");
    make_rich_tree(&src);
    let mut calls = 0;
    let err = Copier::new()
        .on_event(|e| {
            calls += 1;
            assert_ne!(e.kind, EventKind::Error, "unexpected error {e:?}");
            Decision::Abort
        })
        .run(&src, tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err:?}");
    assert!(calls >= 1);
}

#[test]
fn errors_are_std_errors_that_display_the_message() {
    fn takes_std_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let err = Copier::new()
        .run("/nonexistent/ucopy-rs", "/tmp/never")
        .unwrap_err();
    takes_std_error(&err);
    assert_eq!(err.to_string(), err.message());
    assert!(format!("{err:?}").contains("ENOENT"));
}
