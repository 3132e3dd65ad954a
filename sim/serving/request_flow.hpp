// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/task.hpp"
#include "sim/random/rng_stream.hpp"
#include "sim/serving/load_balancer.hpp"
#include "sim/serving/metrics_collector.hpp"
#include "sim/serving/request.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/serving/stage_costs.hpp"
#include "sim/topology/topology.hpp"
#include "sim/workload/item_count.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace servesim::sim {

/// The streams a request flow draws from, owned by the run.
struct FlowStreams {
  RngStream& fanout;      // items per fan-out
  RngStream& worker_run;  // each worker run's common draw (pools with run_share)
};

/// One request's way through the servers: admission at the load balancer, the topology's stages
/// in order (queueing for units, batchers, broker hops, transfers), fan-out into child items and
/// the join that waits for them, and release at the end.
class RequestFlow {
 public:
  RequestFlow(Engine& engine, const Topology& topology,
              const std::vector<std::unique_ptr<StageCosts>>& stages,
              const std::vector<std::unique_ptr<ServerReplica>>& replicas, LoadBalancer& balancer,
              MetricsCollector& metrics, FlowStreams streams);
  RequestFlow(const RequestFlow&) = delete;
  RequestFlow& operator=(const RequestFlow&) = delete;

  /// A request of an image class arriving now, with the next id.
  Request new_request(int class_index);
  /// `co_await flow.serve(request)`: returns when the request has finished.
  Task<> serve(Request& request);

 private:
  struct JoinState;

  /// Runs stages [first, last) for one request or child item.
  Task<> run_stages(Request& req, ServerReplica& replica, std::size_t first, std::size_t last,
                    bool record);
  /// One message through a broker; returns when its service began (after any wait for a broker
  /// thread or, on Kafka, at once: batching and the log are the broker's own time).
  Task<SimTime> broker_hop(Request& req, ServerReplica& replica, std::size_t stage);
  /// The fan-out at `fanout` emits its child items; waits for them unless fire-and-forget.
  Task<> fan_out(Request& parent, ServerReplica& replica, std::size_t fanout, bool record);
  /// One child item: runs the stages between the fan-out and its join.
  Process child_flow(const Request& parent, ServerReplica& replica, std::size_t first,
                     std::size_t last, JoinState* join, bool record);

  Engine& engine_;
  const Topology& topology_;
  const std::vector<std::unique_ptr<StageCosts>>& stages_;
  const std::vector<std::unique_ptr<ServerReplica>>& replicas_;
  LoadBalancer& balancer_;
  MetricsCollector& metrics_;
  FlowStreams streams_;
  std::vector<ItemCount> item_counts_;  // per stage; used at fan-outs
  std::uint64_t next_id_ = 0;
};

}  // namespace servesim::sim
