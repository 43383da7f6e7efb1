// SPDX-License-Identifier: MIT
//! Writes ucopy-sys/src/bindings.rs (see ucopy-sys/regen.sh).

fn main() {
    let out = ucopy_sys_gen::output();
    std::fs::write(&out, ucopy_sys_gen::generate())
        .unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    println!("wrote {}", out.display());
}
