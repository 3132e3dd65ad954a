// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/random/distribution.hpp"
#include "sim/topology/topology.hpp"

#include <cstdint>

namespace servesim::sim {

/// What one message costs at a server broker (Redis, NATS): the time it holds one broker thread
/// (publish and deliver) and its whole publish-to-consume latency at low load, which includes that
/// service time; the rest (client and network hops) holds nothing.
struct BrokerMessageCost {
  double service_ns = 0;
  Distribution latency_ns = Distribution::deterministic(0);
};

/// The cost-table query for one message's publish-to-consume latency on a broker costed by its
/// device's table (op 'broker', model = type, variant = mode, the message's bytes).
CostQuery broker_latency_query(const ResourceSpec& broker, std::int64_t message_bytes);

/// From the node's op_us / us_per_kib / hop_latency_us when given (a + b x bytes per operation,
/// two operations and two hops per message), else from the cost table rows op='broker',
/// model=type, variant=mode of the broker's device: the latency from the measured quantiles, the
/// service time from the measured saturation throughput (all of the p50 when the table has none).
BrokerMessageCost server_broker_cost(const ResourceSpec& broker, std::int64_t message_bytes,
                                     const CostModel& costs);

/// Kafka: how long appending one producer batch of `batch_bytes` holds a partition leader.
double kafka_append_ns(const BrokerSpec& kafka, std::int64_t batch_bytes);
/// Kafka: messages of `message_bytes` that fill one producer batch (at least one).
int kafka_messages_per_batch(const BrokerSpec& kafka, std::int64_t message_bytes);

}  // namespace servesim::sim
