// SPDX-License-Identifier: MIT
//! Fails when the declarations (src/bindings.rs, generated from the
//! repository's ucopy.h, and src/lib.rs) and the installed ucopy.h drift
//! apart.
//!
//! tests/layout.c is compiled with the system C compiler (`$CC`, else `cc`)
//! against the header pkg-config found, and prints sizes, alignments and
//! offsets of every struct field and the value of every constant. The same
//! table is built here from the Rust declarations; the two must be equal,
//! key for key. The probe links libucopy, so it also fails when one of the
//! declared functions is missing from the library.

use std::collections::BTreeMap;
use std::env;
use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use ucopy_sys::*;

type Table = BTreeMap<String, i128>;

/// Compiles and runs tests/layout.c; returns its table.
fn c_table() -> Table {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ucopy_layout_probe");
    let cc = env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let mut cmd = Command::new(&cc);
    cmd.args(["-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-o"])
        .arg(&exe)
        .arg(manifest.join("tests/layout.c"));
    for dir in env::split_paths(env!("UCOPY_SYS_INCLUDE_DIRS")) {
        if !dir.as_os_str().is_empty() {
            cmd.arg("-I").arg(dir);
        }
    }
    for dir in env::split_paths(env!("UCOPY_SYS_LINK_DIRS")) {
        if !dir.as_os_str().is_empty() {
            cmd.arg("-L").arg(dir);
        }
    }
    cmd.arg("-lucopy");
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc:?}: {e}"));
    assert!(
        status.success(),
        "compiling tests/layout.c failed: {status}"
    );

    let out = Command::new(&exe).output().expect("run the layout probe");
    assert!(
        out.status.success(),
        "layout probe failed: {:?}",
        out.status
    );
    let text = String::from_utf8(out.stdout).expect("probe output is UTF-8");
    let mut table = Table::new();
    for line in text.lines() {
        let (key, value) = line.rsplit_once(' ').expect("'key value' line");
        let value = value
            .parse()
            .unwrap_or_else(|_| panic!("bad line {line:?}"));
        assert!(table.insert(key.to_owned(), value).is_none(), "dup {key}");
    }
    table
}

