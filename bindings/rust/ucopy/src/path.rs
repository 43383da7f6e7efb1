// SPDX-License-Identifier: MIT
//! Paths to C strings. libucopy takes paths as NUL-terminated bytes passed
//! to the kernel unchanged, so the bytes of the `OsStr` are used as they are
//! (no UTF-8 round trip); only an interior NUL cannot be expressed.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::Error;

pub(crate) fn to_cstring(path: &Path) -> Result<CString, Error> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| Error::invalid_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn keeps_non_utf8_bytes() {
        let p = Path::new(OsStr::from_bytes(b"caf\xe9"));
        assert_eq!(to_cstring(p).unwrap().as_bytes(), b"caf\xe9");
    }

    #[test]
    fn rejects_interior_nul() {
        let err = to_cstring(Path::new("a\0b")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidPath);
        assert_eq!(err.path(), Some(Path::new("a\0b")));
    }
}
