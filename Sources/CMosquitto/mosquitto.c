#include "CMosquitto.h"
#include "CSpikeSystem.h"

// Every function used, once: X(name) expands per function of libmosquitto.
#define MOSQUITTO_FUNCTIONS(X)                                                                  \
  X(lib_init) X(new) X(destroy) X(user_data_set) X(username_pw_set) X(will_set)                \
  X(max_inflight_messages_set) X(tls_set) X(connect_callback_set) X(disconnect_callback_set)    \
  X(publish_callback_set) X(disconnect) X(loop) X(reconnect_async) X(connect_async) X(publish)  \
  X(want_write) X(strerror) X(connack_string)

// The library's functions, typed by its own header's declarations.
static struct {
#define SLOT(name) __typeof__(&mosquitto_##name) name;
  MOSQUITTO_FUNCTIONS(SLOT)
#undef SLOT
} library;

static const char *const names[] = {
#define NAME(name) "mosquitto_" #name,
    MOSQUITTO_FUNCTIONS(NAME)
#undef NAME
};

SPIKECAM_LIBRARY_LOADER(spikecam_mosquitto_load, SPIKECAM_MOSQUITTO_SONAME, library, names)

int spikecam_mosquitto_lib_init(void) { return library.lib_init(); }
struct mosquitto *spikecam_mosquitto_new(const char *id, bool clean_session, void *obj) {
  return library.new(id, clean_session, obj);
}
void spikecam_mosquitto_destroy(struct mosquitto *mosq) { library.destroy(mosq); }
void spikecam_mosquitto_user_data_set(struct mosquitto *mosq, void *obj) {
  library.user_data_set(mosq, obj);
}
int spikecam_mosquitto_username_pw_set(struct mosquitto *mosq, const char *username,
                                       const char *password) {
  return library.username_pw_set(mosq, username, password);
}
int spikecam_mosquitto_will_set(struct mosquitto *mosq, const char *topic, int payloadlen,
                                const void *payload, int qos, bool retain) {
  return library.will_set(mosq, topic, payloadlen, payload, qos, retain);
}
int spikecam_mosquitto_max_inflight_messages_set(struct mosquitto *mosq, unsigned int max_inflight_messages) {
  return library.max_inflight_messages_set(mosq, max_inflight_messages);
}
int spikecam_mosquitto_tls_set(struct mosquitto *mosq, const char *cafile, const char *capath,
                               const char *certfile, const char *keyfile,
                               int (*pw_callback)(char *buf, int size, int rwflag, void *userdata)) {
  return library.tls_set(mosq, cafile, capath, certfile, keyfile, pw_callback);
}
void spikecam_mosquitto_connect_callback_set(struct mosquitto *mosq,
                                             void (*on_connect)(struct mosquitto *, void *, int)) {
  library.connect_callback_set(mosq, on_connect);
}
void spikecam_mosquitto_disconnect_callback_set(struct mosquitto *mosq,
                                                void (*on_disconnect)(struct mosquitto *, void *, int)) {
  library.disconnect_callback_set(mosq, on_disconnect);
}
void spikecam_mosquitto_publish_callback_set(struct mosquitto *mosq,
                                             void (*on_publish)(struct mosquitto *, void *, int)) {
  library.publish_callback_set(mosq, on_publish);
}
int spikecam_mosquitto_disconnect(struct mosquitto *mosq) { return library.disconnect(mosq); }
int spikecam_mosquitto_loop(struct mosquitto *mosq, int timeout, int max_packets) {
  return library.loop(mosq, timeout, max_packets);
}
int spikecam_mosquitto_reconnect_async(struct mosquitto *mosq) { return library.reconnect_async(mosq); }
int spikecam_mosquitto_connect_async(struct mosquitto *mosq, const char *host, int port, int keepalive) {
  return library.connect_async(mosq, host, port, keepalive);
}
int spikecam_mosquitto_publish(struct mosquitto *mosq, int *mid, const char *topic, int payloadlen,
                               const void *payload, int qos, bool retain) {
  return library.publish(mosq, mid, topic, payloadlen, payload, qos, retain);
}
bool spikecam_mosquitto_want_write(struct mosquitto *mosq) { return library.want_write(mosq); }
const char *spikecam_mosquitto_strerror(int mosq_errno) { return library.strerror(mosq_errno); }
const char *spikecam_mosquitto_connack_string(int connack_code) {
  return library.connack_string(connack_code);
}
