// SPDX-License-Identifier: Apache-2.0
#include "sim/queueing/classic_queue.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/resource.hpp"
#include "sim/queueing/queue_formulas.hpp"
#include "sim/random/distribution.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace servesim::sim {
namespace {

Distribution service_distribution(const QueueConfig& c) {
  const double mean_ns = c.mean_service_ms * 1e6;
  switch (c.kind) {
    case QueueKind::kMD1:
      return Distribution::deterministic(mean_ns);
    case QueueKind::kMG1:
      return Distribution::lognormal(mean_ns, c.service_cv);
    default:
      return Distribution::exponential(mean_ns);
  }
}

struct QueueRun {
  explicit QueueRun(const QueueConfig& c)
      : config(c),
        server(engine, "server", c.servers),
        arrival_rng(c.seed, "arrivals"),
        service_rng(c.seed, "service"),
        interarrival(Distribution::exponential(c.mean_service_ms * 1e6 / (c.rho * c.servers))),
        service(service_distribution(c)) {}

  const QueueConfig& config;
  Engine engine;
  Resource server;
  RngStream arrival_rng;
  RngStream service_rng;
  Distribution interarrival;
  Distribution service;
  BatchMeansRecorder waits;
  BatchMeansRecorder sojourns;
  SimTime window_start_ns = 0;
  SimTime window_end_ns = 0;
  double mean_in_system = 0.0;
  double utilization = 0.0;
};

Process customer(QueueRun& run, std::uint64_t index) {
  const SimTime arrived_ns = run.engine.now();
  // Drawn at arrival, in arrival order: variants that share a seed share service times.
  const SimDuration service_ns = duration_from_ns(run.service.sample(run.service_rng));
  co_await run.server.acquire();
  const SimTime started_ns = run.engine.now();
  co_await run.engine.delay(service_ns);
  run.server.release();
  if (index >= run.config.warmup_customers) {
    run.waits.record(started_ns - arrived_ns);
    run.sojourns.record(run.engine.now() - arrived_ns);
  }
}

Process arrivals(QueueRun& run) {
  for (std::uint64_t i = 0; i < run.config.customers; ++i) {
    co_await run.engine.delay(duration_from_ns(run.interarrival.sample(run.arrival_rng)));
    if (i == run.config.warmup_customers) {
      run.server.reset_statistics();
      run.window_start_ns = run.engine.now();
    }
    customer(run, i);
  }
  // The measured window closes at the last arrival, so Little's law compares like with like.
  run.window_end_ns = run.engine.now();
  run.utilization = run.server.utilization();
  run.mean_in_system =
      run.server.utilization() * run.config.servers + run.server.mean_queue_length();
}

double ns_to_ms(double ns) { return ns * 1e-6; }

Estimate estimate_ms(const Estimate& ns) {
  return Estimate{ns_to_ms(ns.value), ns_to_ms(ns.ci95_halfwidth), ns.batches};
}

}  // namespace

QueueKind parse_queue_kind(const std::string& text) {
  if (text == "mm1") return QueueKind::kMM1;
  if (text == "mmc") return QueueKind::kMMc;
  if (text == "md1") return QueueKind::kMD1;
  if (text == "mg1") return QueueKind::kMG1;
  throw std::invalid_argument("--queue: unknown queue '" + text + "'; use mm1, mmc, md1 or mg1");
}

std::string to_string(QueueKind kind) {
  switch (kind) {
    case QueueKind::kMM1:
      return "mm1";
    case QueueKind::kMMc:
      return "mmc";
    case QueueKind::kMD1:
      return "md1";
    case QueueKind::kMG1:
      return "mg1";
  }
  return "?";
}

void QueueConfig::validate() const {
  if (!(rho > 0 && rho < 1)) {
    throw std::invalid_argument("--rho must be in (0, 1) for a stable queue; got " +
                                std::to_string(rho));
  }
  if (servers < 1) throw std::invalid_argument("--servers must be at least 1");
  if (kind != QueueKind::kMMc && servers != 1) {
    throw std::invalid_argument("--servers applies to --queue mmc only; " + to_string(kind) +
                                " has one server");
  }
  if (!(mean_service_ms > 0)) throw std::invalid_argument("--service-ms must be > 0");
  if (kind == QueueKind::kMG1 && !(service_cv > 0)) {
    throw std::invalid_argument("--service-cv must be > 0 for mg1");
  }
  if (customers < 10) throw std::invalid_argument("--customers must be at least 10");
  if (warmup_customers >= customers) {
    throw std::invalid_argument("--warmup-customers must be fewer than --customers");
  }
}

std::string QueueConfig::to_json() const {
  nlohmann::ordered_json j;
  j["queue"] = to_string(kind);
  j["servers"] = servers;
  j["rho"] = rho;
  j["mean_service_ms"] = mean_service_ms;
  j["service_cv"] = kind == QueueKind::kMG1 ? service_cv : (kind == QueueKind::kMD1 ? 0.0 : 1.0);
  j["customers"] = customers;
  j["warmup_customers"] = warmup_customers;
  j["seed"] = seed;
  return j.dump();
}

double analytic_mean_wait_ms(const QueueConfig& c) {
  switch (c.kind) {
    case QueueKind::kMM1:
      return mm1_mean_wait(c.rho, c.mean_service_ms);
    case QueueKind::kMMc:
      return mmc_mean_wait(c.servers, c.rho, c.mean_service_ms);
    case QueueKind::kMD1:
      return md1_mean_wait(c.rho, c.mean_service_ms);
    case QueueKind::kMG1:
      return mg1_mean_wait(c.rho, c.mean_service_ms, c.service_cv);
  }
  return 0;
}

QueueResult run_queue(const QueueConfig& config) {
  config.validate();
  QueueRun run(config);
  arrivals(run);
  run.engine.run();

  QueueResult r;
  r.customers_measured = run.sojourns.count();
  r.mean_wait_ms = estimate_ms(run.waits.mean());
  r.mean_sojourn_ms = estimate_ms(run.sojourns.mean());
  r.p50_sojourn_ms = estimate_ms(run.sojourns.percentile(0.50));
  r.p99_sojourn_ms = estimate_ms(run.sojourns.percentile(0.99));
  r.analytic_mean_wait_ms = analytic_mean_wait_ms(config);
  r.utilization = run.utilization;
  const double window_s = to_s(run.window_end_ns - run.window_start_ns);
  const double arrival_rate_per_s =
      window_s > 0 ? static_cast<double>(r.customers_measured) / window_s : 0;
  r.mean_in_system = run.mean_in_system;
  r.arrival_rate_times_sojourn = arrival_rate_per_s * r.mean_sojourn_ms.value * 1e-3;
  r.throughput_per_s = arrival_rate_per_s;
  r.simulated_s = to_s(run.engine.now());
  r.events = run.engine.events_processed();
  r.sojourn_histogram = run.sojourns.histogram();
  return r;
}

}  // namespace servesim::sim
