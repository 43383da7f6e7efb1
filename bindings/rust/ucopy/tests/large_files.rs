// SPDX-License-Identifier: MIT
//! Data strategies: copy methods and their statistics, holes, verification,
//! and the checks on the large-file options.

mod common;

use std::fs::{self, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;

use common::{pattern, TempDir};
use ucopy::{Copier, CopyMethod, ErrorKind, Reflink, Sparse};

const MIB: u64 = 1 << 20;
const FIVE_MIB: usize = 5 << 20;

#[test]
fn read_write_counts_every_byte_under_read_write() {
    let tmp = TempDir::new("method-rw");
    let data = pattern(FIVE_MIB, 1);
    fs::write(tmp.join("src"), &data).unwrap();

    let stats = Copier::new()
        .copy_method(CopyMethod::ReadWrite)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(fs::read(tmp.join("dst")).unwrap(), data);
    assert_eq!(stats.files, 1, "{stats:?}");
    assert_eq!(stats.bytes, FIVE_MIB as u64, "{stats:?}");
    assert_eq!(stats.files_read_write, 1, "{stats:?}");
    assert_eq!(stats.bytes_read_write, FIVE_MIB as u64, "{stats:?}");
    assert_eq!(
        (
            stats.files_copy_file_range,
            stats.bytes_copy_file_range,
            stats.files_reflinked,
            stats.bytes_reflinked
        ),
        (0, 0, 0, 0),
        "{stats:?}"
    );
}

#[test]
fn copy_file_range_counts_sum_to_the_bytes() {
    let tmp = TempDir::new("method-cfr");
    let data = pattern(FIVE_MIB, 2);
    fs::write(tmp.join("src"), &data).unwrap();

    let stats = Copier::new()
        .copy_method(CopyMethod::CopyFileRange)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(fs::read(tmp.join("dst")).unwrap(), data);
    // The kernel may serve copy_file_range or refuse it (then the file falls
    // back to read/write); either way every byte is counted once, and a
    // method without clones clones nothing.
    assert_eq!(
        stats.files_copy_file_range + stats.files_read_write,
        1,
        "{stats:?}"
    );
    assert_eq!(
        stats.bytes_copy_file_range + stats.bytes_read_write,
        FIVE_MIB as u64,
        "{stats:?}"
    );
    assert_eq!(
        (stats.files_reflinked, stats.bytes_reflinked),
        (0, 0),
        "{stats:?}"
    );
}

#[test]
fn holes_stay_holes() {
    let tmp = TempDir::new("sparse");
    let src = tmp.join("src");
    {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&src)
            .unwrap();
        f.write_all(&pattern(MIB as usize, 3)).unwrap();
        f.seek(SeekFrom::Start(32 * MIB)).unwrap();
        f.write_all(&pattern(MIB as usize, 4)).unwrap();
        f.set_len(64 * MIB).unwrap();
    }

    let stats = Copier::new()
        .sparse(Sparse::Auto)
        .run(&src, tmp.join("dst"))
        .unwrap();
    let meta = fs::metadata(tmp.join("dst")).unwrap();
    assert_eq!(meta.len(), 64 * MIB);
    assert!(
        meta.blocks() * 512 < 4 * MIB,
        "holes were filled: {} blocks allocated",
        meta.blocks()
    );
    assert!(stats.bytes_sparse > 0, "{stats:?}");
    assert!(
        fs::read(&src).unwrap() == fs::read(tmp.join("dst")).unwrap(),
        "content differs"
    );
}

#[test]
fn verify_counts_the_files_it_compared() {
    let tmp = TempDir::new("verify");
    fs::create_dir(tmp.join("src")).unwrap();
    fs::write(tmp.join("src/big"), pattern(FIVE_MIB, 5)).unwrap();
    fs::write(tmp.join("src/small"), b"small").unwrap();

    let stats = Copier::new()
        .verify(true)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(stats.files, 2, "{stats:?}");
    assert_eq!(stats.files_verified, 2, "{stats:?}");
    assert_eq!(fs::read(tmp.join("dst/small")).unwrap(), b"small");

    let stats = Copier::new()
        .run(tmp.join("src"), tmp.join("dst-unverified"))
        .unwrap();
    assert_eq!(stats.files_verified, 0, "{stats:?}");
}

#[test]
fn region_options_are_accepted() {
    let tmp = TempDir::new("regions");
    let data = pattern(FIVE_MIB, 6);
    fs::write(tmp.join("src"), &data).unwrap();

    let stats = Copier::new()
        .regions(3)
        .region_threshold(2 * MIB)
        .region_size(2 * MIB)
        .reflink(Reflink::Never)
        .run(tmp.join("src"), tmp.join("dst"))
        .unwrap();
    assert_eq!(fs::read(tmp.join("dst")).unwrap(), data);
    assert_eq!(stats.bytes, FIVE_MIB as u64, "{stats:?}");
}

/// Bad values make `run` fail with `InvalidInput` before anything is
/// copied, and the message names the field.
#[test]
fn bad_large_file_options_are_invalid_input_naming_the_field() {
    let tmp = TempDir::new("bad-regions");
    fs::write(tmp.join("src"), b"x").unwrap();
    let cases: [(Copier, &str); 3] = [
        (Copier::new().region_size(3 * MIB), "region_size"),
        (
            Copier::new().regions(ucopy_sys::UCOPY_REGIONS_MAX + 1),
            "regions",
        ),
        (
            Copier::new()
                .reflink(Reflink::Always)
                .copy_method(CopyMethod::ReadWrite),
            "reflink",
        ),
    ];
    for (mut copier, field) in cases {
        let err = copier.run(tmp.join("src"), tmp.join("dst")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Os, "{err:?}");
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err:?}");
        assert!(
            err.message().contains(field),
            "{field}: {:?}",
            err.message()
        );
        assert_eq!(io::Error::from(err).kind(), io::ErrorKind::InvalidInput);
        assert!(!tmp.join("dst").exists());
    }
}
