// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/resource.hpp"
#include "sim/serving/batcher.hpp"
#include "sim/serving/kafka_log.hpp"
#include "sim/serving/stage_costs.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace servesim::sim {

/// One server node of a topology: its resource pools (CPU cores, each GPU's compute engine and
/// JPEG engine, each GPU's PCIe copy engines, the NIC's two directions), a batcher per batched
/// stage and GPU, the broker pools (one broker per server), and the router that binds a request
/// to a GPU.
class ServerReplica {
 public:
  /// A batched stage's batchers ask the stage for their calls' durations and wake-ups.
  ServerReplica(Engine& engine, const Topology& topology,
                const std::vector<std::unique_ptr<StageCosts>>& stages);

  /// The unit a non-batched stage occupies for a request bound to `gpu`.
  Resource& unit(std::size_t stage, int gpu) { return *units_[stage][index(stage, gpu)]; }
  Batcher& batcher(std::size_t stage, int gpu) { return *batchers_[stage][index(stage, gpu)]; }
  /// The log of a broker hop on a Kafka broker.
  KafkaLog& kafka(std::size_t stage) { return *kafka_[stage]; }

  /// Picks a GPU by the gpu node's route policy and counts the request as outstanding there.
  int route_gpu();
  /// A request bound to `gpu` (-1: none) has finished.
  void release_gpu(int gpu);
  /// Requests waiting (not in service) anywhere in this server: the join-shortest-queue measure.
  std::size_t queued() const;

  void reset_statistics();
  /// Adds each pool's busy unit-ns and available unit-ns over the window.
  void add_busy(std::map<std::string, std::pair<double, double>>& busy) const;
  const std::vector<std::string>& pool_order() const { return pool_order_; }
  void batch_counts(std::size_t stage, std::uint64_t& batches, std::uint64_t& items) const;

 private:
  std::size_t index(std::size_t stage, int gpu) const {
    return per_gpu_[stage] ? static_cast<std::size_t>(gpu) : 0;
  }
  std::size_t queued_on_gpu(int gpu) const;
  void add_pool(Engine& engine, const std::string& pool, int count, int capacity);

  std::vector<std::string> pool_order_;
  std::map<std::string, std::vector<std::unique_ptr<Resource>>> pools_;
  std::vector<std::vector<Resource*>> units_;                    // [stage][gpu or 0]
  std::vector<std::vector<std::unique_ptr<Batcher>>> batchers_;  // [stage][gpu or 0]
  std::vector<std::unique_ptr<KafkaLog>> kafka_;                 // [stage], Kafka hops only
  std::vector<bool> per_gpu_;
  RoutePolicy gpu_route_ = RoutePolicy::kRoundRobin;
  std::vector<int> gpu_outstanding_;
  int next_gpu_ = 0;
};

}  // namespace servesim::sim
