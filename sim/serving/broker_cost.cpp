// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/broker_cost.hpp"

#include <algorithm>

namespace servesim::sim {

CostQuery broker_latency_query(const ResourceSpec& broker, std::int64_t message_bytes) {
  CostQuery q;
  q.device = broker.device;
  q.op = "broker";
  q.model = to_string(broker.broker.type);
  q.variant = broker.broker.mode;
  q.input_bytes = message_bytes;
  return q;
}

BrokerMessageCost server_broker_cost(const ResourceSpec& broker, std::int64_t message_bytes,
                                     const CostModel& costs) {
  const BrokerSpec& b = broker.broker;
  const double kib = static_cast<double>(message_bytes) / 1024.0;
  if (b.op_us >= 0) {
    const double service_ns = 2 * (b.op_us + b.us_per_kib * kib) * 1e3;
    return {service_ns, Distribution::deterministic(service_ns + 2 * b.hop_latency_us * 1e3)};
  }
  const CostQuery q = broker_latency_query(broker, message_bytes);
  BrokerMessageCost cost;
  cost.latency_ns = costs.estimate(q).duration_ns;
  const double p50_ns = cost.latency_ns.quantile(0.5);
  // Without a measured throughput, the whole typical latency holds the thread: a capacity that
  // can only be too low, never too high.
  cost.service_ns = std::min(costs.saturation_ns(q).value_or(p50_ns), p50_ns);
  return cost;
}

double kafka_append_ns(const BrokerSpec& kafka, std::int64_t batch_bytes) {
  return (kafka.op_us + kafka.us_per_kib * static_cast<double>(batch_bytes) / 1024.0) * 1e3;
}

int kafka_messages_per_batch(const BrokerSpec& kafka, std::int64_t message_bytes) {
  if (message_bytes <= 0) return 1;
  return static_cast<int>(std::max<std::int64_t>(1, kafka.batch_bytes / message_bytes));
}

}  // namespace servesim::sim
