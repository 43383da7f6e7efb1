// SPDX-License-Identifier: MIT
//! Metadata beyond `cp -a`: extended attributes and the xattr filter, the
//! owner policy, and FIFOs with and without `specials`.

mod common;

use std::cell::RefCell;
use std::ffi::{CString, OsStr, OsString};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::thread;

use common::{is_root, mkfifo, write_file, TempDir};
use ucopy::{Copier, Decision, EventKind, FileType, OwnerPolicy};

fn cpath(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

fn set_xattr(path: &Path, name: &str, value: &[u8]) {
    let (p, n) = (cpath(path), CString::new(name).unwrap());
    let rc = unsafe {
        libc::lsetxattr(
            p.as_ptr(),
            n.as_ptr(),
            value.as_ptr().cast(),
            value.len(),
            0,
        )
    };
    assert_eq!(
        rc,
        0,
        "setxattr {path:?} {name}: {}",
        std::io::Error::last_os_error()
    );
}

/// The `user.*` attributes of `path`, sorted, with their values.
fn user_xattrs(path: &Path) -> Vec<(OsString, Vec<u8>)> {
    let p = cpath(path);
    let mut names = vec![0u8; 4096];
    let n = unsafe { libc::llistxattr(p.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    assert!(
        n >= 0,
        "listxattr {path:?}: {}",
        std::io::Error::last_os_error()
    );
    names.truncate(n as usize);
    let mut out = Vec::new();
    for name in names.split(|&b| b == 0).filter(|s| s.starts_with(b"user.")) {
        let cname = CString::new(name).unwrap();
        let mut value = vec![0u8; 4096];
        let len = unsafe {
            libc::lgetxattr(
                p.as_ptr(),
                cname.as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        assert!(len >= 0, "getxattr {path:?}");
        value.truncate(len as usize);
        out.push((OsStr::from_bytes(name).to_owned(), value));
    }
    out.sort();
    out
}

fn xattr_source(tmp: &TempDir) -> std::path::PathBuf {
    let src = tmp.join("src");
    write_file(&src, b"payload", 0o644);
    set_xattr(&src, "user.keep", b"kept value");
    set_xattr(&src, "user.drop", b"dropped value");
    src
}

fn pair(name: &str, value: &[u8]) -> (OsString, Vec<u8>) {
    (OsString::from(name), value.to_vec())
}

#[test]
fn xattrs_are_copied_by_default() {
    let tmp = TempDir::new("xattr-default");
    let src = xattr_source(&tmp);
    let stats = Copier::new().run(&src, tmp.join("dst")).expect("copy");
    assert_eq!((stats.files, stats.warnings), (1, 0), "{stats:?}");
    assert_eq!(
        user_xattrs(&tmp.join("dst")),
        vec![
            pair("user.drop", b"dropped value"),
            pair("user.keep", b"kept value")
        ]
    );
}

#[test]
fn xattrs_off_copies_none() {
    let tmp = TempDir::new("xattr-off");
    let src = xattr_source(&tmp);
    Copier::new()
        .xattrs(false)
        .run(&src, tmp.join("dst"))
        .expect("copy");
    assert_eq!(user_xattrs(&tmp.join("dst")), vec![]);
    // archive(false) turns them off too.
    Copier::new()
        .archive(false)
        .run(&src, tmp.join("dst2"))
        .expect("copy");
    assert_eq!(user_xattrs(&tmp.join("dst2")), vec![]);
}

#[test]
fn xattr_filter_leaves_out_only_the_names_it_rejects() {
    let tmp = TempDir::new("xattr-filter");
    let src = xattr_source(&tmp);
    let asked = RefCell::new(Vec::new());
    let caller = thread::current().id();
    let mut copier = Copier::new().xattr_filter(|name: &OsStr| {
        assert_eq!(
            thread::current().id(),
            caller,
            "filter off the caller's thread"
        );
        asked.borrow_mut().push(name.to_owned());
        name != "user.drop"
    });
    copier.run(&src, tmp.join("dst")).expect("copy");
    assert_eq!(
        user_xattrs(&tmp.join("dst")),
        vec![pair("user.keep", b"kept value")]
    );
    let mut asked_names = asked.borrow().clone();
    asked_names.sort();
    assert!(
        asked_names.contains(&"user.drop".into()) && asked_names.contains(&"user.keep".into()),
        "{asked_names:?}"
    );
    asked_names.dedup();
    assert_eq!(
        asked_names.len(),
        asked.borrow().len(),
        "a name asked twice"
    );

    // The filter does nothing while xattrs are off.
    Copier::new()
        .xattrs(false)
        .xattr_filter(|_| panic!("asked although xattrs are off"))
        .run(&src, tmp.join("dst2"))
        .expect("copy");
}

#[test]
fn panic_in_xattr_filter_is_resumed_by_run() {
    let tmp = TempDir::new("xattr-panic");
    let src = xattr_source(&tmp);
    let calls = RefCell::new(0);
    let mut copier = Copier::new().xattr_filter(|_| {
        *calls.borrow_mut() += 1;
        panic!("boom in xattr filter")
    });
    let payload = catch_unwind(AssertUnwindSafe(|| copier.run(&src, tmp.join("dst"))))
        .expect_err("the panic must reach the caller");
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"boom in xattr filter")
    );
    assert_eq!(*calls.borrow(), 1, "the filter ran again after it panicked");
}

/// Archive mode and a part switched on its own copy the same way in either
/// order (libucopy's flags_set/flags_clear rule): xattrs off wins over
/// archive(true), and owners and hard links switched on survive
/// archive(false).
#[test]
fn archive_and_parts_copy_the_same_in_either_order() {
    let tmp = TempDir::new("xattr-order");
    let src = xattr_source(&tmp);
    for (name, copier) in [
        ("a", Copier::new().archive(true).xattrs(false)),
        ("b", Copier::new().xattrs(false).archive(true)),
    ] {
        let mut copier = copier;
        copier.run(&src, tmp.join(name)).expect("copy");
        assert_eq!(fs::read(tmp.join(name)).unwrap(), b"payload");
        assert_eq!(user_xattrs(&tmp.join(name)), vec![], "{name}");
    }

    // Hard links: two names of one file stay one file only with the part on.
    let tree = tmp.join("tree");
    fs::create_dir(&tree).unwrap();
    write_file(&tree.join("one"), b"linked", 0o644);
    fs::hard_link(tree.join("one"), tree.join("two")).unwrap();
    for (name, copier) in [
        (
            "h1",
            Copier::new()
                .archive(false)
                .recursive(true)
                .preserve_hardlinks(true),
        ),
        (
            "h2",
            Copier::new()
                .preserve_hardlinks(true)
                .recursive(true)
                .archive(false),
        ),
        ("h3", Copier::new().recursive(true).archive(false)),
    ] {
        let mut copier = copier;
        copier.run(&tree, tmp.join(name)).expect("copy");
        let one = fs::metadata(tmp.join(name).join("one")).unwrap();
        let two = fs::metadata(tmp.join(name).join("two")).unwrap();
        let linked = one.ino() == two.ino();
        assert_eq!(linked, name != "h3", "{name}: one and two linked: {linked}");
    }

    // Owners, where the process may give a file away.
    if is_root() {
        std::os::unix::fs::lchown(&src, Some(1234), Some(1234)).unwrap();
        for (name, copier) in [
            ("o1", Copier::new().archive(false).preserve_owner(true)),
            ("o2", Copier::new().preserve_owner(true).archive(false)),
        ] {
            let mut copier = copier;
            copier.run(&src, tmp.join(name)).expect("copy");
            let m = fs::metadata(tmp.join(name)).unwrap();
            assert_eq!((m.uid(), m.gid()), (1234, 1234), "{name}");
            assert_eq!(user_xattrs(&tmp.join(name)), vec![], "{name}");
        }
    }
}

#[test]
fn owner_is_kept_as_root_and_owner_policy_is_accepted() {
    if !is_root() {
        eprintln!("skipped: needs root to give a file away (the C tests cover the rest)");
        return;
    }
    let tmp = TempDir::new("owner");
    let src = tmp.join("src");
    write_file(&src, b"owned", 0o640);
    std::os::unix::fs::lchown(&src, Some(1234), Some(1234)).unwrap();

    for (i, policy) in [
        OwnerPolicy::Warn,
        OwnerPolicy::Fail,
        OwnerPolicy::Ignore,
        OwnerPolicy::WarnEach,
    ]
    .into_iter()
    .enumerate()
    {
        let dst = tmp.join(format!("dst{i}"));
        let stats = Copier::new()
            .owner_policy(policy)
            .run(&src, &dst)
            .unwrap_or_else(|e| panic!("{policy:?}: {e}"));
        assert_eq!((stats.failures, stats.warnings), (0, 0), "{policy:?}");
        let m = fs::metadata(&dst).unwrap();
        assert_eq!((m.uid(), m.gid()), (1234, 1234), "{policy:?}");
    }
    assert_eq!(OwnerPolicy::default(), OwnerPolicy::Warn);
}

#[test]
fn fifo_is_recreated_in_archive_mode() {
    let tmp = TempDir::new("fifo-archive");
    fs::create_dir(tmp.join("src")).unwrap();
    mkfifo(&tmp.join("src/fifo"), 0o640);
    let stats = Copier::new()
        .run(tmp.join("src"), tmp.join("dst"))
        .expect("copy");
    assert_eq!((stats.specials, stats.skipped), (1, 0), "{stats:?}");
    let m = fs::symlink_metadata(tmp.join("dst/fifo")).unwrap();
    assert!(m.file_type().is_fifo());
    assert_eq!(m.mode() & 0o7777, 0o640);
}

#[test]
fn fifo_is_skipped_without_specials() {
    let tmp = TempDir::new("fifo-skip");
    fs::create_dir(tmp.join("src")).unwrap();
    mkfifo(&tmp.join("src/fifo"), 0o640);
    let skipped = RefCell::new(Vec::new());
    let stats = Copier::new()
        .specials(false)
        .on_event(|e| {
            if e.kind == EventKind::Skipped {
                skipped.borrow_mut().push(e.clone());
            }
            Decision::Continue
        })
        .run(tmp.join("src"), tmp.join("dst"))
        .expect("copy");
    assert_eq!((stats.specials, stats.skipped), (0, 1), "{stats:?}");
    assert!(tmp.join("dst").is_dir());
    assert!(fs::symlink_metadata(tmp.join("dst/fifo")).is_err());
    let skipped = skipped.into_inner();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].file_type, FileType::Special);
    assert_eq!(skipped[0].src, tmp.join("src/fifo"));
}
