// SPDX-License-Identifier: MIT
//! Finds the installed libucopy with pkg-config and tells cargo how to link
//! it. The header directories are passed on twice: to the layout test (as a
//! compile-time env var of this package) and to dependants (`links` metadata,
//! readable as `DEP_UCOPY_INCLUDE` in their build scripts).

use std::env;
use std::path::PathBuf;

/// The oldest libucopy whose ucopy.h matches the declarations in src/bindings.rs.
const MIN_VERSION: &str = "0.2.0";

fn main() {
    // docs.rs and similar builders have no libucopy; the declarations are
    // still worth documenting there.
    // (Run again when that changes, not only when a file here does.)
    println!("cargo:rerun-if-env-changed=DOCS_RS");
    if env::var_os("DOCS_RS").is_some() {
        return;
    }

    let library = match pkg_config::Config::new()
        .atleast_version(MIN_VERSION)
        .probe("ucopy")
    {
        Ok(library) => library,
        Err(err) => {
            eprintln!(
                "\nucopy-sys: could not find libucopy >= {MIN_VERSION} with pkg-config.\n\
                 Install libucopy (cmake --install <build dir>) and point pkg-config at\n\
                 its ucopy.pc, e.g.\n    \
                 export PKG_CONFIG_PATH=/usr/local/lib/x86_64-linux-gnu/pkgconfig\n    \
                 export LD_LIBRARY_PATH=/usr/local/lib/x86_64-linux-gnu\n\
                 (use lib/ instead of lib/x86_64-linux-gnu/ where the prefix has it).\n\n\
                 pkg-config said:\n{err}\n"
            );
            panic!("libucopy not found with pkg-config (see the message above)");
        }
    };

    let include_dirs: Vec<PathBuf> = library.include_paths;
    let joined = env::join_paths(&include_dirs).expect("include paths contain ':'");
    let joined = joined.to_str().expect("include paths are not UTF-8");
    // pkg-config drops system directories such as /usr/include; an empty
    // list therefore means "the compiler's default search path".
    println!("cargo:rustc-env=UCOPY_SYS_INCLUDE_DIRS={joined}");
    println!("cargo:include={joined}");
    println!("cargo:rustc-env=UCOPY_SYS_LIB_VERSION={}", library.version);
    // The layout probe links the library too, which also proves that every
    // declared function is exported.
    let link_dirs = env::join_paths(&library.link_paths).expect("link paths contain ':'");
    let link_dirs = link_dirs.to_str().expect("link paths are not UTF-8");
    println!("cargo:rustc-env=UCOPY_SYS_LINK_DIRS={link_dirs}");
}
