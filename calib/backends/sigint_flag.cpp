// SPDX-License-Identifier: Apache-2.0
#include "calib/backends/sigint_flag.hpp"

namespace servesim::calib {
namespace {

volatile std::sig_atomic_t g_raised = 0;

void on_sigint(int) {
  g_raised = 1;
  std::signal(SIGINT, SIG_DFL);  // the next Ctrl-C ends the process
}

}  // namespace

SigintFlag::SigintFlag() {
  g_raised = 0;
  struct sigaction action {};
  action.sa_handler = &on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_);
}

SigintFlag::~SigintFlag() { sigaction(SIGINT, &previous_, nullptr); }

bool SigintFlag::raised() const { return g_raised != 0; }

}  // namespace servesim::calib
