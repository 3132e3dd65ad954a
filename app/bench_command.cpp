// SPDX-License-Identifier: Apache-2.0
// Speed figures, printed and never asserted (these machines are noisy).
#include "app/commands.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/engine/engine.hpp"
#include "sim/queueing/classic_queue.hpp"
#include "sim/random/distribution.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/util/command_line.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace servesim::app {
using namespace servesim::sim;
namespace po = boost::program_options;
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Peak resident set of this process so far (VmHWM), in MB.
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
  }
  return 0;
}

/// The classic hold model: `pending` events in the calendar; each one that fires schedules one
/// more an exponential time later, so the calendar size stays fixed.
struct HoldModel {
  Engine engine;
  RngStream rng{42, "hold"};
  Distribution gap = Distribution::exponential(1e6);
  std::uint64_t remaining = 0;

  static void fire(void* ctx, std::uint64_t /*arg*/) {
    auto& self = *static_cast<HoldModel*>(ctx);
    if (self.remaining == 0) return;
    --self.remaining;
    self.engine.schedule_in(duration_from_ns(self.gap.sample(self.rng)), &fire, ctx);
  }
};

double hold_events_per_s(std::size_t pending, std::uint64_t events) {
  HoldModel model;
  model.engine.reserve_events(pending);
  for (std::size_t i = 0; i < pending; ++i) {
    model.engine.schedule_in(duration_from_ns(model.gap.sample(model.rng)), &HoldModel::fire,
                             &model);
  }
  model.remaining = events;
  const auto start = std::chrono::steady_clock::now();
  model.engine.run();
  return static_cast<double>(model.engine.events_processed()) / seconds_since(start);
}

}  // namespace

int bench_command(const std::vector<std::string>& args) {
  std::uint64_t mm1_customers = 20'000'000;
  std::uint64_t hold_events = 20'000'000;
  std::string topologies = "topologies";
  double serving_s = 600;
  po::options_description options("bench");
  // clang-format off
  options.add_options()
      ("mm1-customers", po::value(&mm1_customers)->default_value(mm1_customers),
       "customers in the M/M/1 run (100000000 for the memory target)")
      ("hold-events", po::value(&hold_events)->default_value(hold_events),
       "events fired in each hold-model run")
      ("topologies", po::value(&topologies)->default_value(topologies),
       "folder holding cpu_preproc_1gpu.dot and cpu_preproc_4gpu.dot")
      ("serving-s", po::value(&serving_s)->default_value(serving_s),
       "simulated seconds of each serving run (at 90% of its bound)")
      ("json", "print one JSON object");
  // clang-format on
  po::variables_map values;
  if (!parse_command_line("bench", args, options, values)) return 0;

  // M/M/1 first, so that its peak RSS is not the hold model's million-event calendar.
  QueueConfig mm1;
  mm1.rho = 0.8;
  mm1.customers = mm1_customers;
  mm1.warmup_customers = mm1_customers / 10;
  auto start = std::chrono::steady_clock::now();
  const QueueResult r = run_queue(mm1);
  const double mm1_s = seconds_since(start);
  const double mm1_rss_mb = peak_rss_mb();

  const double hold_1k = hold_events_per_s(1'000, hold_events);
  const double hold_1m = hold_events_per_s(1'000'000, hold_events);

  nlohmann::ordered_json j;
  for (const char* name : {"cpu_preproc_1gpu", "cpu_preproc_4gpu"}) {
    const std::string path = topologies + "/" + name + ".dot";
    if (!std::filesystem::exists(path)) {
      std::cerr << "servesim bench: " << path << " not found; skipping the serving figures\n";
      continue;
    }
    ServingConfig config;
    config.topology = read_topology(path);
    config.load = 0.9;
    config.duration_s = serving_s;
    const CostModel costs = load_cost_model({});
    start = std::chrono::steady_clock::now();
    const ServingResult served = run_serving(config, costs);
    const double wall_s = seconds_since(start);
    const auto requests = static_cast<double>(served.measured_requests) / 0.9;  // warm-up too
    j[std::string(name) + "_requests_per_s"] = requests / wall_s;
    j[std::string(name) + "_events_per_request"] = static_cast<double>(served.events) / requests;
  }
  j["hold_1k_events_per_s"] = hold_1k;
  j["hold_1m_events_per_s"] = hold_1m;
  j["mm1_customers"] = mm1_customers;
  j["mm1_customers_per_s"] = static_cast<double>(mm1_customers) / mm1_s;
  j["mm1_events_per_s"] = static_cast<double>(r.events) / mm1_s;
  j["mm1_peak_rss_mb"] = mm1_rss_mb;
  if (values.count("json")) {
    std::cout << j.dump() << "\n";
  } else {
    for (const char* name : {"cpu_preproc_1gpu", "cpu_preproc_4gpu"}) {
      const std::string key = std::string(name) + "_requests_per_s";
      if (j.contains(key)) {
        std::printf("serving, %s: %8.2f M requests/s\n", name, j[key].get<double>() / 1e6);
      }
    }
    std::printf("hold model, 1k pending:   %8.2f M events/s\n", hold_1k / 1e6);
    std::printf("hold model, 1M pending:   %8.2f M events/s\n", hold_1m / 1e6);
    std::printf("M/M/1 (%llu customers): %8.2f M customers/s, peak RSS %.1f MB\n",
                static_cast<unsigned long long>(mm1_customers),
                static_cast<double>(mm1_customers) / mm1_s / 1e6, mm1_rss_mb);
  }
  return 0;
}

}  // namespace servesim::app