/// The same table from the Rust side.
fn rust_table() -> Table {
    let mut t = Table::new();
    let mut put = |key: String, value: i128| {
        assert!(t.insert(key.clone(), value).is_none(), "dup {key}");
    };
    macro_rules! strukt {
        ($ty:ident) => {
            put(
                format!("size {}", stringify!($ty)),
                size_of::<$ty>() as i128,
            );
            put(
                format!("align {}", stringify!($ty)),
                align_of::<$ty>() as i128,
            );
        };
    }
    // `$c` is the C name where Rust had to rename a field (`type` -> `type_`).
    macro_rules! field {
        ($ty:ident, $f:ident) => {
            field!($ty, $f, stringify!($f))
        };
        ($ty:ident, $f:ident, $c:expr) => {{
            let key = format!("{}.{}", stringify!($ty), $c);
            put(format!("offset {key}"), offset_of!($ty, $f) as i128);
            let v = std::mem::MaybeUninit::<$ty>::uninit();
            // Size of the field's type, taken from a raw pointer to it.
            fn size_of_pointee<T>(_: *const T) -> usize {
                size_of::<T>()
            }
            // SAFETY: addr_of! on an uninit place creates no reference.
            let p = unsafe { std::ptr::addr_of!((*v.as_ptr()).$f) };
            put(format!("size {key}"), size_of_pointee(p) as i128);
        }};
    }
    macro_rules! consts {
        ($($c:ident),* $(,)?) => { $( put(format!("const {}", stringify!($c)), $c as i128); )* };
    }

    put("functions".to_owned(), 20);

    strukt!(ucopy_options);
    field!(ucopy_options, size);
    field!(ucopy_options, version);
    field!(ucopy_options, flags);
    field!(ucopy_options, overwrite);
    field!(ucopy_options, workers);
    field!(ucopy_options, files_in_flight);
    field!(ucopy_options, queue_depth);
    field!(ucopy_options, buffer_size);
    field!(ucopy_options, progress_interval_ms);
    field!(ucopy_options, owner_policy);
    field!(ucopy_options, reserved0);
    field!(ucopy_options, copy_method);
    field!(ucopy_options, reflink);
    field!(ucopy_options, sparse);
    field!(ucopy_options, regions);
    field!(ucopy_options, region_threshold);
    field!(ucopy_options, region_size);
    field!(ucopy_options, update);
    field!(ucopy_options, reserved1);
    field!(ucopy_options, flags_set);
    field!(ucopy_options, flags_clear);
    field!(ucopy_options, digest);
    field!(ucopy_options, reserved2);
    field!(ucopy_options, link_map_limit);

    strukt!(ucopy_progress);
    field!(ucopy_progress, size);
    field!(ucopy_progress, finished);
    field!(ucopy_progress, files_done);
    field!(ucopy_progress, files_total);
    field!(ucopy_progress, bytes_done);
    field!(ucopy_progress, bytes_total);
    field!(ucopy_progress, elapsed_ns);
    field!(ucopy_progress, totals_final);
    field!(ucopy_progress, phase);
    field!(ucopy_progress, bytes_per_sec);
    field!(ucopy_progress, files_failed);
    field!(ucopy_progress, files_skipped);
    field!(ucopy_progress, current_path);

    strukt!(ucopy_event);
    field!(ucopy_event, size);
    field!(ucopy_event, type_, "type");
    field!(ucopy_event, code);
    field!(ucopy_event, file_type);
    field!(ucopy_event, src_path);
    field!(ucopy_event, dst_path);
    field!(ucopy_event, op);
    field!(ucopy_event, message);
    field!(ucopy_event, bytes);
    field!(ucopy_event, digest_len);
    field!(ucopy_event, digest_type);
    field!(ucopy_event, digest);

    strukt!(ucopy_stats);
    field!(ucopy_stats, size);
    field!(ucopy_stats, reserved);
    field!(ucopy_stats, files);
    field!(ucopy_stats, dirs);
    field!(ucopy_stats, symlinks);
    field!(ucopy_stats, specials);
    field!(ucopy_stats, bytes);
    field!(ucopy_stats, failures);
    field!(ucopy_stats, skipped);
    field!(ucopy_stats, warnings);
    field!(ucopy_stats, elapsed_ns);
    field!(ucopy_stats, sqes_submitted);
    field!(ucopy_stats, io_uring_enters);
    field!(ucopy_stats, files_reflinked);
    field!(ucopy_stats, bytes_reflinked);
    field!(ucopy_stats, files_copy_file_range);
    field!(ucopy_stats, bytes_copy_file_range);
    field!(ucopy_stats, files_read_write);
    field!(ucopy_stats, bytes_read_write);
    field!(ucopy_stats, bytes_sparse);
    field!(ucopy_stats, files_verified);
    field!(ucopy_stats, up_to_date);
    field!(ucopy_stats, deleted);
    field!(ucopy_stats, filtered);

    let init = UCOPY_OPTIONS_INIT;
    put("init.size".to_owned(), init.size.into());
    put("init.version".to_owned(), init.version.into());
    put("init.flags".to_owned(), init.flags.into());
    put("init.overwrite".to_owned(), init.overwrite.into());
    put("init.workers".to_owned(), init.workers.into());
    put(
        "init.files_in_flight".to_owned(),
        init.files_in_flight.into(),
    );
    put("init.queue_depth".to_owned(), init.queue_depth.into());
    put("init.buffer_size".to_owned(), init.buffer_size.into());
    put(
        "init.progress_interval_ms".to_owned(),
        init.progress_interval_ms.into(),
    );
    put("init.owner_policy".to_owned(), init.owner_policy.into());
    put("init.reserved0".to_owned(), init.reserved0.into());
    put("init.copy_method".to_owned(), init.copy_method.into());
    put("init.reflink".to_owned(), init.reflink.into());
    put("init.sparse".to_owned(), init.sparse.into());
    put("init.regions".to_owned(), init.regions.into());
    put(
        "init.region_threshold".to_owned(),
        init.region_threshold.into(),
    );
    put("init.region_size".to_owned(), init.region_size.into());
    put("init.update".to_owned(), init.update.into());
    put("init.reserved1".to_owned(), init.reserved1.into());
    put("init.flags_set".to_owned(), init.flags_set.into());
    put("init.flags_clear".to_owned(), init.flags_clear.into());
    put("init.digest".to_owned(), init.digest.into());
    put("init.reserved2".to_owned(), init.reserved2.into());
    put("init.link_map_limit".to_owned(), init.link_map_limit.into());

    consts!(
        UCOPY_VERSION_MAJOR,
        UCOPY_VERSION_MINOR,
        UCOPY_VERSION_PATCH,
        UCOPY_VERSION_NUMBER,
        UCOPY_OK,
        UCOPY_EPARTIAL,
        UCOPY_EABORTED,
        UCOPY_ECHANGED,
        UCOPY_ESAMEFILE,
        UCOPY_EDSTINSIDE,
        UCOPY_EVERIFY,
        UCOPY_F_RECURSIVE,
        UCOPY_F_PRESERVE_MODE,
        UCOPY_F_PRESERVE_TIMES,
        UCOPY_F_PRESERVE_OWNER,
        UCOPY_F_DEREFERENCE,
        UCOPY_F_DEREFERENCE_ARGS,
        UCOPY_F_DRY_RUN,
        UCOPY_F_PRESERVE_HARDLINKS,
        UCOPY_F_PRESERVE_XATTRS,
        UCOPY_F_PRESERVE_ACLS,
        UCOPY_F_COPY_SPECIALS,
        UCOPY_F_COPY_DEVICES,
        UCOPY_F_NOATIME,
        UCOPY_F_DELETE,
        UCOPY_F_FSYNC,
        UCOPY_F_VERIFY,
        UCOPY_F_NO_DIRECT_IO,
        UCOPY_F_ONE_FILE_SYSTEM,
        UCOPY_F_NO_WRITE_BEHIND,
        UCOPY_F_NO_PRESCAN,
        UCOPY_F_ATOMIC,
        UCOPY_F_ARCHIVE,
        UCOPY_OVERWRITE_FAIL,
        UCOPY_OVERWRITE_REPLACE,
        UCOPY_OVERWRITE_SKIP,
        UCOPY_OWNER_WARN,
        UCOPY_OWNER_FAIL,
        UCOPY_OWNER_IGNORE,
        UCOPY_OWNER_WARN_EACH,
        UCOPY_COPY_AUTO,
        UCOPY_COPY_REFLINK,
        UCOPY_COPY_FILE_RANGE,
        UCOPY_COPY_READ_WRITE,
        UCOPY_REFLINK_AUTO,
        UCOPY_REFLINK_ALWAYS,
        UCOPY_REFLINK_NEVER,
        UCOPY_SPARSE_AUTO,
        UCOPY_SPARSE_ALWAYS,
        UCOPY_SPARSE_NEVER,
        UCOPY_REGION_THRESHOLD_DEFAULT,
        UCOPY_REGION_ALIGN,
        UCOPY_REGIONS_MAX,
        UCOPY_LINK_MAP_LIMIT_MIN,
        UCOPY_UPDATE_NONE,
        UCOPY_UPDATE_SIZE_MTIME,
        UCOPY_UPDATE_CHECKSUM,
        UCOPY_DIGEST_NONE,
        UCOPY_DIGEST_XXH128,
        UCOPY_DIGEST_SHA256,
        UCOPY_DIGEST_MAX_LEN,
        UCOPY_OPTIONS_VERSION,
        UCOPY_WORKERS_MAX,
        UCOPY_FILES_IN_FLIGHT_MAX,
        UCOPY_QUEUE_DEPTH_MIN,
        UCOPY_QUEUE_DEPTH_MAX,
        UCOPY_BUFFER_SIZE_MIN,
        UCOPY_BUFFER_SIZE_MAX,
        UCOPY_PROGRESS_INTERVAL_MIN_MS,
        UCOPY_PROGRESS_INTERVAL_MAX_MS,
        UCOPY_PHASE_WALKING,
        UCOPY_PHASE_COPYING,
        UCOPY_PHASE_DELETING,
        UCOPY_PHASE_VERIFYING,
        UCOPY_PHASE_SYNCING,
        UCOPY_BUFFER_MEMORY_MAX,
        UCOPY_FILTER_PATTERN_MAX,
        UCOPY_EVENT_ERROR,
        UCOPY_EVENT_WARNING,
        UCOPY_EVENT_SKIPPED,
        UCOPY_EVENT_COPIED,
        UCOPY_EVENT_DELETED,
        UCOPY_EVENT_MASK_ERROR,
        UCOPY_EVENT_MASK_WARNING,
        UCOPY_EVENT_MASK_SKIPPED,
        UCOPY_EVENT_MASK_COPIED,
        UCOPY_EVENT_MASK_DELETED,
        UCOPY_EVENT_MASK_ALL,
        UCOPY_TYPE_UNKNOWN,
        UCOPY_TYPE_FILE,
        UCOPY_TYPE_DIR,
        UCOPY_TYPE_SYMLINK,
        UCOPY_TYPE_SPECIAL,
        UCOPY_CONTINUE,
        UCOPY_SKIP,
        UCOPY_ABORT,
        UCOPY_FILTER_EXCLUDE,
        UCOPY_FILTER_INCLUDE,
        UCOPY_RUNNING,
    );
    t
}

