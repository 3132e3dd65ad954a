// SPDX-License-Identifier: Apache-2.0
#include "calib/validate/validate_command.hpp"

#include "calib/validate/live_measurement.hpp"
#include "calib/validate/scenario_args.hpp"
#include "calib/validate/stored_run.hpp"
#include "calib/validate/validation.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/serving_report.hpp"
#include "sim/cli/usage_error.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/results_store.hpp"

#include <chrono>
#include <iostream>

namespace servesim::calib {
namespace po = boost::program_options;

namespace {

po::options_description validate_options(std::string& db_path) {
  po::options_description options(
      "validate (prediction against measurement: --live runs the testbed, --measured RUN_ID reads "
      "a stored or imported run)");
  // clang-format off
  options.add_options()
      ("live", "measure the scenario now with the live testbed on this machine")
      ("measured", po::value<std::int64_t>(), "compare with this stored run (servesim export lists them)")
      ("seed", po::value<std::uint64_t>()->default_value(1), "run seed")
      ("db", po::value(&db_path)->default_value(db_path), "results SQLite file")
      ("json", "print one JSON object instead of a table");
  // clang-format on
  sim::add_serving_options(options);
  return options;
}

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  std::string db_path = "servesim-results.db";
  po::options_description options = validate_options(db_path);
  po::variables_map values;
  if (!sim::parse_command_line("validate", args, options, values)) return 0;
  const bool live = values.count("live") != 0;
  if (live == (values.count("measured") != 0)) {
    throw sim::UsageError("servesim validate: give exactly one of --live and --measured RUN_ID");
  }
  if (live && !values.count("topology")) {
    throw sim::UsageError("servesim validate --live: --topology is required");
  }
  sim::ResultsStore::check_writable(db_path);
  sim::ResultsStore store = sim::ResultsStore::open(db_path);

  std::int64_t measured_id = 0;
  if (live) {
    const sim::ServingConfig scenario = sim::serving_config_from(values);
    measured_id = store.write(measure_live(scenario));
    std::cerr << "servesim: stored the live run as run " << measured_id << " in " << db_path
              << "\n";
  } else {
    measured_id = values["measured"].as<std::int64_t>();
  }
  StoredRun measured;
  try {
    measured = read_stored_run(store.db(), db_path, measured_id);
  } catch (const std::runtime_error& e) {
    throw sim::UsageError(std::string("servesim validate --measured: ") + e.what());
  }
  if (measured.kind == "simulated") {
    throw sim::UsageError("servesim validate --measured: run " + std::to_string(measured_id) +
                          " is a simulated run; give a measured or imported one");
  }
  // Without --topology the prediction replays the measured run's own scenario.
  if (!values.count("topology")) {
    std::vector<std::string> replay;
    try {
      replay = scenario_args_from_config_json(measured.config_json);
    } catch (const std::invalid_argument& e) {
      throw sim::UsageError("servesim validate: run " + std::to_string(measured_id) + ": " +
                            e.what());
    }
    for (const std::string& a : args) replay.push_back(a);
    values = {};
    sim::parse_command_line("validate", replay, options, values);
  }
  const sim::ServingConfig scenario = sim::serving_config_from(values);
  const auto cost_files = values["costs"].as<std::vector<std::string>>();
  const sim::CostModel costs = sim::load_cost_model(cost_files);

  const auto started = std::chrono::steady_clock::now();
  const sim::ServingResult prediction = sim::run_serving(scenario, costs);
  sim::RunResult predicted =
      sim::serving_run_result(scenario, prediction, sim::describe_cost_sources(cost_files));
  predicted.provenance.command = "validate";
  predicted.provenance.tag = "prediction of run " + std::to_string(measured_id);
  predicted.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::int64_t predicted_id = store.write(predicted);

  const Validation validation = compare_runs(predicted, measured);
  store_validation(store.db(), validation, measured_id, predicted_id);
  if (values.count("json")) {
    std::cout << validation_json(validation, measured_id, predicted_id, scenario.to_json()) << "\n";
  } else {
    std::cout << scenario.topology.name << ": prediction (run " << predicted_id
              << ") against measurement (run " << measured_id << ")\n"
              << validation_table(validation);
  }
  std::cerr << "servesim: stored the prediction as run " << predicted_id
            << " and the comparison in table validations of " << db_path << "\n";
  return 0;
}

}  // namespace servesim::calib
