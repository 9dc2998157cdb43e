// Ed25519 from Nettle's libhogweed (Debian: nettle-dev to build, libhogweed6 to run): the
// signature seam of model files. It is loaded the first time a key or signature is used, not at
// program start, so `run` on an unsigned model does not map it (with libnettle and libgmp behind
// it). Each `spikecam_ed25519_sha512_X` calls Nettle's `nettle_ed25519_sha512_X`; call
// `spikecam_nettle_load` first.
#ifndef CNETTLE_H
#define CNETTLE_H

#include <stddef.h>
#include <stdint.h>

/// The soname loaded: the ABI this build was compiled against.
#define SPIKECAM_HOGWEED_SONAME "libhogweed.so.6"

/// Loads libhogweed once per process: 0 when its functions can be called, else -1 with the
/// reason in `*message`.
int spikecam_nettle_load(const char **message);

void spikecam_ed25519_sha512_public_key(uint8_t *pub, const uint8_t *priv);
void spikecam_ed25519_sha512_sign(const uint8_t *pub, const uint8_t *priv, size_t length,
                                  const uint8_t *msg, uint8_t *signature);
int spikecam_ed25519_sha512_verify(const uint8_t *pub, size_t length, const uint8_t *msg,
                                   const uint8_t *signature);

#endif
