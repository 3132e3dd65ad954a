// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/probe_channel.hpp"
#include "calib/brokers/probe_config.hpp"
#include "calib/store/cost_point_stats.hpp"

#include <cstdint>
#include <string>

namespace servesim::calib {

/// What one channel and message size measured.
struct ChannelMeasurement {
  /// Publish-to-consume latency with one message in flight (receive time minus send time on
  /// steady_clock, producer and consumer threads in one process); warm-up excluded.
  CostPointStats latency;
  /// Messages per second delivered to the consumer while the producer keeps a window of
  /// messages in flight: the rate between the first and last measured receipt.
  double throughput_per_s = 0;
  std::int64_t throughput_messages = 0;  ///< receipts the rate spans
  double throughput_span_s = 0;          ///< time between the first and last of them
  int window_messages = 0;               ///< messages in flight during the throughput phase
  bool hit_time_limit = false;           ///< a phase stopped early at phase_time_limit
};

/// Runs the latency phase then the throughput phase over `channel`, each on a producer thread
/// and a consumer thread. Always ends: publishing stops at phase_time_limit, and a message not
/// received within receive_timeout is an error. Throws std::runtime_error starting with
/// `label` (e.g. "redis list, 65536-byte messages") when a message is lost, reordered or
/// corrupted, a broker call fails, or too few messages arrived for a figure.
ChannelMeasurement measure_channel(ProbeChannel& channel, std::int64_t message_bytes,
                                   const BrokerProbeConfig& config, const std::string& label);

}  // namespace servesim::calib
