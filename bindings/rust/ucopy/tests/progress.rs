// SPDX-License-Identifier: MIT
//! The progress fields of libucopy 0.2 (`totals_final`, `phase`,
//! `bytes_per_sec`, `files_failed`, `files_skipped`, `current_path`) and
//! `Copier::prescan`.
//!
//! What holds whether or not the library fills the new fields is checked
//! always; what only a library that fills them can satisfy is skipped (the
//! test returns early, printing why) when the last report of a run does not
//! have `totals_final` set: a library that fills the fields always sets it
//! there.

mod common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{assert_same_tree, make_big_tree, make_rich_tree, TempDir};
use ucopy::{Copier, Decision, ErrorKind, Phase, Progress};

/// Checks what every report of one run of `src` satisfies, from any 0.2
/// library, and returns the last one.
fn check_reports(reports: &[Progress], src: &Path) -> Progress {
    assert!(!reports.is_empty(), "no progress report at all");
    for p in reports {
        assert!(
            p.files_failed + p.files_skipped <= p.files_done,
            "more failed and skipped than done: {p:?}"
        );
        if let Some(path) = &p.current_path {
            assert!(
                path.starts_with(src),
                "current path {path:?} is not under {src:?}: {p:?}"
            );
        }
        if let Some(Phase::Other(n)) = p.phase {
            panic!("phase {n} is not a UCOPY_PHASE_* value: {p:?}");
        }
    }
    for pair in reports.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(!a.finished, "a report came after the finished one");
        assert!(
            b.files_failed >= a.files_failed && b.files_skipped >= a.files_skipped,
            "failed/skipped went backwards: {a:?} then {b:?}"
        );
        assert!(
            b.totals_final || !a.totals_final,
            "totals_final went back: {a:?} then {b:?}"
        );
    }
    let last = reports.last().unwrap().clone();
    assert!(last.finished, "last report not finished: {last:?}");
    last
}

/// Whether the library fills the 0.2 fields (it then sets `totals_final`
/// on the last report of every run); says why not when it does not.
fn library_fills_the_new_fields(last: &Progress) -> bool {
    if !last.totals_final {
        eprintln!("skipped: library does not report totals_final yet");
    }
    last.totals_final
}

fn collect(
    copier: Copier<'_>,
    src: &Path,
    dst: &Path,
) -> (Result<ucopy::Stats, ucopy::Error>, Vec<Progress>) {
    let mut reports = Vec::new();
    let result = copier
        .on_progress(|p: &Progress| reports.push(p.clone()))
        .run(src, dst);
    (result, reports)
}

#[test]
fn phase_and_the_new_fields_have_their_types() {
    let p = Progress::default();
    let _: (bool, Option<Phase>, u64, u64, u64, Option<PathBuf>) = (
        p.totals_final,
        p.phase,
        p.bytes_per_sec,
        p.files_failed,
        p.files_skipped,
        p.current_path,
    );
    assert_eq!(ucopy_sys::UCOPY_F_NO_PRESCAN, 0x200000);
    assert_eq!(
        [
            ucopy_sys::UCOPY_PHASE_WALKING,
            ucopy_sys::UCOPY_PHASE_COPYING,
            ucopy_sys::UCOPY_PHASE_DELETING,
            ucopy_sys::UCOPY_PHASE_VERIFYING,
            ucopy_sys::UCOPY_PHASE_SYNCING,
        ],
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn every_report_is_well_formed_with_and_without_prescan() {
    for prescan in [true, false] {
        let tmp = TempDir::new("progress-fields");
        let (src, dst) = (tmp.join("src"), tmp.join("dst"));
        make_rich_tree(&src);
        let copier = Copier::new()
            .prescan(prescan)
            .progress_interval(Duration::from_millis(10));
        let (result, reports) = collect(copier, &src, &dst);
        let stats = result.expect("copy");
        assert_same_tree(&src, &dst);
        let last = check_reports(&reports, &src);
        assert_eq!(last.files_done, last.files_total, "{last:?}");
        assert_eq!(last.bytes_done, stats.bytes, "{last:?}");
        if library_fills_the_new_fields(&last) {
            assert!(last.phase.is_some(), "prescan {prescan}: {last:?}");
            assert_eq!((last.files_failed, last.files_skipped), (0, 0), "{last:?}");
        }
    }
}

#[test]
fn reports_during_a_longer_copy_are_well_formed() {
    let tmp = TempDir::new("progress-long");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_big_tree(&src, 48, 4 << 20);
    let copier = Copier::new().progress_interval(Duration::from_millis(10));
    let (result, reports) = collect(copier, &src, &dst);
    result.expect("copy");
    check_reports(&reports, &src);
}

#[test]
fn the_last_report_counts_failed_and_skipped_as_the_stats() {
    let tmp = TempDir::new("progress-counts");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir(&src).unwrap();
    fs::create_dir(&dst).unwrap();
    for name in ["fails", "skipped", "copied"] {
        fs::write(src.join(name), name).unwrap();
    }
    // EEXIST under the default Overwrite::Fail.
    fs::write(dst.join("fails"), b"old").unwrap();
    fs::write(dst.join("skipped"), b"old").unwrap();
    let copier = Copier::new().on_error(|e| {
        if e.src.as_os_str().as_bytes().ends_with(b"skipped") {
            Decision::Skip
        } else {
            Decision::Continue
        }
    });
    let (result, reports) = collect(copier, &src, &dst);
    let err = result.expect_err("one entry fails");
    assert_eq!(err.kind(), ErrorKind::Partial, "{err:?}");
    let stats = *err.stats().expect("stats of a partial copy");
    assert_eq!((stats.failures, stats.skipped), (1, 1), "{stats:?}");
    let last = check_reports(&reports, &src);
    if library_fills_the_new_fields(&last) {
        assert!(last.phase.is_some(), "{last:?}");
        assert_eq!(
            (last.files_failed, last.files_skipped),
            (stats.failures, stats.skipped),
            "{last:?}"
        );
    }
}
