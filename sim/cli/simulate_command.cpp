// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/command_line.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/queue_report.hpp"
#include "sim/cli/serving_report.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/results_store.hpp"

#include <chrono>
#include <iostream>

namespace servesim::sim {
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

ServingConfig serving_config_from(const po::variables_map& values) {
  ServingConfig config;
  try {
    for (const std::string& text : values["set"].as<std::vector<std::string>>()) {
      config.overrides.push_back(AttributeOverride::parse(text));
    }
    config.images = ImageMix::parse(values["image"].as<std::string>());
    config.arrival = values["arrival"].as<std::string>();
    config.rate_per_s = values["rate"].as<double>();
    config.load = values["load"].as<double>();
    config.on_s = values["on-s"].as<double>();
    config.off_s = values["off-s"].as<double>();
    config.trace_path = values["trace"].as<std::string>();
    config.speedup = values["speedup"].as<double>();
    config.concurrency = values["concurrency"].as<int>();
    config.think_ms = values["think-ms"].as<double>();
    config.duration_s = values["duration-s"].as<double>();
    config.warmup_s = values["warmup-s"].as<double>();
    config.seed = values["seed"].as<std::uint64_t>();
    // Read signed: an unsigned option would take -1 as 4294967295 without a word.
    const int replication = values["replication"].as<int>();
    if (replication < 0) {
      throw std::invalid_argument("--replication must be 0 (the seed's own draws) or more, got " +
                                  std::to_string(replication));
    }
    config.replication = static_cast<std::uint32_t>(replication);
    config.record_requests = values["record-requests"].as<std::size_t>();
    if (const auto& path = values["cpu-speed-trace"].as<std::string>(); !path.empty()) {
      config.cpu_speed = SpeedTrace::read_csv(path);
    }
    config.validate();
  } catch (const std::invalid_argument& e) {
    // No command in the message: run, validate and testbed read these options too, and main
    // names the command.
    throw UsageError(e.what());
  } catch (const TopologyError& e) {
    throw UsageError(e.what());
  }
  try {
    config.topology = read_topology(values["topology"].as<std::string>(), config.overrides);
  } catch (const TopologyError& e) {
    throw UsageError(e.what());
  }
  return config;
}

void add_serving_options(po::options_description& options) {
  using Strings = std::vector<std::string>;
  // clang-format off
  options.add_options()
      ("topology", po::value<std::string>(), "server design, a DOT file (topologies/*.dot)")
      ("set", po::value<Strings>()->default_value({}, "")->composing(),
       "override a topology attribute: node.attr=value (repeatable)")
      ("rate", decimal_value(0), "open loop: arrivals per second")
      ("load", decimal_value(0),
       "open loop: arrival rate as a fraction of the static bound (instead of --rate)")
      ("arrival", po::value<std::string>()->default_value("poisson"),
       "open loop: poisson | constant | onoff | trace")
      ("on-s", decimal_value(1), "onoff: mean on period, s")
      ("off-s", decimal_value(1), "onoff: mean off period, s")
      ("trace", po::value<std::string>()->default_value(""),
       "trace: CSV timestamp_s,width,height,bytes")
      ("speedup", decimal_value(1), "trace: replay this many times faster")
      ("concurrency", po::value<int>()->default_value(0), "closed loop: concurrent clients")
      ("think-ms", decimal_value(0), "closed loop: mean think time, ms")
      ("image", po::value<std::string>()->default_value("small"), image_option_help().c_str())
      ("duration-s", decimal_value(10), "simulated seconds of arrivals")
      ("warmup-s", po::value<double>()->default_value(-1, "a tenth of --duration-s"),
       "excluded start, s")
      ("costs", po::value<Strings>()->default_value({}, "")->composing(),
       "cost database(s) layered over the shipped defaults (repeatable)")
      ("cpu-speed-trace", po::value<std::string>()->default_value(""),
       "CSV time_s,factor: the cpu pools' calls take this factor times their cost-table time "
       "from each time on (a VM's measured speed drift)")
      ("replication", po::value<int>()->default_value(0),
       "draw the service times and wake-ups from replication K's streams of the seed; the "
       "workload (arrivals, images, fan-out counts, think times) stays the seed's")
      ("record-requests", po::value<std::size_t>()->default_value(0),
       "store per-request and per-stage records of the first N measured requests");
  // clang-format on
}

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

}  // namespace servesim::sim
