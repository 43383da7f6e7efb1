// SPDX-License-Identifier: MIT
//! Owners that cannot be kept: OwnerPolicy::Warn reports one warning per
//! run, OwnerPolicy::WarnEach one per entry.
//!
//! Only root can make files owned by someone else, and only a user without
//! CAP_CHOWN fails to keep their owner; so as root the scenario runs in a
//! child process with uid/gid 65534 (nobody): this test binary runs itself
//! again, filtered to `owner_warnings_child`. Without root it is skipped.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use common::{is_root, write_file, TempDir};
use ucopy::{Copier, Decision, EventKind, OwnerPolicy, Stats};

const CHILD_ENV: &str = "UCOPY_RS_OWNER_DIR";
const NOBODY: u32 = 65534;
const OWNER: u32 = 1234;

/// src/ and its three files, all owned by OWNER: four entries whose owner
/// the child cannot keep.
fn make_source(root: &Path) {
    let src = root.join("src");
    fs::create_dir(&src).unwrap();
    for name in ["a", "b", "c"] {
        write_file(&src.join(name), name.as_bytes(), 0o644);
        std::os::unix::fs::lchown(src.join(name), Some(OWNER), Some(OWNER)).unwrap();
    }
    std::os::unix::fs::lchown(&src, Some(OWNER), Some(OWNER)).unwrap();
}

/// One copy with `policy`; returns its stats and its warning events' ops.
fn copy_with(root: &Path, policy: OwnerPolicy) -> (Stats, Vec<String>) {
    let mut warnings = Vec::new();
    let stats = Copier::new()
        .owner_policy(policy)
        .on_event(|e| {
            if e.kind == EventKind::Warning {
                warnings.push(e.op.clone());
            }
            Decision::Continue
        })
        .run(root.join("src"), root.join(format!("out/{policy:?}")))
        .unwrap_or_else(|e| panic!("{policy:?}: {e}"));
    (stats, warnings)
}

fn scenario(root: &Path) {
    println!("owner scenario as uid {}", unsafe { libc::geteuid() });
    let (stats, ops) = copy_with(root, OwnerPolicy::Warn);
    assert_eq!(ops, ["chown"], "Warn: one warning per run, {stats:?}");
    assert_eq!((stats.warnings, stats.files), (1, 3), "{stats:?}");

    let (stats, ops) = copy_with(root, OwnerPolicy::WarnEach);
    assert_eq!(ops, ["chown"; 4], "WarnEach: one per entry, {stats:?}");
    assert_eq!((stats.warnings, stats.files), (4, 3), "{stats:?}");
}

/// Entry point of the child process; a no-op in a normal test run.
#[test]
fn owner_warnings_child() {
    if let Some(root) = std::env::var_os(CHILD_ENV) {
        scenario(Path::new(&root));
    }
}

#[test]
fn warn_tells_once_per_run_and_warn_each_per_entry() {
    if !is_root() {
        eprintln!("skipped: needs root to make files owned by someone else");
        return;
    }
    let tmp = TempDir::new("owner-warn");
    make_source(tmp.path());
    let out = tmp.join("out");
    fs::create_dir(&out).unwrap();
    std::os::unix::fs::chown(&out, Some(NOBODY), Some(NOBODY)).unwrap();

    // The child runs a copy of this binary from the scratch directory (the
    // original may sit where nobody cannot reach it).
    let exe = tmp.join("owner-child");
    fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    let output = Command::new(&exe)
        .args([
            "--exact",
            "owner_warnings_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, tmp.path())
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .expect("spawn the unprivileged child");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "child failed ({}):\n{text}",
        output.status
    );
    assert!(
        text.contains(&format!("owner scenario as uid {NOBODY}")),
        "the child did not run the scenario:\n{text}"
    );
}
