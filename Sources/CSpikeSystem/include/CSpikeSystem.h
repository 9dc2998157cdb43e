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

#include <pthread.h>

/// A shared library loaded on first use, once per process: libraries only some commands need,
/// so a process that never asks does not map them, and a machine without them runs the rest.
typedef struct spikecam_library {
  pthread_mutex_t lock;
  /// 0 not tried yet, 1 loaded, -1 failed (with `failure`).
  int state;
  char failure[512];
} spikecam_library;

#define SPIKECAM_LIBRARY_INIT {PTHREAD_MUTEX_INITIALIZER, 0, {0}}

/// Opens `soname` (dlopen) and looks up `count` symbols by `names` into `slots`, the first time
/// only. 0 when they can be called; else -1 with a reason that names the missing library or
/// symbol in `*message` (and nothing kept open).
int spikecam_library_load(spikecam_library *library, const char *soname, const char *const *names,
                          void **slots, size_t count, const char **message);

/// Defines `int LOAD(const char **message)`, which loads `soname` once and fills `slots` (a
/// struct of function pointers, one per entry of the array `names`, in order).
#define SPIKECAM_LIBRARY_LOADER(LOAD, soname, slots, names)                                      \
  _Static_assert(sizeof slots == sizeof names / sizeof names[0] * sizeof(void *),              \
                 "one slot per name");                                                          \
  static spikecam_library LOAD##_state = SPIKECAM_LIBRARY_INIT;                                \
  int LOAD(const char **message) {                                                              \
    return spikecam_library_load(&LOAD##_state, soname, names, (void **)&slots,                \
                                 sizeof names / sizeof names[0], message);                      \
  }

#endif
