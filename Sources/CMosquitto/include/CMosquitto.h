// libmosquitto, the MQTT client SpikeMQTT wraps (Debian: libmosquitto-dev to build,
// libmosquitto1 to run). It is loaded when the first publisher starts, not at program start:
// with libssl and libcrypto behind it that is 1.7 MiB a `run` without --mqtt does not map, and a
// board without the library runs everything but --mqtt. Each `spikecam_mosquitto_X` calls the
// library's `mosquitto_X` (same arguments); call `spikecam_mosquitto_load` first.
#ifndef CMOSQUITTO_H
#define CMOSQUITTO_H

#include <stdbool.h>
#include <mosquitto.h>

/// The soname loaded: the ABI this build was compiled against.
#define SPIKECAM_MOSQUITTO_SONAME "libmosquitto.so.1"

/// Loads libmosquitto once per process: 0 when its functions can be called, else -1 with the
/// reason in `*message`.
int spikecam_mosquitto_load(const char **message);

int spikecam_mosquitto_lib_init(void);
struct mosquitto *spikecam_mosquitto_new(const char *id, bool clean_session, void *obj);
void spikecam_mosquitto_destroy(struct mosquitto *mosq);
void spikecam_mosquitto_user_data_set(struct mosquitto *mosq, void *obj);
int spikecam_mosquitto_username_pw_set(struct mosquitto *mosq, const char *username,
                                       const char *password);
int spikecam_mosquitto_will_set(struct mosquitto *mosq, const char *topic, int payloadlen,
                                const void *payload, int qos, bool retain);
int spikecam_mosquitto_max_inflight_messages_set(struct mosquitto *mosq, unsigned int max_inflight_messages);
int spikecam_mosquitto_tls_set(struct mosquitto *mosq, const char *cafile, const char *capath,
                               const char *certfile, const char *keyfile,
                               int (*pw_callback)(char *buf, int size, int rwflag, void *userdata));
void spikecam_mosquitto_connect_callback_set(struct mosquitto *mosq,
                                             void (*on_connect)(struct mosquitto *, void *, int));
void spikecam_mosquitto_disconnect_callback_set(struct mosquitto *mosq,
                                                void (*on_disconnect)(struct mosquitto *, void *, int));
void spikecam_mosquitto_publish_callback_set(struct mosquitto *mosq,
                                             void (*on_publish)(struct mosquitto *, void *, int));
int spikecam_mosquitto_disconnect(struct mosquitto *mosq);
int spikecam_mosquitto_loop(struct mosquitto *mosq, int timeout, int max_packets);
int spikecam_mosquitto_reconnect_async(struct mosquitto *mosq);
int spikecam_mosquitto_connect_async(struct mosquitto *mosq, const char *host, int port, int keepalive);
int spikecam_mosquitto_publish(struct mosquitto *mosq, int *mid, const char *topic, int payloadlen,
                               const void *payload, int qos, bool retain);
bool spikecam_mosquitto_want_write(struct mosquitto *mosq);
const char *spikecam_mosquitto_strerror(int mosq_errno);
const char *spikecam_mosquitto_connack_string(int connack_code);

#endif
