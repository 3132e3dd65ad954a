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
#include "sim/workload/arrival_process.hpp"

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
        warmup_end_ns_(duration_from_s(config.effective_warmup_s())),
        end_ns_(duration_from_s(config.duration_s)) {
    for (std::size_t i = 0; i < config.topology.stages.size(); ++i) {
      stages_.push_back(std::make_unique<StageRuntime>(config.topology, i, config.seed));
    }
    bound_ = compute_static_bound(config.topology, stages_, config.images, costs);
    rate_per_s_ = config.load > 0 ? config.load * bound_.bound_rps : config.rate_per_s;
    for (int s = 0; s < config.topology.servers.count; ++s) {
      replicas_.push_back(std::make_unique<ServerReplica>(
          engine_, config.topology, stages_, [this](StageRuntime& stage) {
            return [this, &stage](const std::vector<Request*>& batch) {
              return stage.sample(costs_, classes_, batch.front()->class_index,
                                  static_cast<int>(batch.size()));
            };
          }));
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
    Resource* held = nullptr;  // consecutive stages on one unit run back to back on it
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      StageRuntime& stage = *stages_[i];
      if (stage.per_gpu() && req.gpu < 0) req.gpu = replica.route_gpu();
      const SimTime enter_ns = engine_.now();
      SimTime start_ns;
      int batch_size = 1;
      if (stage.batched()) {
        if (held != nullptr) held->release();
        held = nullptr;
        co_await replica.batcher(i, req.gpu).run(&req);
        start_ns = req.batch_start_ns;
        batch_size = req.batch_size;
      } else {
        Resource& unit = replica.unit(i, req.gpu);
        if (held != &unit) {
          if (held != nullptr) held->release();
          co_await unit.acquire();
          held = &unit;
        }
        start_ns = engine_.now();
        co_await engine_.delay(stage.sample(costs_, classes_, req.class_index, 1));
        // A transfer's latency holds nothing; the next stage queues afresh after it.
        if (stage.transfer_latency_ns() > 0) {
          held->release();
          held = nullptr;
          co_await engine_.delay(stage.transfer_latency_ns());
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
    if (held != nullptr) held->release();
    finish(req, replica, record);
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
      if (config_.topology.servers.policy == RoutePolicy::kRoundRobin) {
        best = s;
        break;
      }
      if (best < 0 || better_server(r, *replicas_[static_cast<std::size_t>(best)])) best = s;
    }
    if (best >= 0 && config_.topology.servers.policy == RoutePolicy::kRoundRobin) {
      next_server_ = (best + 1) % count;
    }
    return best;
  }

  bool better_server(const ServerReplica& a, const ServerReplica& b) const {
    if (config_.topology.servers.policy == RoutePolicy::kJoinShortestQueue) {
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
    if (now >= warmup_end_ns_ && now <= end_ns_) ++result_.completed_in_window;
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
    for (const auto& stage : sim.stages_) hosts[pool_name(*stage)] = &stage->host();
    const double window_s = to_s(sim.end_ns_ - sim.warmup_end_ns_);
    for (const std::string& pool : sim.replicas_.front()->pool_order()) {
      const auto& [used, available] = busy[pool];
      const double utilization = available > 0 ? used / available : 0.0;
      sim.result_.utilization.emplace_back(pool, utilization);
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
    r.throughput_rps = static_cast<double>(r.completed_in_window) / window_s;
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
