#include "CSpikeCamSys.h"

#include <fcntl.h>
#include <libv4l2.h>
#include <malloc.h>
#include <sys/mman.h>

// Plain open: the capabilities are queried before libv4l2 is attached, as libv4l2 prints to
// stderr on descriptors that are not V4L2 devices.
int spikecam_device_open(const char *path, int flags) { return open(path, flags); }

int spikecam_device_attach(int fd) { return v4l2_fd_open(fd, V4L2_DISABLE_CONVERSION); }

int spikecam_device_ioctl(int fd, unsigned long request, void *argument) {
  return v4l2_ioctl(fd, request, argument);
}

void *spikecam_device_mmap(size_t length, int fd, int64_t offset) {
  void *mapped = v4l2_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  return mapped == MAP_FAILED ? NULL : mapped;
}

int spikecam_device_munmap(void *base, size_t length) { return v4l2_munmap(base, length); }

int spikecam_device_close(int fd) { return v4l2_close(fd); }

size_t spikecam_heap_bytes_in_use(void) { return mallinfo2().uordblks; }
