// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/static_bound.hpp"

#include "sim/workload/item_count.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace servesim::sim {
namespace {
int gpu_count(const Topology& topology) {
  for (const ResourceSpec& r : topology.resources) {
    if (r.kind == ResourceKind::kGpu) return r.count;
  }
  return 1;
}
}  // namespace

int broker_units(const BrokerSpec& broker) {
  return broker.type == BrokerType::kKafka ? broker.partitions : broker.threads;
}

std::string pool_name(const StageRuntime& stage) {
  const ResourceSpec& host = stage.host();
  const StageOp op = stage.spec().op;
  switch (host.kind) {
    case ResourceKind::kGpu:
      return op == StageOp::kJpegDecode && host.jpeg_decoders > 0 ? host.name + ".jpeg" : host.name;
    case ResourceKind::kLink:
      if (host.duplex == 1) return host.name;
      return host.name + (op == StageOp::kD2h ? ".d2h" : ".h2d");
    case ResourceKind::kNic:
      return host.name + (op == StageOp::kNetSend ? ".tx" : ".rx");
    default:
      return host.name;
  }
}

int pool_units(const Topology& topology, const StageRuntime& stage) {
  const ResourceSpec& host = stage.host();
  const int servers = topology.servers.count;
  switch (host.kind) {
    case ResourceKind::kCpu:
      return host.cores * servers;
    case ResourceKind::kGpu:
      return host.count * servers *
             (stage.spec().op == StageOp::kJpegDecode && host.jpeg_decoders > 0 ? host.jpeg_decoders
                                                                                : 1);
    case ResourceKind::kLink:
      return (host.per_gpu ? gpu_count(topology) : 1) * servers;
    case ResourceKind::kBroker:
      return broker_units(host.broker) * servers;
    default:
      return servers;
  }
}

StaticBound compute_static_bound(const Topology& topology,
                                 std::vector<std::unique_ptr<StageRuntime>>& stages,
                                 const ImageMix& images, const CostModel& costs) {
  std::map<std::string, PoolDemand> pools;
  std::vector<std::string> order;
  double items_per_request = 1;  // stages between a fanout and its join run once per child
  for (auto& stage : stages) {
    if (stage->spec().op == StageOp::kFanout) {
      items_per_request = ItemCount::parse(stage->spec().items_per_request).mean();
    } else if (stage->spec().op == StageOp::kJoin) {
      items_per_request = 1;
    }
    if (stage->is_control()) continue;
    double demand_ns = 0;
    for (std::size_t c = 0; c < images.classes().size(); ++c) {
      demand_ns +=
          images.weights()[c] * stage->demand_ns(costs, images.classes(), static_cast<int>(c));
    }
    demand_ns *= items_per_request;
    // A batched CPU stage runs at most `instances` batches at once, whatever the core count.
    if (stage->batched() && stage->host().kind == ResourceKind::kCpu &&
        stage->spec().batching.instances < stage->host().cores) {
      const std::string instances = stage->spec().name + ".instances";
      order.push_back(instances);
      pools[instances] = {instances, stage->spec().batching.instances * topology.servers.count,
                          demand_ns, 0};
    }
    const std::string name = pool_name(*stage);
    if (!pools.count(name)) order.push_back(name);
    PoolDemand& pool = pools[name];
    pool.pool = name;
    pool.units = pool_units(topology, *stage);
    pool.demand_ns += demand_ns;
  }
  StaticBound bound;
  bound.bound_rps = std::numeric_limits<double>::infinity();
  for (const std::string& name : order) {
    PoolDemand& pool = pools[name];
    pool.capacity_rps = pool.demand_ns > 0 ? pool.units * 1e9 / pool.demand_ns
                                           : std::numeric_limits<double>::infinity();
    if (pool.capacity_rps < bound.bound_rps) {
      bound.bound_rps = pool.capacity_rps;
      bound.bottleneck = name;
    }
    bound.pools.push_back(pool);
  }
  return bound;
}

}  // namespace servesim::sim
