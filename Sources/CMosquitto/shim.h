// libmosquitto, the MQTT client SpikeMQTT wraps (Debian: libmosquitto-dev).
#include <stdbool.h>
#include <mosquitto.h>
