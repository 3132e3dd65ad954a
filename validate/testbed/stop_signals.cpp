// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/stop_signals.hpp"

namespace servesim::validate {
namespace {
volatile std::sig_atomic_t g_signal = 0;
extern "C" void note_signal(int signal) { g_signal = signal; }
}  // namespace

StopSignals::StopSignals() {
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &previous_int_);
  ::sigaction(SIGTERM, &action, &previous_term_);
}

StopSignals::~StopSignals() { restore(); }

int StopSignals::pending() const { return g_signal; }

void StopSignals::restore() {
  if (restored_) return;
  restored_ = true;
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
}

void StopSignals::reraise(int signal) {
  restore();
  ::raise(signal);
}

}  // namespace servesim::validate
