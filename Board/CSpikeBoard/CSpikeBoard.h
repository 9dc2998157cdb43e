#ifndef CSPIKEBOARD_H
#define CSPIKEBOARD_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// The stop request shared with the host program (Sources/CSpikeSystem/stop.c, compiled into the
// board program): SIGINT/SIGTERM handlers without SA_RESTART that record the first cause.
#include "CSpikeSystem.h"

// The live path's JPEG decode (Sources/CSpikeCamSys/jpeg_shim.c, compiled into the board
// program with the target's libjpeg): the same C function `spikecam run` decodes with.
#include "CSpikeCamSys.h"

/// open(2) for reading, close-on-exec (open itself is variadic, which Swift cannot call).
static inline int spikecam_board_open_read(const char *path) {
  return open(path, O_RDONLY | O_CLOEXEC);
}

/// The size of an open regular file, or -1 when it is not one.
static inline int64_t spikecam_board_file_size(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  return (int64_t)st.st_size;
}

/// The calling thread's errno (a macro in glibc).
static inline int spikecam_board_errno(void) { return errno; }

/// Writes a whole buffer to a file descriptor; 0 on success, else errno.
static inline int spikecam_board_write_all(int fd, const void *bytes, size_t count) {
  const char *p = (const char *)bytes;
  while (count > 0) {
    ssize_t n = write(fd, p, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    count -= (size_t)n;
  }
  return 0;
}

/// Reads up to `count` bytes at `offset` of `fd`, as many as the file holds there (retrying
/// EINTR and short reads): the bytes read, or -errno.
static inline int64_t spikecam_board_read_at(int fd, void *bytes, size_t count, int64_t offset) {
  size_t done = 0;
  while (done < count) {
    ssize_t n = pread(fd, (char *)bytes + done, count - done, (off_t)(offset + (int64_t)done));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -(int64_t)errno;
    }
    done += (size_t)n;
  }
  return (int64_t)done;
}

/// Maps a whole regular file read-only; NULL on failure (errno set). The mapping outlives `fd`.
static inline const uint8_t *spikecam_board_map_read(int fd, size_t size) {
  void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  return p == MAP_FAILED ? NULL : (const uint8_t *)p;
}

/// The memory page size.
static inline size_t spikecam_board_page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

/// Hands back `length` bytes of a read-only mapping from `offset` (page-aligned): MADV_DONTNEED
/// on a private read-only mapping only drops clean pages, which come back from the file.
static inline void spikecam_board_release_pages(const uint8_t *base, size_t offset, size_t length) {
  if (length > 0) (void)madvise((void *)(base + offset), length, MADV_DONTNEED);
}

/// Unmaps what `spikecam_board_map_read` mapped.
static inline void spikecam_board_unmap(const uint8_t *base, size_t size) {
  (void)munmap((void *)base, size);
}

#endif
