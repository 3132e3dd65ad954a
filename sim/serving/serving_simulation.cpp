// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/serving_simulation.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/serving/load_balancer.hpp"
#include "sim/serving/metrics_collector.hpp"
#include "sim/serving/request_flow.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/serving/stage_costs.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/serving/static_bound.hpp"
#include "sim/workload/arrival_process.hpp"

#include <algorithm>
#include <memory>

namespace servesim::sim {
namespace {

std::vector<std::unique_ptr<StageRuntime>> make_stages(const ServingConfig& config) {
  std::vector<std::unique_ptr<StageRuntime>> stages;
  for (std::size_t i = 0; i < config.topology.stages.size(); ++i) {
    stages.push_back(
        std::make_unique<StageRuntime>(config.topology, i, config.seed, config.replication));
  }
  return stages;
}

std::vector<std::unique_ptr<StageCosts>> make_stage_costs(
    const std::vector<std::unique_ptr<StageRuntime>>& stages, const CostContext& context) {
  std::vector<std::unique_ptr<StageCosts>> costs;
  for (const auto& stage : stages) costs.push_back(std::make_unique<StageCosts>(*stage, context));
  return costs;
}

std::vector<std::unique_ptr<ServerReplica>> make_replicas(
    Engine& engine, const Topology& topology,
    const std::vector<std::unique_ptr<StageCosts>>& stages) {
  std::vector<std::unique_ptr<ServerReplica>> replicas;
  for (int s = 0; s < topology.servers.count; ++s) {
    replicas.push_back(std::make_unique<ServerReplica>(engine, topology, stages));
  }
  return replicas;
}

/// One serving run: the engine, the random streams, the stages and server replicas, and the
/// parts that act on them (the load balancer, the request flow, the metrics), fed by an open-
/// or closed-loop workload.
class ServingSimulation {
 public:
  ServingSimulation(const ServingConfig& config, const CostModel& costs)
      : config_(config),
        classes_(config.images.classes()),
        arrival_rng_(config.seed, "arrivals"),
        image_rng_(config.seed, "images"),
        think_rng_(config.seed, "think"),
        fanout_rng_(config.seed, "fanout"),
        worker_run_rng_(config.seed, model_stream("worker_run", config.replication)),
        cost_context_{costs, classes_, config.cpu_speed, engine_},
        stages_(make_stages(config)),
        stage_costs_(make_stage_costs(stages_, cost_context_)),
        bound_(compute_static_bound(config.topology, stages_, config.images, costs)),
        rate_per_s_(config.load > 0 ? config.load * bound_.bound_rps : config.rate_per_s),
        replicas_(make_replicas(engine_, config.topology, stage_costs_)),
        balancer_(engine_, config.topology.servers, replicas_),
        metrics_(config, costs, classes_, stages_, replicas_),
        flow_(engine_, config.topology, stage_costs_, replicas_, balancer_, metrics_,
              FlowStreams{fanout_rng_, worker_run_rng_}) {}

  ServingResult run() {
    metrics_.schedule_window(engine_);
    if (config_.concurrency > 0) {
      for (int k = 0; k < config_.concurrency; ++k) closed_loop_client();
    } else {
      open_loop_source(make_arrivals());
    }
    // Runs until every request has finished: arrivals stop at the end of the window and the
    // backlog drains, so no request is censored and no coroutine is left suspended.
    engine_.run();
    return metrics_.result(bound_, config_.concurrency > 0 ? 0.0 : rate_per_s_,
                           engine_.events_processed());
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

  Process open_loop_source(std::unique_ptr<ArrivalProcess> arrivals) {
    Arrival a;
    while (arrivals->next(arrival_rng_, a)) {
      co_await engine_.delay(a.gap_ns);
      if (engine_.now() >= metrics_.end_ns()) break;
      open_loop_request(flow_.new_request(class_for(a)));
    }
  }

  Process open_loop_request(Request request) { co_await flow_.serve(request); }

  Process closed_loop_client() {
    const Distribution think = Distribution::exponential(std::max(config_.think_ms, 1e-9) * 1e6);
    while (engine_.now() < metrics_.end_ns()) {
      Request request = flow_.new_request(config_.images.sample(image_rng_));
      co_await flow_.serve(request);
      if (config_.think_ms > 0) co_await engine_.delay(duration_from_ns(think.sample(think_rng_)));
    }
  }

  const ServingConfig& config_;
  std::vector<ImageClass> classes_;  // the mix's classes; a trace adds its own as they come
  Engine engine_;
  RngStream arrival_rng_;
  RngStream image_rng_;
  RngStream think_rng_;
  RngStream fanout_rng_;
  RngStream worker_run_rng_;  // each worker run's common draw (pools with run_share)
  CostContext cost_context_;
  std::vector<std::unique_ptr<StageRuntime>> stages_;
  std::vector<std::unique_ptr<StageCosts>> stage_costs_;  // [stage], what its calls cost
  StaticBound bound_;
  double rate_per_s_ = 0;
  std::vector<std::unique_ptr<ServerReplica>> replicas_;
  LoadBalancer balancer_;
  MetricsCollector metrics_;
  RequestFlow flow_;
};

}  // namespace

ServingResult run_serving(const ServingConfig& config, const CostModel& costs) {
  config.validate();
  ServingSimulation simulation(config, costs);
  return simulation.run();
}

}  // namespace servesim::sim
