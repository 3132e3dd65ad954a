// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/serving_simulation.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/resource.hpp"
#include "sim/engine/task.hpp"
#include "sim/serving/batcher.hpp"
#include "sim/serving/power_model.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/serving/static_bound.hpp"
#include "sim/stats/window_rate.hpp"
#include "sim/workload/arrival_process.hpp"
#include "sim/workload/item_count.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace servesim::sim {
namespace {

class ServingSimulation {
 public:
  ServingSimulation(const ServingConfig& config, const CostModel& costs)
      : config_(config),
        costs_(costs),
        classes_(config.images.classes()),
        arrival_rng_(config.seed, "arrivals"),
        image_rng_(config.seed, "images"),
        think_rng_(config.seed, "think"),
        fanout_rng_(config.seed, "fanout"),
        worker_run_rng_(config.seed, model_stream("worker_run", config.replication)),
        warmup_end_ns_(duration_from_s(config.effective_warmup_s())),
        end_ns_(duration_from_s(config.duration_s)),
        completed_(warmup_end_ns_, end_ns_),
        items_completed_(warmup_end_ns_, end_ns_) {
    for (std::size_t i = 0; i < config.topology.stages.size(); ++i) {
      stages_.push_back(
          std::make_unique<StageRuntime>(config.topology, i, config.seed, config.replication));
    }
    bound_ = compute_static_bound(config.topology, stages_, config.images, costs);
    rate_per_s_ = config.load > 0 ? config.load * bound_.bound_rps : config.rate_per_s;
    for (int s = 0; s < config.topology.servers.count; ++s) {
      replicas_.push_back(std::make_unique<ServerReplica>(
          engine_, config.topology, stages_,
          [this](StageRuntime& stage, Resource& compute) {
            // The batch already holds its unit: another working unit (not one waiting out its
            // worker's turnaround, which calibration cannot see) means a co-running core.
            return [this, &stage, &compute](const std::vector<Request*>& batch) {
              return at_machine_speed(
                  stage, stage.sample(costs_, classes_, batch.front()->class_index,
                                      static_cast<int>(batch.size()), compute.working_units() > 1));
            };
          },
          [this](StageRuntime& stage) {
            return Batcher::Wakeups{[this, &stage] { return stage.sample_dispatch(costs_); },
                                    [this, &stage] { return stage.sample_batch_timer(costs_); },
                                    [this, &stage] { return stage.sample_turnaround(costs_); }};
          }));
    }
    for (const auto& stage : stages_) {
      item_counts_.push_back(ItemCount::parse(
          stage->spec().op == StageOp::kFanout ? stage->spec().items_per_request : "fixed:0"));
    }
    stage_queue_ns_.assign(stages_.size(), 0.0);
    stage_service_ns_.assign(stages_.size(), 0.0);
  }

  ServingResult run() {
    engine_.schedule_at(warmup_end_ns_, &ServingSimulation::on_warmup_end, this);
    engine_.schedule_at(end_ns_, &ServingSimulation::on_window_end, this);
    if (config_.concurrency > 0) {
      for (int k = 0; k < config_.concurrency; ++k) closed_loop_client();
    } else {
      open_loop_source(make_arrivals());
    }
    // Runs until every request has finished: arrivals stop at the end of the window and the
    // backlog drains, so no request is censored and no coroutine is left suspended.
    engine_.run();
    return collect();
  }

 private:
  /// A cpu pool's call takes its cost-table time times the machine's speed at its start.
  SimDuration at_machine_speed(const StageRuntime& stage, SimDuration table_ns) {
    if (config_.cpu_speed.empty() || stage.host().kind != ResourceKind::kCpu) return table_ns;
    return duration_from_ns(static_cast<double>(table_ns) * config_.cpu_speed.at(engine_.now()));
  }

  std::unique_ptr<ArrivalProcess> make_arrivals() const {
    if (config_.arrival == "constant") return make_constant_arrivals(rate_per_s_);
    if (config_.arrival == "onoff") {
      return make_on_off_arrivals(rate_per_s_, config_.on_s, config_.off_s);
    }
    if (config_.arrival == "trace") {
      return make_trace_arrivals(read_trace_csv(config_.trace_path), config_.speedup);
    }
    return make_poisson_arrivals(rate_per_s_);
  }

