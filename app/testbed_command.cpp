// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/store/results_store.hpp"
#include "sim/topology/topology_parser.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "validate/testbed/load_generator.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include "validate/testbed/testbed_run.hpp"
#include <cstdio>
#include <iostream>
#include <sstream>

namespace servesim::app {
using namespace servesim::sim;
using namespace servesim::validate;
namespace {

std::string stage_table(const sim::ServingResult& r) {
  std::ostringstream out;
  char line[200];
  out << "  stages (mean per request, ms):\n";
  for (const sim::StageStats& s : r.stages) {
    std::snprintf(line, sizeof line, "    %-12s %-15s queue %8.3f  service %8.3f", s.name.c_str(),
                  s.category.c_str(), s.mean_queue_ms, s.mean_service_ms);
    out << line;
    if (s.mean_batch > 0) {
      std::snprintf(line, sizeof line, "  mean batch %.2f", s.mean_batch);
      out << line;
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace

int testbed_command(const std::vector<std::string>& args) {
  if (!args.empty() && args.front() == "loadgen-child") {
    return loadgen_child_main(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  namespace po = boost::program_options;
  TestbedConfig config;
  std::string db_path = "servesim-results.db";
  po::options_description options("testbed");
  // clang-format off
  options.add_options()
      ("topology", po::value(&config.topology_path), "server design, a DOT file (cpu and nic only)")
      ("set", po::value<std::vector<std::string>>()->default_value({}, "")->composing(),
       "override a topology attribute: node.attr=value (repeatable)")
      ("rate", sim::decimal_value(&config.rate_per_s, 0), "open loop: Poisson requests per second")
      ("concurrency", po::value(&config.concurrency)->default_value(0), "closed loop: concurrent clients")
      ("image", po::value(&config.images)->default_value(config.images),
       sim::image_option_help().c_str())
      ("duration-s", sim::decimal_value(&config.duration_s, config.duration_s),
       "seconds of sending")
      ("warmup-s", po::value(&config.warmup_s)->default_value(-1, "a tenth of --duration-s"),
       "excluded start, s")
      ("seed", po::value(&config.seed)->default_value(1), "run seed (arrivals, images, weights)")
      ("db", po::value(&db_path)->default_value(db_path), "results SQLite file")
      ("tag", po::value(&config.tag)->default_value(""), "label stored with the run")
      ("json", "print one JSON object instead of a table");
  // clang-format on
  po::variables_map values;
  if (!sim::parse_command_line("testbed", args, options, values)) return 0;
  try {
    for (const std::string& text : values["set"].as<std::vector<std::string>>()) {
      config.overrides.push_back(sim::AttributeOverride::parse(text));
    }
    config.validate();
  } catch (const sim::TopologyError& e) {
    throw sim::UsageError(std::string("servesim testbed: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw sim::UsageError(std::string("servesim testbed: ") + e.what());
  }
  try {
    // Refusals first, so a topology this machine cannot run starts nothing.
    plan_testbed(sim::read_topology(config.topology_path, config.overrides));
  } catch (const sim::TopologyError& e) {
    throw sim::UsageError(e.what());
  }
  sim::ResultsStore::check_writable(db_path);
  config.progress = [](const std::string& line) { std::cerr << line << std::endl; };
  const TestbedOutcome outcome = run_testbed_detailed(config);
  const std::int64_t run_id = sim::ResultsStore::open(db_path).write(outcome.run);
  if (values.count("json")) {
    auto j = nlohmann::ordered_json::parse(
        sim::serving_report_json(outcome.serving, outcome.summary, {}));
    j["kind"] = "measured";
    j["run_id"] = run_id;
    j["loadgen_cpu_s"] = outcome.loadgen_cpu_s;
    j["loadgen_cpu_cores"] = outcome.loadgen_cpu_s / config.duration_s;
    j["server_cpu_s"] = outcome.server_cpu_s;
    for (const sim::StageBatchOrder& order : outcome.batch_orders) {
      if (order.count.total() > 0)
        j[kBatchFirstShare + order.stage] = order.count.batch_first_share();
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "measured (live testbed): "
              << sim::serving_report_table(outcome.serving, outcome.summary)
              << stage_table(outcome.summary);
    std::printf("  cpu: load generator %.2f s (%.2f cores), server %.2f s\n", outcome.loadgen_cpu_s,
                outcome.loadgen_cpu_s / config.duration_s, outcome.server_cpu_s);
    for (const sim::StageBatchOrder& order : outcome.batch_orders) {
      if (order.count.total() == 0) continue;
      std::printf(
          "  %s: the next batch went ahead of the finished items %.2f of the time "
          "(batch_first_share)\n",
          order.stage.c_str(), order.count.batch_first_share());
    }
  }
  std::cerr << "servesim: stored as run " << run_id << " in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
