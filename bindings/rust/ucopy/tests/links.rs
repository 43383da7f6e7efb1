// SPDX-License-Identifier: MIT
//! Hard links with and without `link_map_limit`: a 3-snapshot repository's
//! link groups are kept, past a small limit too (through the spill file).

mod common;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::TempDir;
use ucopy::{Copier, Decision, EventKind};

fn make_repository(root: &Path) {
    for d in 0..20 {
        for s in ["s1", "s2", "s3"] {
            fs::create_dir_all(root.join(s).join(format!("d{d}"))).unwrap();
        }
        for k in 0..100 {
            let rel = format!("d{d}/f{k}");
            let first = root.join("s1").join(&rel);
            fs::write(&first, rel.as_bytes()).unwrap();
            for s in ["s2", "s3"] {
                fs::hard_link(&first, root.join(s).join(&rel)).unwrap();
            }
        }
    }
}

/// Each name below `root` with the set of names of its inode.
fn link_groups(root: &Path) -> HashMap<String, BTreeSet<String>> {
    let mut by_inode: HashMap<u64, BTreeSet<String>> = HashMap::new();
    for s in ["s1", "s2", "s3"] {
        for d in fs::read_dir(root.join(s)).unwrap() {
            for f in fs::read_dir(d.unwrap().path()).unwrap() {
                let p = f.unwrap().path();
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                by_inode
                    .entry(fs::metadata(&p).unwrap().ino())
                    .or_default()
                    .insert(rel);
            }
        }
    }
    let mut out = HashMap::new();
    for names in by_inode.values() {
        for n in names {
            out.insert(n.clone(), names.clone());
        }
    }
    out
}

#[test]
fn groups_are_kept_without_a_limit() {
    let tmp = TempDir::new("links-unlimited");
    make_repository(&tmp.join("src"));
    let stats = Copier::new().run(tmp.join("src"), tmp.join("dst")).unwrap();
    assert_eq!((stats.files, stats.warnings), (6000, 0), "{stats:?}");
    assert_eq!(link_groups(&tmp.join("dst")), link_groups(&tmp.join("src")));
}

#[test]
fn past_the_limit_groups_are_kept_through_the_spill_file() {
    let tmp = TempDir::new("links-limit");
    make_repository(&tmp.join("src"));
    let mut warnings = Vec::new();
    let stats = Copier::new()
        .link_map_limit(u64::from(ucopy_sys::UCOPY_LINK_MAP_LIMIT_MIN))
        .on_event(|e| {
            if e.kind == EventKind::Warning {
                warnings.push(e.op.clone());
            }
            Decision::Continue
        })
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(stats.files, 6000, "{stats:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(link_groups(&tmp.join("dst")), link_groups(&tmp.join("src")));
}

#[test]
fn a_limit_below_the_minimum_is_invalid_input() {
    let tmp = TempDir::new("links-bad");
    fs::write(tmp.join("src"), b"x").unwrap();
    let err = Copier::new()
        .link_map_limit(u64::from(ucopy_sys::UCOPY_LINK_MAP_LIMIT_MIN) - 1)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err:?}");
    assert!(
        err.message().contains("link_map_limit"),
        "{:?}",
        err.message()
    );
}
