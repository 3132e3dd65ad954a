// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/workload/image_class.hpp"

#include <memory>
#include <string>
#include <vector>

namespace servesim::sim {

/// One pool of identical units that stages occupy (the cores of a CPU, the compute engines of the
/// GPUs, the H2D engines of the PCIe links, ...), named as in the utilisation report.
struct PoolDemand {
  std::string pool;
  int units = 0;            // over all servers
  double demand_ns = 0;     // mean busy time per request, over the image mix
  double capacity_rps = 0;  // units / demand
};

/// The static bound: with every pool busy all the time, throughput cannot exceed
/// min(units / demand) over pools. Batched stages count at their most efficient batch size, so the
/// bound is an upper bound a simulation must never beat.
struct StaticBound {
  double bound_rps = 0;
  std::string bottleneck;
  std::vector<PoolDemand> pools;
};

/// Name of the pool a stage occupies ("cpu", "gpu", "gpu.jpeg", "pcie.h2d", "nic.rx", ...).
std::string pool_name(const StageRuntime& stage);
/// Units of a broker's pool in one server: threads (Redis, NATS) or partition leaders (Kafka).
int broker_units(const BrokerSpec& broker);
/// Units of that pool over all servers.
int pool_units(const Topology& topology, const StageRuntime& stage);

StaticBound compute_static_bound(const Topology& topology,
                                 std::vector<std::unique_ptr<StageRuntime>>& stages,
                                 const ImageMix& images, const CostModel& costs);

}  // namespace servesim::sim
