// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <ctime>

namespace servesim::validate {

/// CLOCK_MONOTONIC in ns. The server and the load generator are two processes on one machine,
/// so they share this clock: their timestamps subtract directly.
inline std::int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace servesim::validate
