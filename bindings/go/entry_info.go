// SPDX-License-Identifier: MIT

package ucopy

import (
	"io/fs"
	"path"
	"syscall"
	"time"
)

// entryInfo is the fs.FileInfo a WithFilter function gets: built from the
// stat the library took, as os.Lstat builds one.
type entryInfo struct {
	name string
	st   *syscall.Stat_t
}

func newEntryInfo(relPath string, st *syscall.Stat_t) fs.FileInfo {
	return entryInfo{name: path.Base(relPath), st: st}
}

func (e entryInfo) Name() string       { return e.name }
func (e entryInfo) Size() int64        { return e.st.Size }
func (e entryInfo) IsDir() bool        { return e.Mode().IsDir() }
func (e entryInfo) Sys() any           { return e.st }
func (e entryInfo) ModTime() time.Time { return time.Unix(e.st.Mtim.Unix()) }

// Mode converts st_mode the way the os package does.
func (e entryInfo) Mode() fs.FileMode {
	m := fs.FileMode(e.st.Mode & 0o777)
	switch e.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if e.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if e.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if e.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
