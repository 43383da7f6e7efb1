// SPDX-License-Identifier: MIT
//! Atomic replace: `atomic(true)` copies a tree equal to its source over an
//! older copy, and leaves no temporary names behind.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{assert_same_tree, make_rich_tree, pattern, walk, TempDir};
use ucopy::{Copier, Overwrite};

fn temp_names(root: &std::path::Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    walk(root, &mut all);
    all.into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".ucopy-tmp."))
        })
        .collect()
}

#[test]
fn atomic_replaces_an_older_copy_with_an_equal_one() {
    let tmp = TempDir::new("atomic");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    make_rich_tree(&src);
    fs::write(src.join("large"), pattern(3 << 20, 9)).unwrap();
    fs::create_dir_all(&dst).unwrap();
    fs::write(dst.join("large"), b"an older, shorter version").unwrap();

    let stats = Copier::new()
        .atomic(true)
        .overwrite(Overwrite::Replace)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(stats.failures, 0, "{stats:?}");
    assert_same_tree(&src, &dst);
    assert_eq!(temp_names(&dst), Vec::<PathBuf>::new());
}
