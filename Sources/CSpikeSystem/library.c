#include <dlfcn.h>
#include <stdio.h>

#include "CSpikeSystem.h"

static int load(spikecam_library *library, const char *soname, const char *const *names,
                void **slots, size_t count) {
  void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    snprintf(library->failure, sizeof library->failure, "cannot load %s (%s)", soname, dlerror());
    return -1;
  }
  for (size_t i = 0; i < count; i++) {
    slots[i] = dlsym(handle, names[i]);
    if (slots[i] == NULL) {
      snprintf(library->failure, sizeof library->failure,
               "%s has no %s: a different version than this build expects", soname, names[i]);
      dlclose(handle);
      return -1;
    }
  }
  return 1;
}

int spikecam_library_load(spikecam_library *library, const char *soname, const char *const *names,
                          void **slots, size_t count, const char **message) {
  pthread_mutex_lock(&library->lock);
  if (library->state == 0) library->state = load(library, soname, names, slots, count);
  int state = library->state;
  pthread_mutex_unlock(&library->lock);
  *message = library->failure;
  return state == 1 ? 0 : -1;
}
