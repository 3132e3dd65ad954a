// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/server_replica.hpp"

#include "sim/serving/static_bound.hpp"

#include <algorithm>

namespace servesim::sim {

ServerReplica::ServerReplica(Engine& engine, const Topology& topology,
                             std::vector<std::unique_ptr<StageRuntime>>& stages,
                             const CostFnFactory& cost_fn, const WakeFnFactory& wake_fn) {
  int gpus = 1;
  for (const ResourceSpec& r : topology.resources) {
    if (r.kind == ResourceKind::kGpu) {
      gpus = r.count;
      gpu_route_ = r.route;
    }
  }
  gpu_outstanding_.assign(static_cast<std::size_t>(gpus), 0);
  for (auto& stage_ptr : stages) {
    StageRuntime& stage = *stage_ptr;
    kafka_.emplace_back();
    if (stage.is_control()) {
      per_gpu_.push_back(false);
      units_.emplace_back();
      batchers_.emplace_back();
      continue;
    }
    const std::string pool = pool_name(stage);
    const ResourceSpec& host = stage.host();
    if (!pools_.count(pool)) {
      const int count = stage.per_gpu() ? gpus : 1;
      int capacity = 1;
      if (host.kind == ResourceKind::kCpu) capacity = host.cores;
      if (host.kind == ResourceKind::kBroker) capacity = broker_units(host.broker);
      if (pool == host.name + ".jpeg") capacity = host.jpeg_decoders;
      add_pool(engine, pool, count, capacity);
    }
    if (stage.is_broker() && host.broker.type == BrokerType::kKafka) {
      const std::string consumers = host.name + ".consumers";
      if (!pools_.count(consumers)) {
        add_pool(engine, consumers, 1, std::min(host.broker.consumers, host.broker.partitions));
      }
      kafka_.back() = std::make_unique<KafkaLog>(engine, host.broker, *pools_[pool].front(),
                                                 *pools_[consumers].front());
    }
    per_gpu_.push_back(stage.per_gpu());
    std::vector<Resource*> stage_units;
    for (auto& u : pools_[pool]) stage_units.push_back(u.get());
    std::vector<std::unique_ptr<Batcher>> stage_batchers;
    if (stage.batched()) {
      for (Resource* u : stage_units) {
        stage_batchers.push_back(
            std::make_unique<Batcher>(engine, stage.spec().batching, *u, cost_fn(stage, *u),
                                      wake_fn ? wake_fn(stage) : Batcher::Wakeups{},
                                      [&stage] { return stage.draw_batch_first(); }));
      }
    }
    units_.push_back(std::move(stage_units));
    batchers_.push_back(std::move(stage_batchers));
  }
}

void ServerReplica::add_pool(Engine& engine, const std::string& pool, int count, int capacity) {
  pool_order_.push_back(pool);
  auto& units = pools_[pool];
  for (int g = 0; g < count; ++g) {
    units.push_back(std::make_unique<Resource>(
        engine, count > 1 ? pool + "[" + std::to_string(g) + "]" : pool, capacity));
  }
}

std::size_t ServerReplica::queued_on_gpu(int gpu) const {
  std::size_t waiting = 0;
  for (std::size_t s = 0; s < units_.size(); ++s) {
    if (!per_gpu_[s]) continue;
    const auto g = static_cast<std::size_t>(gpu);
    waiting += units_[s][g]->queue_length();
    if (!batchers_[s].empty()) waiting += batchers_[s][g]->queue_length();
  }
  return waiting;
}

int ServerReplica::route_gpu() {
  const int count = static_cast<int>(gpu_outstanding_.size());
  int chosen = 0;
  if (gpu_route_ == RoutePolicy::kRoundRobin) {
    chosen = next_gpu_;
    next_gpu_ = (next_gpu_ + 1) % count;
  } else {
    for (int g = 1; g < count; ++g) {
      const bool better = gpu_route_ == RoutePolicy::kLeastOutstanding
                              ? gpu_outstanding_[static_cast<std::size_t>(g)] <
                                    gpu_outstanding_[static_cast<std::size_t>(chosen)]
                              : queued_on_gpu(g) < queued_on_gpu(chosen);
      if (better) chosen = g;
    }
  }
  ++gpu_outstanding_[static_cast<std::size_t>(chosen)];
  return chosen;
}

void ServerReplica::release(int gpu) {
  --inflight_;
  if (gpu >= 0) --gpu_outstanding_[static_cast<std::size_t>(gpu)];
}

std::size_t ServerReplica::queued() const {
  std::size_t waiting = 0;
  for (const auto& [name, units] : pools_) {
    for (const auto& u : units) waiting += u->queue_length();
  }
  for (const auto& stage_batchers : batchers_) {
    for (const auto& b : stage_batchers) waiting += b->queue_length();
  }
  for (const auto& log : kafka_) {
    if (log) waiting += log->queue_length();
  }
  return waiting;
}

void ServerReplica::reset_statistics() {
  for (auto& [name, units] : pools_) {
    for (auto& u : units) u->reset_statistics();
  }
  for (auto& stage_batchers : batchers_) {
    for (auto& b : stage_batchers) b->reset_statistics();
  }
}

void ServerReplica::add_busy(std::map<std::string, std::pair<double, double>>& busy) const {
  for (const auto& [name, units] : pools_) {
    for (const auto& u : units) {
      busy[name].first += u->busy_unit_ns();
      busy[name].second += static_cast<double>(u->window_ns()) * u->capacity();
    }
  }
}

void ServerReplica::batch_counts(std::size_t stage, std::uint64_t& batches,
                                 std::uint64_t& items) const {
  for (const auto& b : batchers_[stage]) {
    batches += b->batches_sent();
    items += b->items_sent();
  }
}

}  // namespace servesim::sim
