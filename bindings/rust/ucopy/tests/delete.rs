// SPDX-License-Identifier: MIT
//! Mirroring: with `delete_extraneous` a second run removes what the source
//! lacks, removes a symlink pointing out of the tree as a link (what it
//! points at stays), and in a dry run only reports and counts.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::PathBuf;

use common::{pattern, TempDir};
use ucopy::{Copier, Decision, EventKind, Update};

/// A copied tree plus, in the destination, a file, a directory with a
/// file and a symlink to a file outside both trees.
fn setup(tmp: &TempDir) -> (PathBuf, PathBuf, PathBuf) {
    let (src, dst, outside) = (tmp.join("src"), tmp.join("dst"), tmp.join("outside"));
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::write(src.join("top"), pattern(100, 1)).unwrap();
    fs::write(src.join("sub/keep"), pattern(1000, 2)).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("precious"), b"do not touch").unwrap();

    let first = Copier::new().run(&src, &dst).unwrap();
    assert_eq!((first.files, first.deleted), (2, 0), "{first:?}");

    fs::write(dst.join("stale"), b"stale").unwrap();
    fs::create_dir(dst.join("old-dir")).unwrap();
    fs::write(dst.join("old-dir/f"), b"old").unwrap();
    symlink(outside.join("precious"), dst.join("sub/escape")).unwrap();
    (src, dst, outside)
}

const EXTRANEOUS: [&str; 4] = ["stale", "old-dir", "old-dir/f", "sub/escape"];

/// Runs the mirror and returns its stats and the deleted events (paths
/// relative to `dst`).
fn mirror(src: &PathBuf, dst: &PathBuf, dry_run: bool) -> (ucopy::Stats, BTreeSet<String>) {
    let mut deleted = BTreeSet::new();
    let stats = Copier::new()
        .update(Update::SizeMtime)
        .delete_extraneous(true)
        .dry_run(dry_run)
        .on_event(|e| {
            if e.kind == EventKind::Deleted {
                assert_eq!(e.op, "delete", "{e:?}");
                assert!(e.src.as_os_str().is_empty(), "{e:?}");
                let rel = e.dst.strip_prefix(dst).expect("deleted outside dst");
                deleted.insert(rel.to_string_lossy().into_owned());
            }
            Decision::Continue
        })
        .run(src, dst)
        .unwrap();
    (stats, deleted)
}

fn expected() -> BTreeSet<String> {
    EXTRANEOUS.iter().map(|s| s.to_string()).collect()
}

#[test]
fn extraneous_entries_go_and_nothing_outside_is_touched() {
    let tmp = TempDir::new("delete");
    let (src, dst, outside) = setup(&tmp);

    let (stats, deleted) = mirror(&src, &dst, false);
    assert_eq!(stats.deleted, EXTRANEOUS.len() as u64, "{stats:?}");
    assert_eq!(stats.up_to_date, 2, "{stats:?}");
    assert_eq!(deleted, expected());
    for rel in EXTRANEOUS {
        assert!(fs::symlink_metadata(dst.join(rel)).is_err(), "{rel} left");
    }
    assert_eq!(fs::read(dst.join("top")).unwrap(), pattern(100, 1));
    assert_eq!(fs::read(dst.join("sub/keep")).unwrap(), pattern(1000, 2));
    assert_eq!(fs::read(outside.join("precious")).unwrap(), b"do not touch");

    // Nothing left to remove.
    let (again, deleted) = mirror(&src, &dst, false);
    assert_eq!(again.deleted, 0, "{again:?}");
    assert!(deleted.is_empty(), "{deleted:?}");
}

#[test]
fn dry_run_reports_and_removes_nothing() {
    let tmp = TempDir::new("delete-dry");
    let (src, dst, outside) = setup(&tmp);

    let (stats, deleted) = mirror(&src, &dst, true);
    assert_eq!(stats.deleted, EXTRANEOUS.len() as u64, "{stats:?}");
    assert_eq!(deleted, expected());
    for rel in EXTRANEOUS {
        assert!(fs::symlink_metadata(dst.join(rel)).is_ok(), "{rel} removed");
    }
    assert_eq!(fs::read(outside.join("precious")).unwrap(), b"do not touch");
}

#[test]
fn without_the_switch_nothing_is_removed() {
    let tmp = TempDir::new("delete-off");
    let (src, dst, _) = setup(&tmp);
    let stats = Copier::new()
        .update(Update::SizeMtime)
        .delete_extraneous(false)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(stats.deleted, 0, "{stats:?}");
    for rel in EXTRANEOUS {
        assert!(fs::symlink_metadata(dst.join(rel)).is_ok(), "{rel} removed");
    }
}
