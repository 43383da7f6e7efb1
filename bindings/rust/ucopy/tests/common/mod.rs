// SPDX-License-Identifier: MIT
//! Helpers shared by the integration tests: scratch directories, building
//! source trees with exact metadata, and comparing two trees entry by entry.
#![allow(dead_code)] // each test binary uses a different subset

use std::ffi::{CString, OsStr};
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A scratch directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ucopy-rs-{tag}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // Reachable by the unprivileged child of the decisions test.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Make everything removable again (tests create mode-000 entries).
        let _ = std::process::Command::new("chmod")
            .args(["-R", "u+rwx"])
            .arg(&self.0)
            .status();
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Deterministic, non-repeating-looking bytes (so a misplaced block shows).
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

pub fn write_file(path: &Path, data: &[u8], mode: u32) {
    let mut f = fs::File::create(path).unwrap();
    f.write_all(data).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn cpath(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

/// Sets atime and mtime (seconds, nanoseconds) without following symlinks.
pub fn set_times(path: &Path, sec: i64, nsec: i64) {
    let ts = [
        libc::timespec {
            tv_sec: sec - 1000,
            tv_nsec: nsec / 2,
        },
        libc::timespec {
            tv_sec: sec,
            tv_nsec: nsec,
        },
    ];
    let p = cpath(path);
    let rc = unsafe {
        libc::utimensat(
            libc::AT_FDCWD,
            p.as_ptr(),
            ts.as_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    assert_eq!(
        rc,
        0,
        "utimensat {path:?}: {}",
        std::io::Error::last_os_error()
    );
}

pub fn mkfifo(path: &Path, mode: u32) {
    let p = cpath(path);
    assert_eq!(unsafe { libc::mkfifo(p.as_ptr(), mode) }, 0);
}

pub fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// Sizes of the regular files in the sample tree: around a page and around
/// the library's default 128 KiB buffer, plus one that takes many steps.
pub const SAMPLE_FILE_SIZES: [usize; 9] =
    [0, 1, 4095, 4096, 4097, 131_071, 131_072, 131_073, 3 << 20];

/// A tree with the kinds of entries and metadata `cp -a` keeps: files of
/// awkward sizes and modes, nested and special-mode directories, relative,
/// absolute and dangling symlinks, a FIFO, and nanosecond timestamps.
pub fn make_rich_tree(root: &Path) {
    fs::create_dir(root).unwrap();
    for d in ["a", "a/b", "a/b/c", "empty", "sticky"] {
        fs::create_dir(root.join(d)).unwrap();
    }
    for (i, size) in SAMPLE_FILE_SIZES.iter().enumerate() {
        let dir = ["", "a", "a/b", "a/b/c"][i % 4];
        write_file(
            &root.join(dir).join(format!("f{i}-{size}")),
            &pattern(*size, i as u64 + 1),
            [0o644, 0o600, 0o755, 0o640][i % 4],
        );
    }
    write_file(&root.join("setuid-exe"), b"#!/bin/sh\n", 0o4755);
    write_file(&root.join("readonly"), b"ro", 0o444);
    std::os::unix::fs::symlink("f0-0", root.join("rel-link")).unwrap();
    std::os::unix::fs::symlink("a/b/c", root.join("dir-link")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", root.join("dangling")).unwrap();
    std::os::unix::fs::symlink(root.join("readonly"), root.join("abs-link")).unwrap();
    mkfifo(&root.join("fifo"), 0o620);
    fs::set_permissions(root.join("sticky"), fs::Permissions::from_mode(0o1777)).unwrap();
    fs::set_permissions(root.join("a/b"), fs::Permissions::from_mode(0o750)).unwrap();

    // Times last, deepest first, so creating children does not bump them.
    let mut all = Vec::new();
    walk(root, &mut all);
    all.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for (i, p) in all.iter().enumerate() {
        set_times(p, 1_500_000_000 + i as i64 * 3600, 123_456_789 + i as i64);
    }
}

/// Every entry below `root` (not `root` itself), symlinks not followed.
pub fn walk(root: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(root).unwrap() {
        let p = entry.unwrap().path();
        out.push(p.clone());
        if fs::symlink_metadata(&p).unwrap().is_dir() {
            walk(&p, out);
        }
    }
}

/// Asserts that `dst` is a faithful copy of `src`: the same entries, and
/// for each the type, mode, owner, mtime to the nanosecond, content and
/// symlink target.
pub fn assert_same_tree(src: &Path, dst: &Path) {
    let names = |root: &Path| {
        let mut v = Vec::new();
        walk(root, &mut v);
        let mut rel: Vec<PathBuf> = v
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_owned())
            .collect();
        rel.sort();
        rel
    };
    let (s, d) = (names(src), names(dst));
    assert_eq!(s, d, "different entries in {src:?} and {dst:?}");
    assert_same_entry(src, dst);
    for rel in &s {
        assert_same_entry(&src.join(rel), &dst.join(rel));
    }
}

fn assert_same_entry(s: &Path, d: &Path) {
    let (sm, dm) = (
        fs::symlink_metadata(s).unwrap(),
        fs::symlink_metadata(d).unwrap(),
    );
    let what = |field: &str| format!("{field} of {d:?} differs from {s:?}");
    assert_eq!(sm.file_type(), dm.file_type(), "{}", what("type"));
    assert_eq!(sm.mode(), dm.mode(), "{}", what("mode"));
    assert_eq!(
        (sm.uid(), sm.gid()),
        (dm.uid(), dm.gid()),
        "{}",
        what("owner")
    );
    assert_eq!(
        (sm.mtime(), sm.mtime_nsec()),
        (dm.mtime(), dm.mtime_nsec()),
        "{}",
        what("mtime")
    );
    if sm.file_type().is_symlink() {
        assert_eq!(
            fs::read_link(s).unwrap(),
            fs::read_link(d).unwrap(),
            "{}",
            what("target")
        );
    } else if sm.is_file() {
        assert_eq!(sm.len(), dm.len(), "{}", what("size"));
        assert!(
            fs::read(s).unwrap() == fs::read(d).unwrap(),
            "{}",
            what("content")
        );
    }
}

/// A path from raw bytes (which need not be UTF-8).
pub fn bytes_path(b: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(b))
}

/// `files` files of `size` pattern bytes: a copy that takes long enough to
/// be interrupted (hundreds of milliseconds for 256 MiB).
pub fn make_big_tree(root: &Path, files: usize, size: usize) {
    fs::create_dir(root).unwrap();
    let data = pattern(size, 7);
    for i in 0..files {
        write_file(&root.join(format!("big{i}")), &data, 0o644);
    }
}

/// Runs a future to completion on this thread: a minimal executor (the
/// thread parks until the waker unparks it), so the tests need no runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(out) = f.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

/// Checks what a cancelled copy of `src` (files of one size) left in
/// `dst`: no temporary names, and every file complete and equal to its
/// source. Returns how many files are there.
pub fn complete_files_left(src: &Path, dst: &Path) -> usize {
    if !dst.exists() {
        return 0;
    }
    let mut n = 0;
    for entry in fs::read_dir(dst).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        assert!(
            !name.as_bytes().starts_with(b".ucopy-tmp"),
            "a temporary file was left: {name:?}"
        );
        let (s, d) = (src.join(&name), entry.path());
        assert_eq!(
            fs::metadata(&d).unwrap().len(),
            fs::metadata(&s).unwrap().len(),
            "a partial file was left: {d:?}"
        );
        assert!(
            fs::read(&s).unwrap() == fs::read(&d).unwrap(),
            "{d:?} differs from {s:?}"
        );
        n += 1;
    }
    n
}
