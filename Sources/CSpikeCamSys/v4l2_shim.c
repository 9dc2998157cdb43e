#include "CSpikeCamSys.h"

#include <errno.h>
#include <libv4l2.h>
#include <malloc.h>

int spikecam_v4l2_open(const char *path, int flags) { return v4l2_open(path, flags); }

int spikecam_v4l2_ioctl(int fd, unsigned long request, void *argument) {
  int result;
  do {
    result = v4l2_ioctl(fd, request, argument);
  } while (result == -1 && errno == EINTR);
  return result;
}

size_t spikecam_heap_bytes_in_use(void) { return mallinfo2().uordblks; }
