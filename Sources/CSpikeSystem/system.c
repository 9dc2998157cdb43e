#define _GNU_SOURCE
#include <string.h>
#include <sys/random.h>

#include "CSpikeSystem.h"

const char *spikecam_errno_name(int code) { return strerrorname_np(code); }

ssize_t spikecam_getrandom(void *buffer, size_t length) { return getrandom(buffer, length, 0); }
