// SPDX-License-Identifier: MIT
//! The committed ucopy-sys/src/bindings.rs is exactly what bindgen makes of
//! include/ucopy.h today.

#[test]
fn committed_bindings_match_the_header() {
    let want = ucopy_sys_gen::generate();
    let path = ucopy_sys_gen::output();
    let have =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    if have != want {
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
        panic!(
            "{} is stale (first difference at line {}: {:?} vs generated {:?}); \
             run bindings/rust/ucopy-sys/regen.sh and commit the result",
            path.display(),
            first + 1,
            have.lines().nth(first),
            want.lines().nth(first)
        );
    }
}
