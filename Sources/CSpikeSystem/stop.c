#include "CSpikeSystem.h"

#include <signal.h>

static volatile sig_atomic_t stop_cause = 0;
static struct sigaction previous_int;
static struct sigaction previous_term;

static void on_stop_signal(int number) {
  if (stop_cause == 0) stop_cause = number;
}

int spikecam_stop_cause(void) { return stop_cause; }

void spikecam_stop_request(int cause) {
  if (stop_cause == 0) stop_cause = cause;
}

void spikecam_stop_reset(void) { stop_cause = 0; }

void spikecam_stop_install_handlers(void) {
  struct sigaction action;
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void spikecam_stop_restore_handlers(void) {
  sigaction(SIGINT, &previous_int, NULL);
  sigaction(SIGTERM, &previous_term, NULL);
}
