// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <csignal>

namespace servesim::calib {

/// Blocks SIGPIPE in this thread (and in threads it starts) while alive, so that a broker that
/// drops a connection makes a client write fail with EPIPE instead of killing the process.
/// On destruction a SIGPIPE that arrived meanwhile is discarded and the old mask restored.
class SigpipeGuard {
 public:
  SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;
  ~SigpipeGuard();

 private:
  sigset_t old_mask_{};
  bool was_blocked_ = false;
};

}  // namespace servesim::calib
