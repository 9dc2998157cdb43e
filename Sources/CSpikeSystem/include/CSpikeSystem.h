#ifndef CSPIKESYSTEM_H
#define CSPIKESYSTEM_H

/// The symbolic name of an errno value ("ENOENT"), or NULL when glibc has none
/// (strerrorname_np, which needs _GNU_SOURCE and so a C file of its own).
const char *spikecam_errno_name(int code);

#include <stddef.h>
#include <sys/types.h>

/// getrandom(2) (declared in <sys/random.h>, which the Glibc module does not export).
ssize_t spikecam_getrandom(void *buffer, size_t length);

#endif