  int class_for(const Arrival& a) {
    if (a.width_px == 0) return config_.images.sample(image_rng_);
    for (std::size_t i = 0; i < classes_.size(); ++i) {
      const ImageClass& c = classes_[i];
      if (c.width_px == a.width_px && c.height_px == a.height_px && c.jpeg_bytes == a.jpeg_bytes) {
        return static_cast<int>(i);
      }
    }
    classes_.push_back(ImageClass{"trace", a.width_px, a.height_px, a.jpeg_bytes});
    return static_cast<int>(classes_.size() - 1);
  }

  Request make_request(int class_index) {
    Request r;
    r.id = next_id_++;
    r.class_index = class_index;
    r.arrival_ns = engine_.now();
    r.measured = r.arrival_ns >= warmup_end_ns_ && r.arrival_ns < end_ns_;
    return r;
  }

  Process open_loop_source(std::unique_ptr<ArrivalProcess> arrivals) {
    Arrival a;
    while (arrivals->next(arrival_rng_, a)) {
      co_await engine_.delay(a.gap_ns);
      if (engine_.now() >= end_ns_) break;
      open_loop_request(make_request(class_for(a)));
    }
  }

  Process open_loop_request(Request request) { co_await flow(request); }

  Process closed_loop_client() {
    const Distribution think = Distribution::exponential(std::max(config_.think_ms, 1e-9) * 1e6);
    while (engine_.now() < end_ns_) {
      Request request = make_request(config_.images.sample(image_rng_));
      co_await flow(request);
      if (config_.think_ms > 0) co_await engine_.delay(duration_from_ns(think.sample(think_rng_)));
    }
  }

  Task<> flow(Request& req) {
    const SimTime admit_ns = engine_.now();
    co_await AdmitAwaiter{*this, req};
    req.category_ns[static_cast<int>(Category::kQueueing)] +=
        static_cast<double>(engine_.now() - admit_ns);
    ServerReplica& replica = *replicas_[static_cast<std::size_t>(req.server)];
    const bool record = req.measured && recorded_requests_ < config_.record_requests;
    co_await run_stages(req, replica, 0, stages_.size(), record);
    finish(req, replica, record);
  }

  /// Runs stages [first, last) for one request or child item.
  Task<> run_stages(Request& req, ServerReplica& replica, std::size_t first, std::size_t last,
                    bool record) {
    Resource* held = nullptr;         // consecutive stages on one unit run back to back on it
    StageRuntime* held_by = nullptr;  // the last stage run on `held`
    double run_common_u = 0;          // the worker run's common draw, on a pool with run_share
    auto release_held = [this, &held, &held_by] {
      // The worker's turnaround after its run keeps the unit; the item moves on at once.
      if (held != nullptr) held->release_after(held_by->sample_turnaround(costs_));
      held = nullptr;
    };
    for (std::size_t i = first; i < last; ++i) {
      StageRuntime& stage = *stages_[i];
      if (stage.spec().op == StageOp::kFanout) {
        release_held();  // the worker hands the children off
        co_await fan_out(req, replica, i, record);
        i = config_.topology.join_of(i);  // the parent resumes after the join
        continue;
      }
      if (stage.is_control()) continue;
      if (stage.per_gpu() && req.gpu < 0) req.gpu = replica.route_gpu();
      const SimTime enter_ns = engine_.now();
      SimTime start_ns;
      int batch_size = 1;
      if (stage.batched()) {
        release_held();
        co_await replica.batcher(i, req.gpu).run(&req);
        start_ns = req.batch_start_ns;
        batch_size = req.batch_size;
      } else if (stage.is_broker()) {
        release_held();
        start_ns = co_await broker_hop(req, replica, i);
      } else {
        Resource& unit = replica.unit(i, req.gpu);
        if (held != &unit) {
          release_held();
          // Drawn only where shared, so a topology without run_share keeps its streams.
          if (stage.host().run_share > 0) run_common_u = worker_run_rng_.uniform01();
          if (unit.try_acquire()) {
            held = &unit;
            // An idle unit: its worker sleeps and must be woken before the call starts.
            const SimDuration wake_ns = stage.sample_dispatch(costs_);
            if (wake_ns > 0) co_await engine_.delay(wake_ns);
          } else {
            co_await unit.acquire();
            held = &unit;
          }
        }
        held_by = &stage;
        start_ns = engine_.now();
        const bool corun = unit.working_units() > 1;
        co_await engine_.delay(at_machine_speed(
            stage, stage.host().run_share > 0
                       ? stage.sample_in_run(costs_, classes_, req.class_index, corun, run_common_u)
                       : stage.sample(costs_, classes_, req.class_index, 1, corun)));
        // A transfer's latency holds nothing; the next stage queues afresh after it.
        if (stage.is_transfer()) {
          const SimDuration latency_ns =
              stage.sample_transfer_latency(costs_, classes_, req.class_index, engine_.now());
          if (latency_ns > 0) {
            release_held();
            co_await engine_.delay(latency_ns);
          }
        }
      }
      const SimTime end_ns = engine_.now();
      req.category_ns[static_cast<int>(Category::kQueueing)] +=
          static_cast<double>(start_ns - enter_ns);
      req.category_ns[static_cast<int>(stage.category())] += static_cast<double>(end_ns - start_ns);
      if (req.measured) {
        stage_queue_ns_[i] += static_cast<double>(start_ns - enter_ns);
        stage_service_ns_[i] += static_cast<double>(end_ns - start_ns);
      }
      if (record) {
        result_.request_stages.push_back({static_cast<std::int64_t>(req.id), stage.spec().name,
                                          to_string(stage.category()), enter_ns, start_ns, end_ns,
                                          batch_size});
      }
    }
    release_held();
  }

