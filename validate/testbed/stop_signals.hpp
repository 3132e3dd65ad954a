// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <csignal>

namespace servesim::validate {

/// While alive, SIGINT and SIGTERM only record which arrived, so a live run can stop its
/// children before the process goes; reraise() then restores the previous handlers and sends the
/// signal again, so the exit status still says "killed by SIGINT". One at a time per process.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// The signal that arrived, or 0.
  int pending() const;
  /// Restores the previous handlers and raises `signal` again.
  void reraise(int signal);

 private:
  void restore();
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
  bool restored_ = false;
};

}  // namespace servesim::validate
