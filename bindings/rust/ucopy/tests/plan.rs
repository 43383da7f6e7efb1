// SPDX-License-Identifier: MIT
//! Copier::plan: the dry run as data, nothing written.

mod common;

use std::fs;

use common::{set_times, TempDir};
use ucopy::{Copier, FileType, PlanAction, Update};

#[test]
fn plan_lists_copies_skips_and_deletes_and_writes_nothing() {
    let tmp = TempDir::new("plan");
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::create_dir_all(&dst).unwrap();
    fs::write(src.join("new"), vec![1u8; 1000]).unwrap();
    fs::write(src.join("sub/deep"), vec![2u8; 3000]).unwrap();
    // Up to date (same size and mtime), so left alone.
    fs::write(src.join("kept"), b"source").unwrap();
    fs::write(dst.join("kept"), b"SOURCE").unwrap();
    set_times(&src.join("kept"), 1_600_000_000, 0);
    set_times(&dst.join("kept"), 1_600_000_000, 0);
    fs::write(dst.join("extra"), b"only here").unwrap();

    let plan = Copier::new()
        .update(Update::SizeMtime)
        .delete_extraneous(true)
        .plan(&src, &dst)
        .expect("plan");
    let find = |action: PlanAction, name: &str| {
        plan.entries
            .iter()
            .find(|e| e.action == action && (e.src.ends_with(name) || e.dst.ends_with(name)))
            .unwrap_or_else(|| panic!("no {action:?} of {name} in {:#?}", plan.entries))
    };
    let new = find(PlanAction::Copy, "new");
    assert_eq!((new.file_type, new.bytes), (FileType::File, 1000));
    assert_eq!(new.dst, dst.join("new"));
    assert_eq!(find(PlanAction::Copy, "sub/deep").bytes, 3000);
    find(PlanAction::Copy, "sub");
    assert_eq!(find(PlanAction::Skip, "kept").op, "update");
    assert_eq!(find(PlanAction::Delete, "extra").dst, dst.join("extra"));
    // The stats count what would be done.
    assert_eq!(
        (plan.stats.files, plan.stats.bytes),
        (2, 4000),
        "{:?}",
        plan.stats
    );
    assert_eq!(
        (plan.stats.skipped, plan.stats.deleted),
        (1, 1),
        "{:?}",
        plan.stats
    );

    // Nothing was written.
    assert!(!dst.join("new").exists() && !dst.join("sub").exists());
    assert_eq!(fs::read(dst.join("kept")).unwrap(), b"SOURCE");
    assert!(dst.join("extra").exists());
}
