// SPDX-License-Identifier: MIT
//! Whole-tree copies: fidelity, progress reports and non-UTF-8 names.

mod common;

use std::cell::RefCell;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

use common::{assert_same_tree, bytes_path, make_rich_tree, pattern, write_file, TempDir};
use ucopy::{Copier, Decision, EventKind, FileType, Progress};

#[test]
fn copies_a_tree_exactly() {
    let tmp = TempDir::new("tree");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_rich_tree(&src);

    let stats = Copier::new()
        .archive(true)
        .workers(2)
        .run(&src, &dst)
        .expect("copy");
    assert_same_tree(&src, &dst);

    assert_eq!(stats.files, 11, "{stats:?}");
    assert_eq!(stats.dirs, 6, "{stats:?}"); // the root and five below it
    assert_eq!(stats.symlinks, 4, "{stats:?}");
    assert_eq!(stats.specials, 1, "{stats:?}");
    let expected_bytes: u64 = common::SAMPLE_FILE_SIZES
        .iter()
        .map(|&n| n as u64)
        .sum::<u64>()
        + 10
        + 2;
    assert_eq!(stats.bytes, expected_bytes);
    assert_eq!((stats.failures, stats.skipped, stats.warnings), (0, 0, 0));
}

#[test]
fn copies_into_an_existing_directory_by_merging() {
    let tmp = TempDir::new("merge");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_rich_tree(&src);
    fs::create_dir(&dst).unwrap();
    fs::write(dst.join("unrelated"), b"kept").unwrap();

    Copier::new().run(&src, &dst).expect("copy");
    assert_eq!(fs::read(dst.join("unrelated")).unwrap(), b"kept");
    assert_eq!(
        fs::read(dst.join("a/f1-1")).unwrap(),
        fs::read(src.join("a/f1-1")).unwrap()
    );
}

#[test]
fn progress_never_goes_backwards_and_ends_at_the_totals() {
    let tmp = TempDir::new("progress");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir(&src).unwrap();
    for d in 0..8 {
        let dir = src.join(format!("d{d}"));
        fs::create_dir(&dir).unwrap();
        for f in 0..40 {
            let data = pattern(1000 * (f + 1) + d, (d * 100 + f) as u64);
            write_file(&dir.join(format!("f{f}")), &data, 0o644);
        }
    }

    let reports = RefCell::new(Vec::<Progress>::new());
    let stats = Copier::new()
        .progress_interval(Duration::from_millis(10))
        .on_progress(|p: &Progress| reports.borrow_mut().push(p.clone()))
        .run(&src, &dst)
        .expect("copy");

    let reports = reports.into_inner();
    assert!(!reports.is_empty(), "no progress report at all");
    for pair in reports.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            b.files_done >= a.files_done
                && b.files_total >= a.files_total
                && b.bytes_done >= a.bytes_done
                && b.bytes_total >= a.bytes_total
                && b.elapsed >= a.elapsed,
            "progress went backwards: {a:?} then {b:?}"
        );
    }
    let last = reports.last().unwrap();
    assert!(
        last.finished,
        "the last report is not marked finished: {last:?}"
    );
    assert_eq!(reports.iter().filter(|p| p.finished).count(), 1);
    assert_eq!(last.files_done, last.files_total, "{last:?}");
    assert_eq!(last.bytes_done, last.bytes_total, "{last:?}");
    assert_eq!(last.bytes_done, stats.bytes);
    assert_eq!(stats.files, 320);
    // 320 files, 8 directories and perhaps the root count as entries.
    assert!((328..=329).contains(&last.files_total), "{last:?}");
}

#[test]
fn non_utf8_names_survive() {
    let tmp = TempDir::new("bytes");
    // The root itself, a directory and a file: Latin-1 bytes, invalid UTF-8.
    let src = tmp.path().join(bytes_path(b"src-\xff"));
    let dst = tmp.path().join(bytes_path(b"dst-\xfe"));
    fs::create_dir(&src).unwrap();
    fs::create_dir(src.join(bytes_path(b"d\xe9j\xe0"))).unwrap();
    write_file(
        &src.join(bytes_path(b"d\xe9j\xe0/caf\xe9")),
        b"latin-1",
        0o644,
    );
    std::os::unix::fs::symlink(bytes_path(b"d\xe9j\xe0/caf\xe9"), src.join("link")).unwrap();

    let mut seen = Vec::new();
    Copier::new()
        .on_event(|e| {
            if e.kind == EventKind::Copied && e.file_type == FileType::File {
                seen.push((e.src.clone(), e.dst.clone()));
            }
            Decision::Continue
        })
        .run(&src, &dst)
        .expect("copy");

    assert_same_tree(&src, &dst);
    let file = dst.join(bytes_path(b"d\xe9j\xe0/caf\xe9"));
    assert_eq!(fs::read(&file).unwrap(), b"latin-1");
    assert_eq!(
        seen,
        vec![(src.join(bytes_path(b"d\xe9j\xe0/caf\xe9")), file)],
        "event paths lost their bytes"
    );
    assert!(seen[0].0.as_os_str().as_bytes().ends_with(b"caf\xe9"));
}

#[test]
fn dry_run_writes_nothing() {
    let tmp = TempDir::new("dry");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_rich_tree(&src);
    Copier::new()
        .dry_run(true)
        .run(&src, &dst)
        .expect("dry run");
    assert!(!dst.exists(), "a dry run created {dst:?}");
}

#[test]
fn a_copier_can_run_more_than_once() {
    let tmp = TempDir::new("again");
    let src = tmp.join("src");
    make_rich_tree(&src);
    let mut copier = Copier::new();
    for i in 0..3 {
        let dst = tmp.join(format!("dst{i}"));
        copier.run(&src, &dst).expect("copy");
        assert_same_tree(&src, &dst);
    }
}

#[test]
fn library_version_is_reported() {
    let v = ucopy::library_version();
    assert_eq!(v.split('.').count(), 3, "{v:?}");
    assert!(v.split('.').all(|n| n.parse::<u32>().is_ok()), "{v:?}");
}