  /// One message through a broker; returns when its service began (after any wait for a broker
  /// thread or, on Kafka, at once: batching and the log are the broker's own time).
  Task<SimTime> broker_hop(Request& req, ServerReplica& replica, std::size_t i) {
    StageRuntime& stage = *stages_[i];
    if (stage.host().broker.type == BrokerType::kKafka) {
      const SimTime start_ns = engine_.now();
      co_await replica.kafka(i).send(&req, stage.message_bytes(classes_, req.class_index));
      co_return start_ns;
    }
    const BrokerMessageCost& cost = stage.broker_cost(costs_, classes_, req.class_index);
    const auto service_ns = duration_from_ns(cost.service_ns);
    const SimDuration latency_ns = duration_from_ns(cost.latency_ns.sample(stage.rng()));
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

  /// What the children of one fan-out share: the parent waits until `pending` reaches zero.
  struct JoinState {
    int pending = 0;
    std::coroutine_handle<> waiter;
    SimTime last_done_ns = -1;
    double critical_category_ns[kCategoryCount] = {};  // the last child's path
  };

  struct JoinAwaiter {
    JoinState& join;
    bool await_ready() const noexcept { return join.pending == 0; }
    void await_suspend(std::coroutine_handle<> handle) { join.waiter = handle; }
    void await_resume() const noexcept {}
  };

  Task<> fan_out(Request& parent, ServerReplica& replica, std::size_t fanout, bool record) {
    const StageSpec& spec = stages_[fanout]->spec();
    const int items = item_counts_[fanout].sample(fanout_rng_);
    const std::size_t join = config_.topology.join_of(fanout);
    if (parent.measured) {
      ++fanout_parents_;
      fanout_items_ += static_cast<std::uint64_t>(items);
    }
    JoinState state;
    state.pending = items;
    JoinState* join_state = spec.fire_and_forget ? nullptr : &state;
    for (int k = 0; k < items; ++k) {
      child_flow(parent, replica, fanout + 1, join, join_state, record);
    }
    if (join_state == nullptr) co_return;
    co_await JoinAwaiter{state};
    // The parent waited for its slowest child: that child's path is the parent's time.
    for (int c = 0; c < kCategoryCount; ++c) parent.category_ns[c] += state.critical_category_ns[c];
  }

  /// One child item: runs the stages between the fan-out and its join. A fire-and-forget child
  /// (join == nullptr) may outlive its parent, so it copies what it needs at the start.
  Process child_flow(const Request& parent, ServerReplica& replica, std::size_t first,
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
    items_completed_.record(now);
    if (child.measured) item_latency_.record(now - child.arrival_ns);
    if (record) {
      const ImageClass& c = classes_[static_cast<std::size_t>(child.class_index)];
      result_.requests.push_back({static_cast<std::int64_t>(child.id), parent_id, c.name,
                                  c.width_px, c.height_px, c.jpeg_bytes, child.arrival_ns, now});
    }
    if (join == nullptr) co_return;
    std::copy(std::begin(child.category_ns), std::end(child.category_ns),
              std::begin(join->critical_category_ns));
    if (--join->pending == 0 && join->waiter) {
      engine_.schedule_resume_at(now, join->waiter);
    }
  }

  /// Waits at the load balancer until a server has room under its concurrency cap.
  struct AdmitAwaiter {
    ServingSimulation& sim;
    Request& req;
    bool await_ready() {
      const int server = sim.pick_server();
      if (server < 0) return false;
      sim.assign(req, server);
      return true;
    }
    void await_suspend(std::coroutine_handle<> handle) {
      req.waiter = handle;
      sim.lb_waiting_.push_back(&req);
    }
    void await_resume() const noexcept {}
  };

  int pick_server() {
    const int count = static_cast<int>(replicas_.size());
    const int cap = config_.topology.servers.max_inflight;
    int best = -1;
    for (int k = 0; k < count; ++k) {
      // Round robin scans from the next server; the other policies scan all and keep the least.
      const int s = (next_server_ + k) % count;
      const ServerReplica& r = *replicas_[static_cast<std::size_t>(s)];
      if (cap > 0 && r.inflight() >= cap) continue;
      if (config_.topology.servers.route == RoutePolicy::kRoundRobin) {
        best = s;
        break;
      }
      if (best < 0 || better_server(r, *replicas_[static_cast<std::size_t>(best)])) best = s;
    }
    if (best >= 0 && config_.topology.servers.route == RoutePolicy::kRoundRobin) {
      next_server_ = (best + 1) % count;
    }
    return best;
  }

  bool better_server(const ServerReplica& a, const ServerReplica& b) const {
    if (config_.topology.servers.route == RoutePolicy::kJoinShortestQueue) {
      return a.queued() < b.queued();
    }
    return a.inflight() < b.inflight();
  }

  void assign(Request& req, int server) {
    req.server = server;
    replicas_[static_cast<std::size_t>(server)]->admit();
  }

  void finish(Request& req, ServerReplica& replica, bool record) {
    replica.release(req.gpu);
    if (!lb_waiting_.empty()) {
      const int server = pick_server();
      if (server >= 0) {
        Request* next = lb_waiting_.pop_front();
        assign(*next, server);
        engine_.schedule_resume_at(engine_.now(), next->waiter);
      }
    }
    const SimTime now = engine_.now();
    completed_.record(now);
    if (!req.measured) return;
    latency_.record(now - req.arrival_ns);
    for (int c = 0; c < kCategoryCount; ++c)
      category_ns_[static_cast<std::size_t>(c)] += req.category_ns[c];
    if (record) {
      ++recorded_requests_;
      const ImageClass& c = classes_[static_cast<std::size_t>(req.class_index)];
      result_.requests.push_back({static_cast<std::int64_t>(req.id), -1, c.name, c.width_px,
                                  c.height_px, c.jpeg_bytes, req.arrival_ns, now});
    }
  }

  static void on_warmup_end(void* self, std::uint64_t) {
    auto& sim = *static_cast<ServingSimulation*>(self);
    for (auto& replica : sim.replicas_) replica->reset_statistics();
  }

  static void on_window_end(void* self, std::uint64_t) {
    auto& sim = *static_cast<ServingSimulation*>(self);
    std::map<std::string, std::pair<double, double>> busy;  // pool -> (busy unit-ns, unit-ns)
    for (auto& replica : sim.replicas_) replica->add_busy(busy);
    std::map<std::string, const ResourceSpec*> hosts;
    for (const auto& stage : sim.stages_) {
      if (!stage->is_control()) hosts[pool_name(*stage)] = &stage->host();
    }
    const double window_s = to_s(sim.end_ns_ - sim.warmup_end_ns_);
    for (const std::string& pool : sim.replicas_.front()->pool_order()) {
      const auto& [used, available] = busy[pool];
      const double utilization = available > 0 ? used / available : 0.0;
      sim.result_.utilization.emplace_back(pool, utilization);
      if (!hosts.count(pool)) continue;  // a broker's consumers: no power figures
      const PoolEnergy energy =
          pool_energy(pool, *hosts[pool], sim.config_.topology, utilization, window_s, sim.costs_);
      if (energy.power_known) {
        sim.result_.power_w.emplace_back(pool, energy.mean_power_w);
        sim.result_.energy_j += energy.energy_j;
      }
    }
    for (std::size_t i = 0; i < sim.stages_.size(); ++i) {
      std::uint64_t batches = 0;
      std::uint64_t items = 0;
      for (auto& replica : sim.replicas_) replica->batch_counts(i, batches, items);
      sim.stages_[i]->batches = batches;
      sim.stages_[i]->batched_items = items;
    }
  }

  ServingResult collect() {
    ServingResult& r = result_;
    const double window_s = to_s(end_ns_ - warmup_end_ns_);
    r.window_s = window_s;
    r.warmup_s = to_s(warmup_end_ns_);
    r.completed_in_window = completed_.count();
    const Estimate throughput = completed_.per_s();
    r.throughput_rps = throughput.value;
    r.throughput_ci95_rps = throughput.ci95_halfwidth;
    r.offered_rps = config_.concurrency > 0 ? 0.0 : rate_per_s_;
    r.bound_rps = bound_.bound_rps;
    r.bottleneck = bound_.bottleneck;
    auto ms = [](const Estimate& e) {
      return Estimate{e.value * 1e-6, e.ci95_halfwidth * 1e-6, e.batches};
    };
    r.mean_ms = ms(latency_.mean());
    r.p50_ms = ms(latency_.percentile(0.50));
    r.p90_ms = ms(latency_.percentile(0.90));
    r.p95_ms = ms(latency_.percentile(0.95));
    r.p99_ms = ms(latency_.percentile(0.99));
    r.p999_ms = ms(latency_.percentile(0.999));
    r.measured_requests = latency_.count();
    const double n = std::max<double>(1.0, static_cast<double>(r.measured_requests));
    for (int c = 0; c < kCategoryCount; ++c) {
      r.breakdown_ms[static_cast<std::size_t>(c)] =
          category_ns_[static_cast<std::size_t>(c)] / n * 1e-6;
    }
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      const StageRuntime& s = *stages_[i];
      r.stages.push_back(
          {s.spec().name, to_string(s.category()), stage_queue_ns_[i] / n * 1e-6,
           stage_service_ns_[i] / n * 1e-6,
           s.batches ? static_cast<double>(s.batched_items) / static_cast<double>(s.batches)
                     : 0.0});
    }
    r.has_fanout = std::any_of(stages_.begin(), stages_.end(), [](const auto& stage) {
      return stage->spec().op == StageOp::kFanout;
    });
    if (r.has_fanout && item_latency_.count() > 0) {
      r.items_per_request = fanout_parents_ > 0 ? static_cast<double>(fanout_items_) /
                                                      static_cast<double>(fanout_parents_)
                                                : 0.0;
      r.item_throughput_rps = items_completed_.per_s().value;
      r.item_mean_ms = ms(item_latency_.mean());
      r.item_p50_ms = ms(item_latency_.percentile(0.50));
      r.item_p99_ms = ms(item_latency_.percentile(0.99));
    }
    r.energy_j_per_request =
        r.completed_in_window > 0 ? r.energy_j / static_cast<double>(r.completed_in_window) : 0.0;
    r.events = engine_.events_processed();
    r.cost_usage = costs_.usage_summary();
    r.latency_histogram = latency_.histogram();
    return std::move(r);
  }

