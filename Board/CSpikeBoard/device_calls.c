// The board program's device system calls (Sources/CSpikeCamSys/include/CSpikeCamSys.h,
// "Device system calls"): plain system calls, as the board links no libv4l2.
#include "CSpikeCamSys.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int spikecam_device_open(const char *path, int flags) { return open(path, flags); }

int spikecam_device_attach(int fd) { return fd; }

int spikecam_device_ioctl(int fd, unsigned long request, void *argument) {
  return ioctl(fd, request, argument);
}

void *spikecam_device_mmap(size_t length, int fd, int64_t offset) {
  void *mapped = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);
  return mapped == MAP_FAILED ? NULL : mapped;
}

int spikecam_device_munmap(void *base, size_t length) { return munmap(base, length); }

int spikecam_device_close(int fd) { return close(fd); }
