// SPDX-License-Identifier: MIT
//! Filters: exclude/include rules in the order given (rsync's patterns),
//! the entry filter (every entry once, relative path and lstat, on the
//! calling thread; Skip prunes a directory, Abort stops, a panic resumes on
//! the caller), and a bad pattern failing the run with its text.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};

use common::{pattern, TempDir};
use ucopy::{Copier, ErrorKind, Filter};

/// src/{main.c, main.o, link -> main.c, caf\xe9.c, sub/{a.c, a.o},
/// build/{gen.c}, deep/build/keep.c}
fn tree(tmp: &TempDir) -> PathBuf {
    let src = tmp.join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::create_dir_all(src.join("build")).unwrap();
    fs::create_dir_all(src.join("deep/build")).unwrap();
    fs::write(src.join("main.c"), pattern(300, 1)).unwrap();
    fs::write(src.join("main.o"), pattern(900, 2)).unwrap();
    symlink("main.c", src.join("link")).unwrap();
    fs::write(src.join(OsStr::from_bytes(b"caf\xe9.c")), pattern(7, 3)).unwrap();
    fs::write(src.join("sub/a.c"), pattern(10, 4)).unwrap();
    fs::write(src.join("sub/a.o"), pattern(20, 5)).unwrap();
    fs::write(src.join("build/gen.c"), pattern(30, 6)).unwrap();
    fs::write(src.join("deep/build/keep.c"), pattern(40, 7)).unwrap();
    src
}

/// Relative path -> lstat of every entry below `root`.
fn entries(root: &Path) -> BTreeMap<PathBuf, fs::Metadata> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, fs::Metadata>) {
        for e in fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                walk(root, &path, out);
            }
            out.insert(path.strip_prefix(root).unwrap().to_owned(), meta);
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn names(root: &Path) -> Vec<String> {
    entries(root)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn rules_apply_in_the_order_given() {
    let tmp = TempDir::new("filters-order");
    let src = tree(&tmp);
    let stats = Copier::new()
        .include("*/")
        .include("*.c")
        .exclude("*")
        .run(&src, tmp.join("dst"))
        .unwrap();
    assert_eq!(
        names(&tmp.join("dst")),
        [
            "build",
            "build/gen.c",
            "caf\u{fffd}.c",
            "deep",
            "deep/build",
            "deep/build/keep.c",
            "main.c",
            "sub",
            "sub/a.c"
        ]
    );
    assert_eq!(stats.filtered, 3, "{stats:?}"); // main.o, link, sub/a.o

    // Anchored and directory-only: only the top-level build goes.
    let stats = Copier::new()
        .exclude("/build/")
        .exclude("*.o")
        .run(&src, tmp.join("dst2"))
        .unwrap();
    let got = names(&tmp.join("dst2"));
    assert!(!got.contains(&"build".to_owned()), "{got:?}");
    assert!(got.contains(&"deep/build/keep.c".to_owned()), "{got:?}");
    assert!(!got.contains(&"sub/a.o".to_owned()), "{got:?}");
    assert_eq!(stats.filtered, 3, "{stats:?}");
}

#[test]
fn a_bad_pattern_fails_the_run_naming_it() {
    let tmp = TempDir::new("filters-bad");
    let src = tree(&tmp);
    let err = Copier::new()
        .exclude("file[0-9")
        .run(&src, tmp.join("dst"))
        .unwrap_err();
    assert_eq!(err.code(), -libc::EINVAL);
    assert!(err.to_string().contains("file[0-9"), "{err}");
    assert!(!tmp.join("dst").exists());
}

#[test]
fn the_filter_sees_every_entry_once_on_the_calling_thread() {
    let tmp = TempDir::new("filters-callback");
    let src = tree(&tmp);
    let caller = std::thread::current().id();
    let mut seen: BTreeMap<PathBuf, (u32, u64, u32)> = BTreeMap::new();
    let mut calls = 0;
    Copier::new()
        .exclude("*.o")
        .filter(|path, meta| {
            assert_eq!(std::thread::current().id(), caller);
            calls += 1;
            seen.insert(path.to_owned(), (meta.mode(), meta.len(), meta.uid()));
            Filter::Copy
        })
        .run(&src, tmp.join("dst"))
        .unwrap();
    let want: BTreeMap<PathBuf, (u32, u64, u32)> = entries(&src)
        .into_iter()
        .filter(|(p, _)| p.extension() != Some(OsStr::new("o")))
        .map(|(p, m)| (p, (m.mode(), m.size(), m.uid())))
        .collect();
    assert_eq!(calls, want.len());
    // Directory sizes depend on the filesystem; everything else must match.
    for (path, (mode, len, uid)) in &want {
        let got = seen
            .get(path)
            .unwrap_or_else(|| panic!("{path:?} not seen"));
        assert_eq!((got.0, got.2), (*mode, *uid), "{path:?}");
        if mode & libc::S_IFMT != libc::S_IFDIR {
            assert_eq!(got.1, *len, "{path:?}");
        }
    }
    assert!(seen.contains_key(Path::new(OsStr::from_bytes(b"caf\xe9.c"))));
    assert_eq!(seen[Path::new("link")].0 & libc::S_IFMT, libc::S_IFLNK);
}

#[test]
fn skip_prunes_a_directory_and_abort_stops() {
    let tmp = TempDir::new("filters-skip");
    let src = tree(&tmp);
    let mut asked = Vec::new();
    let stats = Copier::new()
        .filter(|path, meta| {
            asked.push(path.to_owned());
            !(meta.is_dir() && path == Path::new("deep"))
        })
        .run(&src, tmp.join("dst"))
        .unwrap();
    assert_eq!(stats.filtered, 1);
    assert!(!tmp.join("dst/deep").exists());
    assert!(tmp.join("dst/sub/a.o").exists());
    // Path::starts_with compares whole components: "deep" itself matches.
    assert!(
        asked
            .iter()
            .all(|p| p == Path::new("deep") || !p.starts_with("deep")),
        "{asked:?}"
    );

    let err = Copier::new()
        .filter(|path, _| {
            if path == Path::new("sub") {
                Filter::Abort
            } else {
                Filter::Copy
            }
        })
        .run(&src, tmp.join("dst2"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Aborted);
    assert!(!tmp.join("dst2/sub").exists());
}

#[test]
fn a_panic_in_the_filter_resumes_on_the_caller() {
    let tmp = TempDir::new("filters-panic");
    let src = tree(&tmp);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Copier::new()
            .filter(|path, _| -> Filter {
                if path == Path::new("sub") {
                    panic!("filter says no");
                }
                Filter::Copy
            })
            .run(&src, tmp.join("dst"))
    }));
    let payload = result.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"filter says no"));
    assert!(!tmp.join("dst/sub").exists());
}
