// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/broker_endpoint.hpp"
#include "calib/brokers/channel_probe.hpp"
#include "calib/brokers/probe_channel.hpp"
#include "calib/brokers/probe_config.hpp"
#include "calib/store/cost_table_writer.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace servesim::calib {

/// One way of handing messages through one broker, e.g. Redis lists or JetStream.
struct BrokerProbeTarget {
  std::string model;    ///< cost_points.model: "redis" | "nats"
  std::string variant;  ///< cost_points.variant: "list" | "pubsub" | "jetstream"
  /// Opens a fresh channel for messages of the given size.
  std::function<ProbeChannel(std::int64_t message_bytes)> open;
};

/// Probe targets for a Redis server: list hand-off, and pub/sub when asked.
std::vector<BrokerProbeTarget> redis_probe_targets(const BrokerEndpoint& endpoint, bool with_pubsub,
                                                   const BrokerProbeConfig& config);
/// The probe target for a NATS server with JetStream.
std::vector<BrokerProbeTarget> nats_probe_targets(const BrokerEndpoint& endpoint,
                                                  const BrokerProbeConfig& config);

/// One measured point.
struct BrokerProbeResult {
  std::string model;
  std::string variant;
  std::int64_t message_bytes = 0;
  ChannelMeasurement measurement;
};

/// The cost_points row of a result: op "broker", batch 1, input_bytes = output_bytes = message
/// size, latency quantiles, throughput_per_s, and a source line saying how it was measured.
CostPoint to_cost_point(const BrokerProbeResult& result);

/// Library versions for the cost table's provenance: compiler and SQLite, then the broker
/// clients ("...; hiredis 0.14.1; nats.c 3.4.1").
std::string broker_library_versions();

/// Measures every target at every configured size. With a writer, each point is appended (and
/// committed) as soon as it is measured, and points the table already holds are skipped, so an
/// interrupted calibration resumes where it stopped. `on_point` sees each new result (progress).
/// Throws on the first failing probe; the points measured before it stay stored.
std::vector<BrokerProbeResult> run_broker_probes(
    const std::vector<BrokerProbeTarget>& targets, const BrokerProbeConfig& config,
    CostTableWriter* writer = nullptr,
    const std::function<void(const BrokerProbeResult&)>& on_point = {});

}  // namespace servesim::calib
