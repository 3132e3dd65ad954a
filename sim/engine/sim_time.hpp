// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cmath>
#include <cstdint>

namespace servesim::sim {

/// Simulated time: signed 64-bit integer nanoseconds since the start of a run. No floating-point
/// clock, so event order never depends on rounding.
using SimTime = std::int64_t;
/// A span of simulated time in nanoseconds.
using SimDuration = std::int64_t;

inline constexpr SimDuration kNanosecond = 1;
inline constexpr SimDuration kMicrosecond = 1'000;
inline constexpr SimDuration kMillisecond = 1'000'000;
inline constexpr SimDuration kSecond = 1'000'000'000;

/// Rounds to the nearest nanosecond; the only place real numbers become simulated time.
inline SimDuration duration_from_ns(double ns) {
  return static_cast<SimDuration>(std::llround(ns));
}
inline SimDuration duration_from_ms(double ms) { return duration_from_ns(ms * 1e6); }
inline SimDuration duration_from_s(double s) { return duration_from_ns(s * 1e9); }

inline constexpr double to_ms(SimDuration d) { return static_cast<double>(d) * 1e-6; }
inline constexpr double to_s(SimDuration d) { return static_cast<double>(d) * 1e-9; }

}  // namespace servesim::sim
