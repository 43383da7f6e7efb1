// SPDX-License-Identifier: MIT
//! Copier::digest: each copied regular file's event carries its content
//! digest (SHA-256 checked against sha256sum, XXH3-128 of "hello" as
//! xxhsum prints it); other entries carry none.

mod common;

use std::fs;
use std::process::Command;

use common::{pattern, TempDir};
use ucopy::{Copier, Decision, Digest, Event, EventKind, FileType};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn copied(digest: Digest, src: &std::path::Path, dst: &std::path::Path) -> Vec<Event> {
    let mut events = Vec::new();
    Copier::new()
        .digest(digest)
        .on_event(|e| {
            if e.kind == EventKind::Copied {
                events.push(e.clone());
            }
            Decision::Continue
        })
        .run(src, dst)
        .unwrap();
    events
}

#[test]
fn sha256_matches_sha256sum_and_xxh128_has_16_bytes() {
    let tmp = TempDir::new("digest");
    let src = tmp.join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::write(src.join("small"), b"hello").unwrap();
    fs::write(src.join("sub/big"), pattern(3 << 20, 4)).unwrap();

    let events = copied(Digest::Sha256, &src, &tmp.join("sha"));
    let files: Vec<&Event> = events
        .iter()
        .filter(|e| e.file_type == FileType::File)
        .collect();
    assert_eq!(files.len(), 2, "{events:?}");
    for e in &files {
        let out = Command::new("sha256sum").arg(&e.dst).output().unwrap();
        let want = String::from_utf8_lossy(&out.stdout);
        let want = want.split_whitespace().next().unwrap_or("");
        assert_eq!(hex(e.digest.as_deref().unwrap()), want, "{e:?}");
    }
    assert!(events
        .iter()
        .filter(|e| e.file_type != FileType::File)
        .all(|e| e.digest.is_none()));

    let events = copied(Digest::Xxh128, &src, &tmp.join("xxh"));
    let small = events.iter().find(|e| e.dst.ends_with("small")).unwrap();
    assert_eq!(
        hex(small.digest.as_deref().unwrap()),
        "b5e9c1ad071b3e7fc779cfaa5e523818"
    );

    let plain = copied(Digest::None, &src, &tmp.join("plain"));
    assert!(plain.iter().all(|e| e.digest.is_none()), "{plain:?}");
}
