#include <nettle/eddsa.h>

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

SPIKECAM_LIBRARY_LOADER(spikecam_nettle_load, SPIKECAM_HOGWEED_SONAME, library, names)

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
