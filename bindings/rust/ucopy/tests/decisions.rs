// SPDX-License-Identifier: MIT
//! The error callback sees an unreadable file, and each Decision has its
//! documented effect.
//!
//! Root reads any file, so as root the scenario runs in a child process with
//! uid/gid 65534 (nobody): this test binary runs itself again, filtered to
//! `unreadable_file_child`, with the scratch directory in an env var.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{is_root, write_file, TempDir};
use ucopy::{Copier, Decision, ErrorKind, Event, EventKind, FileType};

const CHILD_ENV: &str = "UCOPY_RS_DECISIONS_DIR";
const NOBODY: u32 = 65534;

/// src/ with two readable files and one unreadable (mode 000) file.
fn make_source(root: &Path) -> PathBuf {
    let src = root.join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    write_file(&src.join("ok.txt"), b"fine", 0o644);
    write_file(&src.join("sub/inner.txt"), b"also fine", 0o644);
    write_file(&src.join("secret"), b"no one may read this", 0o000);
    src
}

/// Runs one copy with a fixed decision; returns the result and the events.
fn copy_with(
    src: &Path,
    dst: &Path,
    decision: Decision,
) -> (Result<ucopy::Stats, ucopy::Error>, Vec<Event>) {
    let mut events = Vec::new();
    let result = Copier::new()
        .on_error(|e| {
            events.push(e.clone());
            decision
        })
        .run(src, dst);
    (result, events)
}

fn assert_saw_unreadable(events: &[Event], src: &Path) {
    assert_eq!(
        events.len(),
        1,
        "expected exactly one error event: {events:?}"
    );
    let e = &events[0];
    assert_eq!(e.kind, EventKind::Error);
    assert_eq!(e.file_type, FileType::File);
    assert_eq!(e.src, src.join("secret"));
    assert_eq!(e.code, -libc::EACCES, "{e:?}");
    assert!(!e.message.is_empty());
    let err = e.error().unwrap();
    assert_eq!(err.path(), Some(src.join("secret").as_path()));
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::PermissionDenied
    );
}

/// The scenario itself; runs as a user who cannot read `secret`.
fn scenario(root: &Path) {
    let src = root.join("src");
    let out = root.join("out");
    // The parent looks for this line to know the scenario really ran.
    println!("decisions scenario as uid {}", unsafe { libc::geteuid() });

    // Continue: the entry counts as failed, the rest is copied.
    let dst = out.join("continue");
    let (result, events) = copy_with(&src, &dst, Decision::Continue);
    assert_saw_unreadable(&events, &src);
    let err = result.expect_err("a failed entry makes the run partial");
    assert_eq!(err.kind(), ErrorKind::Partial, "{err:?}");
    let stats = err.stats().unwrap();
    assert_eq!(
        (stats.failures, stats.skipped, stats.files),
        (1, 0, 2),
        "{stats:?}"
    );
    assert_eq!(fs::read(dst.join("sub/inner.txt")).unwrap(), b"also fine");
    assert_eq!(fs::read(dst.join("ok.txt")).unwrap(), b"fine");
    assert!(
        !dst.join("secret").exists(),
        "a failed file was left behind"
    );

    // Skip: counted as skipped, not failed; the run succeeds.
    let dst = out.join("skip");
    let (result, events) = copy_with(&src, &dst, Decision::Skip);
    assert_saw_unreadable(&events, &src);
    let stats = result.expect("skipping the only failure leaves a successful run");
    assert_eq!(
        (stats.failures, stats.skipped, stats.files),
        (0, 1, 2),
        "{stats:?}"
    );
    assert!(!dst.join("secret").exists());

    // Abort: the run stops with Aborted.
    let dst = out.join("abort");
    let (result, events) = copy_with(&src, &dst, Decision::Abort);
    assert_saw_unreadable(&events, &src);
    let err = result.expect_err("abort fails the run");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err:?}");
    assert!(!dst.join("secret").exists());
}

/// Entry point of the child process; a no-op in a normal test run.
#[test]
fn unreadable_file_child() {
    if let Some(root) = std::env::var_os(CHILD_ENV) {
        scenario(Path::new(&root));
    }
}

#[test]
fn error_callback_sees_an_unreadable_file_and_decisions_work() {
    let tmp = TempDir::new("decisions");
    make_source(tmp.path());
    let out = tmp.join("out");
    fs::create_dir(&out).unwrap();

    if !is_root() {
        scenario(tmp.path());
        return;
    }

    // The test binary may sit where nobody cannot reach it (a checkout
    // under /root): the child runs a copy of it from the scratch directory.
    let exe = tmp.join("decisions-child");
    fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::chown(&out, Some(NOBODY), Some(NOBODY)).unwrap();
    let output = Command::new(&exe)
        .args([
            "--exact",
            "unreadable_file_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, tmp.path())
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .expect("spawn the unprivileged child");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "child failed ({}):\n{text}",
        output.status
    );
    assert!(
        text.contains(&format!("decisions scenario as uid {NOBODY}")),
        "the child did not run the scenario:\n{text}"
    );
}
