// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/command_line.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/queue_report.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/store/results_store.hpp"

#include <chrono>
#include <iostream>

namespace servesim::sim {
namespace po = boost::program_options;

int simulate_command(const std::vector<std::string>& args) {
  QueueConfig config;
  std::string queue = "mm1";
  std::string db_path = "servesim-results.db";
  std::uint64_t warmup = 0;
  po::options_description options("simulate (classic queues)");
  options.add_options()("queue", po::value(&queue)->default_value(queue), "mm1 | mmc | md1 | mg1")(
      "rho", po::value(&config.rho)->default_value(config.rho),
      "per-server utilisation, in (0, 1)")(
      "servers", po::value(&config.servers)->default_value(config.servers), "servers (mmc)")(
      "service-ms", po::value(&config.mean_service_ms)->default_value(config.mean_service_ms),
      "mean service time in ms")("service-cv",
                                 po::value(&config.service_cv)->default_value(config.service_cv),
                                 "coefficient of variation of lognormal service (mg1)")(
      "customers", po::value(&config.customers)->default_value(config.customers),
      "customers to simulate, warm-up included")(
      "warmup-customers", po::value(&warmup),
      "customers excluded from statistics (default: a tenth of --customers)")(
      "seed", po::value(&config.seed)->default_value(config.seed), "run seed")(
      "db", po::value(&db_path)->default_value(db_path), "results SQLite file")(
      "json", "print one JSON object instead of a table");
  po::variables_map values;
  if (!parse_command_line("simulate", args, options, values)) return 0;

  try {
    config.kind = parse_queue_kind(queue);
    config.warmup_customers = values.count("warmup-customers") ? warmup : config.customers / 10;
    config.validate();
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("servesim simulate: ") + e.what());
  }
  // Open the store first: a bad path fails before the run, not after it.
  ResultsStore store = ResultsStore::open(db_path);

  const auto started = std::chrono::steady_clock::now();
  const QueueResult result = run_queue(config);
  RunResult row = queue_run_result(config, result);
  row.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::int64_t run_id = store.write(row);

  std::cout << (values.count("json") ? queue_report_json(config, result) + "\n"
                                     : queue_report_table(config, result));
  std::cerr << "servesim: stored as run " << run_id << " in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::sim
