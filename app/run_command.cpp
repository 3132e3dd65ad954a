// SPDX-License-Identifier: Apache-2.0
// `servesim run experiments/X.ini`: a study, sweeps included, on every local core.
#include "app/commands.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/experiment/experiment_file.hpp"
#include "sim/experiment/serving_options.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace servesim::app {
using namespace servesim::sim;
namespace po = boost::program_options;
namespace {

struct PointRun {
  ServingConfig config;
  std::vector<std::string> cost_files;
  std::optional<ServingResult> result;
  double wall_time_s = 0;
  std::exception_ptr error;
};

po::options_description point_options() {
  po::options_description options("experiment keys");
  options.add_options()("seed", po::value<std::uint64_t>()->default_value(1), "run seed");
  add_serving_options(options);
  return options;
}

void print_headline_table(const ExperimentFile& file, const std::vector<PointRun>& runs) {
  std::size_t label_width = 28;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    label_width = std::max(label_width, file.point_label(i).size());
  }
  const int width = static_cast<int>(label_width);
  std::printf("%-*s %9s %9s %8s %8s |", width, "point", "offered", "tput", "p50 ms", "p99 ms");
  const char* const short_names[kCategoryCount] = {"net",   "queue", "prep",  "xfer",
                                                   "infer", "post",  "broker"};
  for (const char* name : short_names) std::printf("%7s", name);
  std::printf("\n");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const ServingResult& r = *runs[i].result;
    double total = 0;
    for (double ms : r.breakdown_ms) total += ms;
    std::printf("%-*s %9.1f %9.1f %8.2f %8.2f |", width, file.point_label(i).c_str(), r.offered_rps,
                r.throughput_rps, r.p50_ms.value, r.p99_ms.value);
    for (double ms : r.breakdown_ms) std::printf("%6.0f%%", total > 0 ? 100 * ms / total : 0.0);
    std::printf("\n");
  }
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  std::string experiment;
  std::string db_path = "servesim-results.db";
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  po::options_description options("run");
  options.add_options()("experiment", po::value(&experiment),
                        "experiment file (experiments/*.ini)")(
      "db", po::value(&db_path)->default_value(db_path), "results SQLite file")(
      "jobs", po::value(&jobs)->default_value(jobs), "points simulated at once")(
      "json", "print one JSON array, one object per point");
  po::variables_map values;
  po::positional_options_description positional;
  positional.add("experiment", 1);
  if (!parse_command_line("run", args, options, values, &positional)) return 0;
  if (experiment.empty())
    throw UsageError("servesim run: name an experiment file, e.g. experiments/breakdown.ini");

  const po::options_description keys = point_options();
  const ExperimentFile file = ExperimentFile::read(experiment, keys);
  std::vector<PointRun> runs(file.point_count());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    po::variables_map point;
    try {
      po::store(po::command_line_parser(file.point_args(i)).options(keys).run(), point);
      po::notify(point);
    } catch (const po::error& e) {
      throw UsageError(experiment + ": point '" + file.point_label(i) + "': " + e.what());
    }
    try {
      runs[i].config = serving_config_from(point);
    } catch (const UsageError& e) {
      throw UsageError(experiment + ": point '" + file.point_label(i) + "': " + e.what());
    }
    runs[i].cost_files = point["costs"].as<std::vector<std::string>>();
  }
  ResultsStore::check_writable(db_path);

  // Points are independent: each worker takes the next one; results are stored in file order.
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex progress;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  auto worker = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) {
      PointRun& run = runs[i];
      const auto started = std::chrono::steady_clock::now();
      try {
        const CostModel costs = load_cost_model(run.cost_files);
        run.result = run_serving(run.config, costs);
      } catch (...) {
        run.error = std::current_exception();
      }
      run.wall_time_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (terminal) {
        std::lock_guard lock(progress);
        std::fprintf(stderr, "\r[%zu/%zu] %s        ", ++done, runs.size(),
                     file.point_label(i).c_str());
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < std::min<std::size_t>(jobs, runs.size()); ++t)
    threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  if (terminal) std::fprintf(stderr, "\n");

  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].error) {
      try {
        std::rethrow_exception(runs[i].error);
      } catch (const std::exception& e) {
        // The point ran and failed: a run failure (exit 1), not a mistake in the file.
        throw std::runtime_error(experiment + ": point '" + file.point_label(i) + "': " + e.what());
      }
    }
  }
  ResultsStore store = ResultsStore::open(db_path);
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunResult row = serving_run_result(runs[i].config, *runs[i].result,
                                       describe_cost_sources(runs[i].cost_files));
    row.provenance.command = "run " + experiment;
    row.provenance.tag = file.name + ": " + file.point_label(i);
    row.wall_time_s = runs[i].wall_time_s;
    store.write(row);
    nlohmann::ordered_json point = nlohmann::ordered_json::parse(
        serving_report_json(runs[i].config, *runs[i].result, runs[i].cost_files));
    point["point"] = file.point_label(i);
    all.push_back(point);
  }
  if (values.count("json")) {
    std::cout << all.dump(2) << "\n";
  } else {
    std::cout << file.name << " (" << runs.size() << " points, " << experiment << ")\n";
    print_headline_table(file, runs);
  }
  std::cerr << "servesim: stored " << runs.size() << " runs in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