#[test]
fn rust_declarations_match_the_installed_header() {
    let c = c_table();
    let rust = rust_table();
    let mut problems = Vec::new();
    for (key, cv) in &c {
        match rust.get(key) {
            Some(rv) if rv == cv => {}
            Some(rv) => problems.push(format!("{key}: C {cv}, Rust {rv}")),
            None => problems.push(format!("{key}: in C ({cv}), not checked in Rust")),
        }
    }
    for key in rust.keys().filter(|k| !c.contains_key(*k)) {
        problems.push(format!("{key}: in Rust, not printed by layout.c"));
    }
    assert!(
        problems.is_empty(),
        "layout drift:\n{}",
        problems.join("\n")
    );
}

/// The library's defaults equal the static initializer (the header's rule).
#[test]
fn options_init_matches_the_static_initializer() {
    let mut opts = std::mem::MaybeUninit::<ucopy_options>::zeroed();
    let rc = unsafe { ucopy_options_init(opts.as_mut_ptr(), size_of::<ucopy_options>()) };
    assert_eq!(rc, 0);
    assert_eq!(unsafe { opts.assume_init() }, UCOPY_OPTIONS_INIT);
    let rc = unsafe { ucopy_options_init(std::ptr::null_mut(), size_of::<ucopy_options>()) };
    assert_eq!(rc, -22, "NULL options must give -EINVAL");
}

