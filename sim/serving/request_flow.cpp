// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/request_flow.hpp"

#include <algorithm>
#include <coroutine>
#include <iterator>

namespace servesim::sim {

/// What the children of one fan-out share: the parent awaits it until `pending` reaches zero.
struct RequestFlow::JoinState {
  int pending = 0;
  std::coroutine_handle<> waiter;
  double critical_category_ns[kCategoryCount] = {};  // the last child's path

  bool await_ready() const noexcept { return pending == 0; }
  void await_suspend(std::coroutine_handle<> handle) { waiter = handle; }
  void await_resume() const noexcept {}
};

RequestFlow::RequestFlow(Engine& engine, const Topology& topology,
                         const std::vector<std::unique_ptr<StageCosts>>& stages,
                         const std::vector<std::unique_ptr<ServerReplica>>& replicas,
                         LoadBalancer& balancer, MetricsCollector& metrics, FlowStreams streams)
    : engine_(engine),
      topology_(topology),
      stages_(stages),
      replicas_(replicas),
      balancer_(balancer),
      metrics_(metrics),
      streams_(streams) {
  for (const auto& stage : stages_) {
    const StageSpec& spec = stage->runtime().spec();
    item_counts_.push_back(
        ItemCount::parse(spec.op == StageOp::kFanout ? spec.items_per_request : "fixed:0"));
  }
}

Request RequestFlow::new_request(int class_index) {
  Request r;
  r.id = next_id_++;
  r.class_index = class_index;
  r.arrival_ns = engine_.now();
  r.measured = metrics_.measured(r.arrival_ns);
  return r;
}

Task<> RequestFlow::serve(Request& req) {
  const SimTime admit_ns = engine_.now();
  co_await balancer_.admit(req);
  req.category_ns[static_cast<int>(Category::kQueueing)] +=
      static_cast<double>(engine_.now() - admit_ns);
  ServerReplica& replica = *replicas_[static_cast<std::size_t>(req.server)];
  const bool record = metrics_.keeps_records(req);
  co_await run_stages(req, replica, 0, stages_.size(), record);
  replica.release_gpu(req.gpu);
  balancer_.release(req);
  metrics_.request_done(req, engine_.now(), record);
}

Task<> RequestFlow::run_stages(Request& req, ServerReplica& replica, std::size_t first,
                               std::size_t last, bool record) {
  Resource* held = nullptr;       // consecutive stages on one unit run back to back on it
  StageCosts* held_by = nullptr;  // the last stage run on `held`
  double run_common_u = 0;        // the worker run's common draw, on a pool with run_share
  auto release_held = [&held, &held_by] {
    // The worker's turnaround after its run keeps the unit; the item moves on at once.
    if (held != nullptr) held->release_after(held_by->sample_turnaround());
    held = nullptr;
  };
  for (std::size_t i = first; i < last; ++i) {
    StageCosts& stage = *stages_[i];
    const StageRuntime& runtime = stage.runtime();
    if (runtime.spec().op == StageOp::kFanout) {
      release_held();  // the worker hands the children off
      co_await fan_out(req, replica, i, record);
      i = topology_.join_of(i);  // the parent resumes after the join
      continue;
    }
    if (runtime.is_control()) continue;
    if (runtime.per_gpu() && req.gpu < 0) req.gpu = replica.route_gpu();
    const SimTime enter_ns = engine_.now();
    SimTime start_ns;
    int batch_size = 1;
    if (runtime.batched()) {
      release_held();
      co_await replica.batcher(i, req.gpu).run(&req);
      start_ns = req.batch_start_ns;
      batch_size = req.batch_size;
    } else if (runtime.is_broker()) {
      release_held();
      start_ns = co_await broker_hop(req, replica, i);
    } else {
      Resource& unit = replica.unit(i, req.gpu);
      if (held != &unit) {
        release_held();
        // Drawn only where shared, so a topology without run_share keeps its streams.
        if (runtime.host().run_share > 0) run_common_u = streams_.worker_run.uniform01();
        if (unit.try_acquire()) {
          held = &unit;
          // An idle unit: its worker sleeps and must be woken before the call starts.
          const SimDuration wake_ns = stage.sample_dispatch();
          if (wake_ns > 0) co_await engine_.delay(wake_ns);
        } else {
          co_await unit.acquire();
          held = &unit;
        }
      }
      held_by = &stage;
      start_ns = engine_.now();
      co_await engine_.delay(stage.call_duration(req.class_index, unit, run_common_u));
      // A transfer's latency holds nothing; the next stage queues afresh after it.
      if (runtime.is_transfer()) {
        const SimDuration latency_ns = stage.transfer_latency(req.class_index);
        if (latency_ns > 0) {
          release_held();
          co_await engine_.delay(latency_ns);
        }
      }
    }
    const SimTime end_ns = engine_.now();
    req.category_ns[static_cast<int>(Category::kQueueing)] +=
        static_cast<double>(start_ns - enter_ns);
    req.category_ns[static_cast<int>(runtime.category())] += static_cast<double>(end_ns - start_ns);
    metrics_.stage_done(req, i, enter_ns, start_ns, end_ns, batch_size, record);
  }
  release_held();
}

Task<SimTime> RequestFlow::broker_hop(Request& req, ServerReplica& replica, std::size_t i) {
  StageCosts& stage = *stages_[i];
  if (stage.runtime().host().broker.type == BrokerType::kKafka) {
    const SimTime start_ns = engine_.now();
    co_await replica.kafka(i).send(&req, stage.message_bytes(req.class_index));
    co_return start_ns;
  }
  const BrokerMessageCost& cost = stage.broker_cost(req.class_index);
  const auto service_ns = duration_from_ns(cost.service_ns);
  const SimDuration latency_ns = duration_from_ns(cost.latency_ns.sample(stage.runtime().rng()));
  // The part of the latency that is not the broker's service (clients and network) holds
  // nothing, half on each side of the broker.
  const SimDuration hops_ns = std::max<SimDuration>(0, latency_ns - service_ns);
  Resource& thread = replica.unit(i, -1);
  const SimTime enter_ns = engine_.now();
  co_await engine_.delay(hops_ns / 2);
  const SimTime asked_ns = engine_.now();
  co_await thread.acquire();
  const SimDuration waited_ns = engine_.now() - asked_ns;
  co_await engine_.delay(service_ns);
  thread.release();
  co_await engine_.delay(hops_ns - hops_ns / 2);
  co_return enter_ns + waited_ns;  // only the wait for a broker thread counts as queueing
}

Task<> RequestFlow::fan_out(Request& parent, ServerReplica& replica, std::size_t fanout,
                            bool record) {
  const StageSpec& spec = stages_[fanout]->runtime().spec();
  const int items = item_counts_[fanout].sample(streams_.fanout);
  const std::size_t join = topology_.join_of(fanout);
  metrics_.fanned_out(parent, items);
  JoinState state;
  state.pending = items;
  JoinState* join_state = spec.fire_and_forget ? nullptr : &state;
  for (int k = 0; k < items; ++k) {
    child_flow(parent, replica, fanout + 1, join, join_state, record);
  }
  if (join_state == nullptr) co_return;
  co_await state;
  // The parent waited for its slowest child: that child's path is the parent's time.
  for (int c = 0; c < kCategoryCount; ++c) parent.category_ns[c] += state.critical_category_ns[c];
}

// A fire-and-forget child (join == nullptr) may outlive its parent, so it copies what it needs
// at the start.
Process RequestFlow::child_flow(const Request& parent, ServerReplica& replica, std::size_t first,
                                std::size_t last, JoinState* join, bool record) {
  Request child;
  child.id = next_id_++;
  child.class_index = parent.class_index;
  child.arrival_ns = parent.arrival_ns;
  child.server = parent.server;
  child.gpu = parent.gpu;
  child.measured = parent.measured;
  const std::int64_t parent_id = static_cast<std::int64_t>(parent.id);
  co_await run_stages(child, replica, first, last, record);
  const SimTime now = engine_.now();
  metrics_.item_done(child, parent_id, now, record);
  if (join == nullptr) co_return;
  std::copy(std::begin(child.category_ns), std::end(child.category_ns),
            std::begin(join->critical_category_ns));
  if (--join->pending == 0 && join->waiter) engine_.schedule_resume_at(now, join->waiter);
}

}  // namespace servesim::sim
