import Glibc

/// What `st_mode` says a path is, in words for error messages.
enum FileKind {
  static func name(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "an unknown kind of file"
    }
  }

  static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
  static func isDirectory(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFDIR }
  static func isLink(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFLNK }
}
