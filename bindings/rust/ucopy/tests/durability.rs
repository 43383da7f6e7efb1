// SPDX-License-Identifier: MIT
//! Durability and the page cache: `fsync(true)` copies a small tree (synced
//! before `run` returns) and `direct_io(false)` copies a large file through
//! the page cache; both copies equal their sources.

mod common;

use std::fs;

use common::{pattern, TempDir};
use ucopy::{Copier, CopyMethod};

#[test]
fn fsync_copies_a_tree_that_equals_the_source() {
    let tmp = TempDir::new("fsync");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir_all(src.join("sub/deeper")).unwrap();
    let files = [
        ("top", pattern(100, 1)),
        ("sub/middle", pattern(70_000, 2)),
        ("sub/deeper/leaf", pattern(1, 3)),
        ("sub/empty", Vec::new()),
    ];
    for (rel, data) in &files {
        fs::write(src.join(rel), data).unwrap();
    }

    let stats = Copier::new().fsync(true).run(&src, &dst).unwrap();
    assert_eq!(
        (stats.files, stats.dirs, stats.failures),
        (4, 3, 0),
        "{stats:?}"
    );
    for (rel, data) in &files {
        assert_eq!(&fs::read(dst.join(rel)).unwrap(), data, "{rel}");
    }
}

#[test]
fn without_direct_io_a_large_read_write_copy_is_equal() {
    let tmp = TempDir::new("no-direct-io");
    let data = pattern(20 << 20, 4);
    fs::write(tmp.join("src"), &data).unwrap();

    let stats = Copier::new()
        .copy_method(CopyMethod::ReadWrite)
        .direct_io(false)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(stats.bytes_read_write, 20 << 20, "{stats:?}");
    assert!(fs::read(tmp.join("dst")).unwrap() == data, "copy differs");
}
