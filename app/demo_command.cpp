// SPDX-License-Identifier: Apache-2.0
// The main job until the serving model lands: the engine against queueing theory, four queues.
#include "app/commands.hpp"
#include "sim/report/queue_report.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace servesim::app {
using namespace servesim::sim;
namespace po = boost::program_options;

int demo_command(const std::vector<std::string>& args) {
  std::string db_path = "servesim-results.db";
  std::uint64_t customers = 2'000'000;
  std::uint64_t seed = 1;
  po::options_description options("demo");
  options.add_options()("customers", po::value(&customers)->default_value(customers),
                        "customers per queue")("seed", po::value(&seed)->default_value(seed),
                                               "run seed")(
      "db", po::value(&db_path)->default_value(db_path), "results SQLite file");
  po::variables_map values;
  if (!parse_command_line("demo", args, options, values)) return 0;
  ResultsStore store = ResultsStore::open(db_path);

  struct Case {
    QueueKind kind;
    int servers;
    double cv;
  };
  const Case cases[] = {{QueueKind::kMM1, 1, 1.0},
                        {QueueKind::kMMc, 4, 1.0},
                        {QueueKind::kMD1, 1, 0.0},
                        {QueueKind::kMG1, 1, 2.0}};
  std::printf("%-5s %3s %5s %14s %16s %14s %9s %10s\n", "queue", "c", "rho", "sim wait ms",
              "95% CI +/- ms", "theory ms", "error", "p99 ms");
  for (const Case& c : cases) {
    for (double rho : {0.5, 0.8, 0.9}) {
      QueueConfig config;
      config.kind = c.kind;
      config.servers = c.servers;
      config.service_cv = c.cv;
      config.rho = rho;
      config.customers = customers;
      config.warmup_customers = customers / 10;
      config.seed = seed;
      const auto started = std::chrono::steady_clock::now();
      const QueueResult r = run_queue(config);
      RunResult row = queue_run_result(config, r);
      row.provenance.tag = "demo";
      row.wall_time_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      store.write(row);
      std::printf("%-5s %3d %5.2f %14.4f %16.4f %14.4f %+8.2f%% %10.3f\n",
                  to_string(c.kind).c_str(), c.servers, rho, r.mean_wait_ms.value,
                  r.mean_wait_ms.ci95_halfwidth, r.analytic_mean_wait_ms,
                  100 * (r.mean_wait_ms.value / r.analytic_mean_wait_ms - 1),
                  r.p99_sojourn_ms.value);
    }
  }
  std::cout << "results stored in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
