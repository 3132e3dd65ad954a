// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <csignal>

namespace servesim::calib {

/// While alive, the first Ctrl-C (SIGINT) only raises a flag, so a long calibration can stop
/// between points and say what it kept; a second Ctrl-C ends the process as usual. The previous
/// handler is restored on destruction. One at a time per process.
class SigintFlag {
 public:
  SigintFlag();
  ~SigintFlag();
  SigintFlag(const SigintFlag&) = delete;
  SigintFlag& operator=(const SigintFlag&) = delete;

  bool raised() const;

 private:
  struct sigaction previous_ {};
};

}  // namespace servesim::calib