/// The linked library is at least as new as the header we were written for.
#[test]
fn linked_library_version() {
    let v = unsafe { ucopy_version() };
    assert!(
        v >= UCOPY_VERSION_NUMBER,
        "libucopy {v} is older than the header"
    );
    let s = unsafe { std::ffi::CStr::from_ptr(ucopy_version_string()) };
    assert_eq!(s.to_str().unwrap(), env!("UCOPY_SYS_LIB_VERSION"));
}

/// The xattr filter setter links and follows the handle rules.
#[test]
fn xattr_filter_setter() {
    unsafe extern "C" fn keep_all(
        _name: *const std::ffi::c_char,
        _user: *mut std::ffi::c_void,
    ) -> std::ffi::c_int {
        1
    }
    let rc = unsafe {
        ucopy_set_xattr_filter(std::ptr::null_mut(), Some(keep_all), std::ptr::null_mut())
    };
    assert_eq!(rc, -22, "a NULL handle must give -EINVAL");
    let h = unsafe { ucopy_new() };
    assert!(!h.is_null());
    unsafe {
        assert_eq!(
            ucopy_set_xattr_filter(h, Some(keep_all), std::ptr::null_mut()),
            0
        );
        assert_eq!(ucopy_set_xattr_filter(h, None, std::ptr::null_mut()), 0);
        ucopy_free(h);
    }
}

/// The filter functions link and follow the handle rules: a bad pattern or
/// action is -EINVAL naming the pattern, a good one is taken.
#[test]
fn filter_functions() {
    unsafe extern "C" fn copy_all(
        _path: *const std::ffi::c_char,
        _st: *const stat,
        _user: *mut std::ffi::c_void,
    ) -> std::ffi::c_int {
        UCOPY_CONTINUE
    }
    let pattern = c"*.o";
    let bad = c"file[0-9";
    unsafe {
        assert_eq!(
            ucopy_add_filter_rule(std::ptr::null_mut(), UCOPY_FILTER_EXCLUDE, pattern.as_ptr()),
            -22
        );
        assert_eq!(ucopy_clear_filter_rules(std::ptr::null_mut()), -22);
        let h = ucopy_new();
        assert!(!h.is_null());
        assert_eq!(
            ucopy_add_filter_rule(h, UCOPY_FILTER_EXCLUDE, pattern.as_ptr()),
            0
        );
        assert_eq!(
            ucopy_add_filter_rule(h, UCOPY_FILTER_INCLUDE, pattern.as_ptr()),
            0
        );
        assert_eq!(ucopy_add_filter_rule(h, 7, pattern.as_ptr()), -22);
        assert_eq!(
            ucopy_add_filter_rule(h, UCOPY_FILTER_EXCLUDE, bad.as_ptr()),
            -22
        );
        let msg = std::ffi::CStr::from_ptr(ucopy_last_error(h));
        assert!(msg.to_string_lossy().contains("file[0-9"), "{msg:?}");
        assert_eq!(ucopy_clear_filter_rules(h), 0);
        assert_eq!(
            ucopy_set_filter_callback(h, Some(copy_all), std::ptr::null_mut()),
            0
        );
        assert_eq!(ucopy_set_filter_callback(h, None, std::ptr::null_mut()), 0);
        ucopy_free(h);
    }
}
