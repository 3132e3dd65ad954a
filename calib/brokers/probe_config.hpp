// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace servesim::calib {

/// How much to measure per broker, variant and message size. Counts are capped by a byte budget
/// so that 4 MiB messages do not take minutes, and every phase has a time limit, so a probe
/// always ends.
struct BrokerProbeConfig {
  /// Message sizes in bytes (each at least the 32-byte probe header).
  std::vector<std::int64_t> message_bytes{1 << 10,   4 << 10, 16 << 10, 64 << 10,
                                          256 << 10, 1 << 20, 4 << 20};
  /// Messages sent first in each phase and left out of its figures.
  int warmup_messages = 20;
  /// Latency phase: one message in flight at a time (publish-to-consume on an idle broker).
  int latency_messages = 500;
  /// Throughput phase: the producer keeps a window of messages in flight (saturated).
  int throughput_messages = 2000;
  /// Floor on either count once the byte budget has cut it.
  int min_messages = 10;
  /// Bytes one phase may send; the counts shrink for big messages to stay within it.
  std::int64_t phase_byte_budget = std::int64_t{256} << 20;
  /// Bytes in flight during the throughput phase (at least one message).
  std::int64_t window_bytes = std::int64_t{16} << 20;
  int max_window_messages = 128;
  /// A phase stops publishing after this long; its figures come from what was received.
  std::chrono::milliseconds phase_time_limit{20'000};
  /// A message not received this long after the previous one is reported as lost.
  std::chrono::milliseconds receive_timeout{5'000};

  /// Three sizes (1 KiB, 64 KiB, 1 MiB) and small counts: seconds per broker, for tests and CI.
  static BrokerProbeConfig quick();

  /// Throws std::invalid_argument naming the bad field.
  void validate() const;
  /// Measured messages (warm-up excluded) in the latency and throughput phases for a size.
  int latency_count(std::int64_t bytes) const;
  int throughput_count(std::int64_t bytes) const;
  /// Messages in flight in the throughput phase for a size.
  int window_messages(std::int64_t bytes) const;
};

}  // namespace servesim::calib
