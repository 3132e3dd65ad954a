// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/experiment/serving_options.hpp"
#include "sim/report/queue_report.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <chrono>
#include <iostream>

namespace servesim::app {
using namespace servesim::sim;
namespace po = boost::program_options;
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int simulate_queue(const po::variables_map& values, QueueConfig config,
                   const std::string& db_path) {
  try {
    config.kind = parse_queue_kind(values["queue"].as<std::string>());
    config.warmup_customers = values.count("warmup-customers")
                                  ? values["warmup-customers"].as<std::uint64_t>()
                                  : config.customers / 10;
    config.validate();
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("servesim simulate: ") + e.what());
  }
  // A bad path fails before the run; the file is created only when there is a result to write.
  ResultsStore::check_writable(db_path);
  const auto started = std::chrono::steady_clock::now();
  const QueueResult result = run_queue(config);
  RunResult row = queue_run_result(config, result);
  row.wall_time_s = seconds_since(started);
  const std::int64_t run_id = ResultsStore::open(db_path).write(row);
  std::cout << (values.count("json") ? queue_report_json(config, result) + "\n"
                                     : queue_report_table(config, result));
  std::cerr << "servesim: stored as run " << run_id << " in " << db_path << "\n";
  return 0;
}

}  // namespace

int simulate_command(const std::vector<std::string>& args) {
  QueueConfig queue;
  std::string db_path = "servesim-results.db";
  po::options_description queue_options("classic queue (without --topology)");
  // clang-format off
  queue_options.add_options()
      ("queue", po::value<std::string>()->default_value("mm1"), "classic queue: mm1 | mmc | md1 | mg1")
      ("rho", decimal_value(&queue.rho, queue.rho), "queue: per-server utilisation, in (0, 1)")
      ("servers", po::value(&queue.servers)->default_value(queue.servers), "queue: servers (mmc)")
      ("service-ms", decimal_value(&queue.mean_service_ms, queue.mean_service_ms),
       "queue: mean service time in ms")
      ("service-cv", decimal_value(&queue.service_cv, queue.service_cv),
       "queue: coefficient of variation of lognormal service (mg1)")
      ("customers", po::value(&queue.customers)->default_value(queue.customers),
       "queue: customers to simulate, warm-up included")
      ("warmup-customers", po::value<std::uint64_t>(),
       "queue: customers excluded from statistics (default: a tenth of --customers)");
  po::options_description scenario_options("serving scenario (with --topology)");
  add_serving_options(scenario_options);
  po::options_description run_options("run and output");
  run_options.add_options()
      ("seed", po::value<std::uint64_t>()->default_value(1), "run seed")
      ("db", po::value(&db_path)->default_value(db_path), "results SQLite file")
      ("json", "print one JSON object (2-space indent) instead of a table");
  // clang-format on
  po::options_description options("simulate");
  options.add(scenario_options).add(queue_options).add(run_options);
  po::variables_map values;
  if (!parse_command_line("simulate", args, options, values)) return 0;
  queue.seed = values["seed"].as<std::uint64_t>();
  if (!values.count("topology")) return simulate_queue(values, queue, db_path);

  const ServingConfig config = serving_config_from(values);
  const auto cost_files = values["costs"].as<std::vector<std::string>>();
  const CostModel costs = load_cost_model(cost_files);
  ResultsStore::check_writable(db_path);
  const auto started = std::chrono::steady_clock::now();
  const ServingResult result = run_serving(config, costs);
  RunResult row = serving_run_result(config, result, describe_cost_sources(cost_files));
  row.wall_time_s = seconds_since(started);
  const std::int64_t run_id = ResultsStore::open(db_path).write(row);
  std::cout << (values.count("json") ? serving_report_json(config, result, cost_files) + "\n"
                                     : serving_report_table(config, result));
  std::cerr << "servesim: stored as run " << run_id << " in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
