// SPDX-License-Identifier: MIT
//! Incremental update: a second run leaves up-to-date files alone, copies
//! again only what changed, and only the update checks that exist are
//! accepted.

mod common;

use std::fs::{self, OpenOptions};
use std::io::{self, Write};

use common::{pattern, TempDir};
use ucopy::{Copier, Decision, EventKind, Update};
use ucopy_sys as sys;

/// Relative paths and sizes of the regular files of the sample tree.
const FILES: [(&str, usize); 4] = [
    ("top", 50),
    ("docs/a.bin", 300_000),
    ("docs/b.txt", 1000),
    ("docs/deep/c.txt", 1),
];

fn sample_tree(tmp: &TempDir) {
    fs::create_dir_all(tmp.join("src/docs/deep")).unwrap();
    for (i, (path, len)) in FILES.iter().enumerate() {
        fs::write(tmp.join("src").join(path), pattern(*len, i as u64 + 1)).unwrap();
    }
}

#[test]
fn size_mtime_leaves_an_unchanged_tree_alone_and_copies_what_changed() {
    let tmp = TempDir::new("update");
    sample_tree(&tmp);
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));

    let first = Copier::new().run(&src, &dst).unwrap();
    assert_eq!(first.files, FILES.len() as u64, "{first:?}");
    assert_eq!(first.up_to_date, 0, "{first:?}");

    // Unchanged: every file is up to date, nothing is written, and each
    // gets a skipped event with op "update".
    let mut skipped = Vec::new();
    let again = Copier::new()
        .update(Update::SizeMtime)
        .on_event(|e| {
            if e.kind == EventKind::Skipped {
                skipped.push((e.op.clone(), e.dst.clone()));
            }
            Decision::Continue
        })
        .run(&src, &dst)
        .unwrap();
    assert_eq!(again.up_to_date, FILES.len() as u64, "{again:?}");
    assert_eq!(again.skipped, FILES.len() as u64, "{again:?}");
    assert_eq!((again.files, again.bytes), (0, 0), "{again:?}");
    assert_eq!(skipped.len(), FILES.len(), "{skipped:?}");
    assert!(skipped.iter().all(|(op, _)| op == "update"), "{skipped:?}");

    // One file grows by a byte: it alone is copied again.
    let changed = tmp.join("src/docs/b.txt");
    OpenOptions::new()
        .append(true)
        .open(&changed)
        .unwrap()
        .write_all(b"!")
        .unwrap();
    let size = fs::metadata(&changed).unwrap().len();
    let third = Copier::new()
        .update(Update::SizeMtime)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(third.files, 1, "{third:?}");
    assert_eq!(third.bytes, size, "{third:?}");
    assert_eq!(third.up_to_date, FILES.len() as u64 - 1, "{third:?}");
    assert_eq!(
        fs::read(tmp.join("dst/docs/b.txt")).unwrap(),
        fs::read(&changed).unwrap()
    );
}

#[test]
fn checksum_compares_contents() {
    let tmp = TempDir::new("update-sum");
    sample_tree(&tmp);
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    Copier::new().run(&src, &dst).unwrap();

    let stats = Copier::new()
        .update(Update::Checksum)
        .run(&src, &dst)
        .unwrap();
    assert_eq!(stats.up_to_date, FILES.len() as u64, "{stats:?}");
    assert_eq!(stats.bytes, 0, "{stats:?}");
}

#[test]
fn update_defaults_to_never() {
    assert_eq!(Update::default(), Update::Never);
    let tmp = TempDir::new("update-never");
    sample_tree(&tmp);
    let (src, dst) = (tmp.join("src"), tmp.join("dst"));
    Copier::new().run(&src, &dst).unwrap();
    // Without an update check the overwrite policy (fail) decides.
    let err = Copier::new()
        .update(Update::Never)
        .run(&src, &dst)
        .unwrap_err();
    assert_eq!(err.kind(), ucopy::ErrorKind::Partial, "{err:?}");
    assert_eq!(err.stats().map(|s| s.up_to_date), Some(0), "{err:?}");
}

/// `Update` admits only the values the library knows (a raw number does not
/// compile, see `Copier::update`); below it, the library itself rejects any
/// other value with `EINVAL` naming the field.
#[test]
fn an_unknown_update_value_is_invalid_input() {
    let mut opts = sys::UCOPY_OPTIONS_INIT;
    opts.update = sys::UCOPY_UPDATE_CHECKSUM + 1;
    // SAFETY: a fresh handle, used and freed here.
    unsafe {
        let h = sys::ucopy_new();
        assert!(!h.is_null());
        let rc = sys::ucopy_set_options(h, &opts);
        let msg = std::ffi::CStr::from_ptr(sys::ucopy_last_error(h))
            .to_string_lossy()
            .into_owned();
        sys::ucopy_free(h);
        assert_eq!(rc, -libc::EINVAL);
        assert!(msg.contains("update"), "{msg:?}");
        assert_eq!(
            io::Error::from_raw_os_error(-rc).kind(),
            io::ErrorKind::InvalidInput
        );
    }
}
