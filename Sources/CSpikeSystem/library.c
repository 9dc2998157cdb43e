#include <dlfcn.h>
#include <stdio.h>

#include "CSpikeSystem.h"

int spikecam_load_library(const char *soname, const char *const *names, void **slots, size_t count,
                          char *message, size_t size) {
  void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    snprintf(message, size, "cannot load %s (%s)", soname, dlerror());
    return -1;
  }
  for (size_t i = 0; i < count; i++) {
    slots[i] = dlsym(library, names[i]);
    if (slots[i] == NULL) {
      snprintf(message, size, "%s has no %s: a different version than this build expects", soname,
               names[i]);
      dlclose(library);
      return -1;
    }
  }
  return 0;
}