  const ServingConfig& config_;
  const CostModel& costs_;
  std::vector<ImageClass> classes_;
  Engine engine_;
  RngStream arrival_rng_;
  RngStream image_rng_;
  RngStream think_rng_;
  RngStream fanout_rng_;
  RngStream worker_run_rng_;  // each worker run's common draw (pools with run_share)
  SimTime warmup_end_ns_;
  SimTime end_ns_;
  std::vector<std::unique_ptr<StageRuntime>> stages_;
  std::vector<std::unique_ptr<ServerReplica>> replicas_;
  StaticBound bound_;
  double rate_per_s_ = 0;
  RingQueue<Request*> lb_waiting_;
  int next_server_ = 0;
  std::uint64_t next_id_ = 0;
  std::size_t recorded_requests_ = 0;
  BatchMeansRecorder latency_;
  std::vector<ItemCount> item_counts_;  // per stage; used at fan-outs
  std::uint64_t fanout_parents_ = 0;    // measured requests that reached a fan-out
  std::uint64_t fanout_items_ = 0;      // children they emitted
  WindowRate completed_;                // requests completed in the measured window
  WindowRate items_completed_;          // fan-out topologies: child items completed in it
  BatchMeansRecorder item_latency_;     // child items: parent's arrival to the item's completion
  std::array<double, kCategoryCount> category_ns_{};
  std::vector<double> stage_queue_ns_;
  std::vector<double> stage_service_ns_;
  ServingResult result_;
};

}  // namespace

ServingResult run_serving(const ServingConfig& config, const CostModel& costs) {
  config.validate();
  ServingSimulation simulation(config, costs);
  return simulation.run();
}

}  // namespace servesim::sim
