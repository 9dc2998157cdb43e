// Ed25519 from Nettle (Debian nettle-dev): the signature seam of model files.
#include <nettle/eddsa.h>
