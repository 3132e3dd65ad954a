// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sched.h>
#include <vector>

namespace servesim::calib {

/// Pins the calling thread to one logical core (sched_setaffinity) for its lifetime and restores
/// the previous affinity afterwards. Pinning keeps a measurement on one core's caches and stops
/// the scheduler from moving it mid-run.
class ScopedCorePin {
 public:
  /// Throws std::invalid_argument when `core` is negative or not one this process may run on
  /// (the message lists the allowed cores), std::runtime_error when the call fails.
  explicit ScopedCorePin(int core);
  ~ScopedCorePin();
  ScopedCorePin(const ScopedCorePin&) = delete;
  ScopedCorePin& operator=(const ScopedCorePin&) = delete;

  int core() const { return core_; }

 private:
  int core_;
  cpu_set_t previous_;
};

/// The cores the calling thread may run on, e.g. "0-1" or "0,2,4".
const char* allowed_cores_text();
/// The same as numbers, ascending.
std::vector<int> allowed_cores();

}  // namespace servesim::calib
