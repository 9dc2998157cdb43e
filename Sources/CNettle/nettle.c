#include <nettle/eddsa.h>
#include <pthread.h>

#include "CNettle.h"
#include "CSpikeSystem.h"

// The library's functions, typed by its own header's declarations.
static struct {
  __typeof__(&nettle_ed25519_sha512_public_key) public_key;
  __typeof__(&nettle_ed25519_sha512_sign) sign;
  __typeof__(&nettle_ed25519_sha512_verify) verify;
} library;

static const char *const names[] = {
    "nettle_ed25519_sha512_public_key",
    "nettle_ed25519_sha512_sign",
    "nettle_ed25519_sha512_verify",
};

_Static_assert(sizeof library == sizeof names / sizeof names[0] * sizeof(void *),
               "one slot per name");

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
  spikecam_load_library(SPIKECAM_HOGWEED_SONAME, names, (void **)&library,
                        sizeof names / sizeof names[0], failure, sizeof failure);
}

int spikecam_nettle_load(const char **message) {
  pthread_once(&once, load);
  *message = failure;
  return failure[0] == 0 ? 0 : -1;
}

void spikecam_ed25519_sha512_public_key(uint8_t *pub, const uint8_t *priv) {
  library.public_key(pub, priv);
}
void spikecam_ed25519_sha512_sign(const uint8_t *pub, const uint8_t *priv, size_t length,
                                  const uint8_t *msg, uint8_t *signature) {
  library.sign(pub, priv, length, msg, signature);
}
int spikecam_ed25519_sha512_verify(const uint8_t *pub, size_t length, const uint8_t *msg,
                                   const uint8_t *signature) {
  return library.verify(pub, length, msg, signature);
}
