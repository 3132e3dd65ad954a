// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"

#include <cstdint>

namespace servesim::sim {

/// Lower value fires first among events at the same time.
using EventPriority = std::int16_t;

/// The one total order of events: (time, priority, insertion sequence). Priority and sequence
/// are packed into one word so that the heap compares two integers, not three.
struct EventOrder {
  SimTime time_ns;
  std::uint64_t priority_and_seq;

  static constexpr int kSeqBits = 48;
  static constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;

  static constexpr EventOrder make(SimTime time_ns, EventPriority priority, std::uint64_t seq) {
    // Bias the signed priority so that its unsigned encoding keeps its order.
    const auto biased = static_cast<std::uint64_t>(static_cast<std::int32_t>(priority) + 32768);
    return EventOrder{time_ns, (biased << kSeqBits) | (seq & kSeqMask)};
  }

  constexpr EventPriority priority() const {
    return static_cast<EventPriority>(static_cast<std::int32_t>(priority_and_seq >> kSeqBits) -
                                      32768);
  }
  constexpr std::uint64_t seq() const { return priority_and_seq & kSeqMask; }

  friend constexpr bool operator<(const EventOrder& a, const EventOrder& b) {
    return a.time_ns < b.time_ns ||
           (a.time_ns == b.time_ns && a.priority_and_seq < b.priority_and_seq);
  }
};

}  // namespace servesim::sim
