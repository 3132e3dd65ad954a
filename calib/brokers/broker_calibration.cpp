// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/broker_calibration.hpp"

#include "calib/brokers/nats_channel.hpp"
#include "calib/brokers/redis_channel.hpp"
#include "calib/brokers/sigpipe_guard.hpp"
#include "calib/store/machine_info.hpp"

#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace servesim::calib {
namespace {

// Keys and streams unique to this process and call, so probes can share a broker.
std::string unique_name(const std::string& prefix, char separator) {
  static std::atomic<int> counter{0};
  return prefix + separator + std::to_string(::getpid()) + separator +
         std::to_string(counter.fetch_add(1));
}

std::chrono::milliseconds io_timeout(const BrokerProbeConfig& config) {
  return config.receive_timeout + std::chrono::milliseconds(1000);
}

std::string format_bytes(std::int64_t bytes) {
  if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes % (1 << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " B";
}

}  // namespace

std::vector<BrokerProbeTarget> redis_probe_targets(const BrokerEndpoint& endpoint, bool with_pubsub,
                                                   const BrokerProbeConfig& config) {
  const auto timeout = io_timeout(config);
  std::vector<BrokerProbeTarget> targets;
  targets.push_back({"redis", "list", [endpoint, timeout](std::int64_t) {
                       return open_redis_list_channel(
                           endpoint, unique_name("servesim:probe:list", ':'), timeout);
                     }});
  if (with_pubsub) {
    targets.push_back({"redis", "pubsub", [endpoint, timeout](std::int64_t) {
                         return open_redis_pubsub_channel(
                             endpoint, unique_name("servesim:probe:pubsub", ':'), timeout);
                       }});
  }
  return targets;
}

std::vector<BrokerProbeTarget> nats_probe_targets(const BrokerEndpoint& endpoint,
                                                  const BrokerProbeConfig& config) {
  const auto timeout = io_timeout(config);
  return {{"nats", "jetstream", [endpoint, timeout](std::int64_t message_bytes) {
             return open_nats_jetstream_channel(endpoint, unique_name("SERVESIM_PROBE", '_'),
                                                message_bytes, timeout);
           }}};
}

CostPoint to_cost_point(const BrokerProbeResult& result) {
  const ChannelMeasurement& m = result.measurement;
  CostPoint point;
  point.op = "broker";
  point.model = result.model;
  point.variant = result.variant;
  point.batch = 1;
  point.input_bytes = result.message_bytes;
  point.output_bytes = result.message_bytes;
  point.stats = m.latency;
  point.throughput_per_s = m.throughput_per_s;
  point.source = "publish-to-consume latency, one message in flight, " +
                 std::to_string(m.latency.samples) + " messages; throughput over " +
                 std::to_string(m.throughput_messages) + " messages with " +
                 std::to_string(m.window_messages) + " in flight" +
                 (m.hit_time_limit ? " (stopped at the phase time limit)" : "");
  return point;
}

std::string broker_library_versions() {
  return base_library_versions() + "; " + hiredis_version() + "; " + nats_client_version();
}

std::vector<BrokerProbeResult> run_broker_probes(
    const std::vector<BrokerProbeTarget>& targets, const BrokerProbeConfig& config,
    CostTableWriter* writer, const std::function<void(const BrokerProbeResult&)>& on_point) {
  config.validate();
  const SigpipeGuard no_sigpipe;
  std::vector<BrokerProbeResult> results;
  for (const BrokerProbeTarget& target : targets) {
    for (std::int64_t bytes : config.message_bytes) {
      BrokerProbeResult result;
      result.model = target.model;
      result.variant = target.variant;
      result.message_bytes = bytes;
      if (writer != nullptr && writer->has_point(to_cost_point(result))) continue;
      const std::string label =
          target.model + " " + target.variant + ", " + format_bytes(bytes) + " messages";
      ProbeChannel channel = target.open(bytes);
      result.measurement = measure_channel(channel, bytes, config, label);
      if (writer != nullptr) writer->append(to_cost_point(result));
      if (on_point) on_point(result);
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace servesim::calib
