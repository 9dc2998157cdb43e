#ifndef CSPIKESYSTEM_H
#define CSPIKESYSTEM_H

/// The symbolic name of an errno value ("ENOENT"), or NULL when glibc has none
/// (strerrorname_np, which needs _GNU_SOURCE and so a C file of its own).
const char *spikecam_errno_name(int code);

#include <stddef.h>
#include <sys/types.h>

/// getrandom(2) (declared in <sys/random.h>, which the Glibc module does not export).
ssize_t spikecam_getrandom(void *buffer, size_t length);

/// The stop request (StopRequest): C static storage, so the signal handler and every thread
/// touch plain memory, never a lazily initialised Swift global (whose one-time initialiser is
/// neither async-signal-safe nor safe to race with a handler install on another thread).
/// 0 while running, else the first cause recorded.
int spikecam_stop_cause(void);
/// Records `cause` unless one is recorded already.
void spikecam_stop_request(int cause);
/// Forgets the recorded cause.
void spikecam_stop_reset(void);
/// Installs the SIGINT/SIGTERM handlers (no SA_RESTART) and unblocks both signals, keeping
/// the actions they replace.
void spikecam_stop_install_handlers(void);
/// Puts back the actions `spikecam_stop_install_handlers` replaced.
void spikecam_stop_restore_handlers(void);

/// Opens the shared library `soname` (dlopen) and looks up `count` symbols by `names` into
/// `slots`. 0 on success; else -1, nothing kept open, and a reason that names the missing library
/// or symbol in `message` (at most `size` bytes). For libraries only some commands need: a process
/// that never asks does not map them, and a machine without them still runs the rest.
int spikecam_load_library(const char *soname, const char *const *names, void **slots, size_t count,
                          char *message, size_t size);

#endif
