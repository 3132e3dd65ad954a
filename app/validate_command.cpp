// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/experiment/experiment_file.hpp"
#include "sim/experiment/serving_options.hpp"
#include "sim/report/metric_names.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <nlohmann/json.hpp>

#include "validate/validation/live_measurement.hpp"
#include "validate/validation/point_predictions.hpp"
#include "validate/validation/scenario_args.hpp"
#include "validate/validation/stored_run.hpp"
#include "validate/validation/validation.hpp"
#include <cstdio>
#include <iostream>
#include <optional>

namespace servesim::app {
using namespace servesim::sim;
using namespace servesim::validate;
namespace po = boost::program_options;

namespace {

po::options_description validate_options(std::string& db_path, std::string& experiment) {
  po::options_description options(
      "validate (prediction against measurement: --live runs the testbed, --measured RUN_ID reads "
      "a stored or imported run)");
  // clang-format off
  options.add_options()
      ("live", "measure the scenario now with the live testbed on this machine")
      ("measured", po::value<std::int64_t>(), "compare with this stored run (servesim export lists them)")
      ("experiment", po::value(&experiment),
       "with --live: every point of an experiment file (experiments/validation/*.ini)")
      ("seed", po::value<std::uint64_t>()->default_value(1), "run seed")
      ("db", po::value(&db_path)->default_value(db_path), "results SQLite file")
      ("replay", "also predict the live or stored testbed run three times more, from its cpu "
                 "stage calls: with the cost tables at the machine's speed during its warm-up "
                 "(one factor, what a probe right before the measured window knows); at its "
                 "speed during the run, window by window (read from its calls against the "
                 "tables), which takes the machine's drift out of the error; and from its own "
                 "calls (a cost table made of them, as calibrate --backend testbed makes one) "
                 "and speed, which leaves the serving model's own error")
      ("replications", po::value<int>()->default_value(1),
       "run each prediction this many times over the same workload, each replication drawing "
       "its service times from its own streams, and compare their mean (with its 95% interval) "
       "with the measurement")
      ("json", "print one JSON object (one per line with --experiment) instead of a table");
  // clang-format on
  sim::add_serving_options(options);
  return options;
}

/// Clients that keep any of the shipped live topologies busy all the time.
constexpr int kSaturationClients = 32;
/// Enough for a tight interval; each replication is a stored run.
constexpr int kMaxReplications = 100;

/// A live point: the prediction first (it turns --load into the rate the testbed sends), then
/// the measurement of the same scenario.
PointOutcome validate_live(sim::ResultsStore& store, const std::string& db_path,
                           sim::ServingConfig scenario, const std::vector<std::string>& cost_files,
                           bool replay, int replications) {
  const sim::CostModel costs = sim::load_cost_model(cost_files);
  if (scenario.load > 0 && scenario.concurrency == 0) {
    // --load is a fraction of the modelled capacity: the throughput the model predicts for a
    // server that is never idle (closed loop, many clients). It includes batching as it happens
    // and co-run costs, which the static bound (an upper bound) leaves out.
    sim::ServingConfig saturated = scenario;
    saturated.load = 0;
    saturated.rate_per_s = 0;
    saturated.concurrency = kSaturationClients;
    const double capacity_rps = sim::run_serving(saturated, costs).throughput_rps;
    std::cerr << "servesim validate: modelled capacity " << capacity_rps << " req/s; load "
              << scenario.load << " sends " << scenario.load * capacity_rps << " req/s\n";
    scenario.rate_per_s = scenario.load * capacity_rps;
    scenario.load = 0;
  }
  const sim::RunResult measured = measure_live(scenario);
  const std::int64_t measured_id = store.write(measured);
  std::cerr << "servesim: stored the live run as run " << measured_id << " in " << db_path << "\n";
  const StoredRun stored = read_stored_run(store.db(), db_path, measured_id);
  PointOutcome out;
  out.scenario = scenario;
  out.measured_id = measured_id;
  out.prediction = predict(store, stored, scenario, costs, cost_files,
                           "prediction of run " + std::to_string(measured_id), replications);
  if (replay) {
    if (scenario.images.classes().size() == 1) {
      replay_run(out, store, db_path, stored, measured.request_stages, costs, cost_files,
                 replications);
    } else {
      std::cerr << "servesim validate: --replay skipped: the records do not say which image "
                   "class each request had; replay needs a single class\n";
    }
  }
  return out;
}

/// "run 12" or, over replications, "runs 12-15".
std::string run_ids_text(const Prediction& p) {
  if (p.run_ids.size() == 1) return "run " + std::to_string(p.run_id());
  return "runs " + std::to_string(p.run_id()) + "-" + std::to_string(p.run_ids.back());
}

std::string prediction_json(const PointOutcome& p, const Prediction& prediction) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(validation_json(
      prediction.validation, p.measured_id, prediction.run_id(), p.scenario.to_json()));
  if (prediction.run_ids.size() > 1) j["replication_run_ids"] = prediction.run_ids;
  return j.dump();
}

void print_point(const PointOutcome& p, bool json) {
  if (json) {
    std::cout << prediction_json(p, p.prediction) << "\n";
    // A prediction at a speed read from the run: flagged, with the factor it held or averaged.
    auto at_speed_json = [&p](const Prediction& prediction, const char* flag,
                              const char* factor_key, double factor) {
      nlohmann::ordered_json j = nlohmann::ordered_json::parse(prediction_json(p, prediction));
      j[flag] = true;
      j[factor_key] = factor;
      std::cout << j.dump() << "\n";
    };
    if (p.at_warmup_speed) {
      at_speed_json(*p.at_warmup_speed, "at_warmup_speed", "warmup_speed_factor",
                    p.warmup_speed_factor);
    }
    if (p.at_run_speed) {
      at_speed_json(*p.at_run_speed, "at_run_speed", "run_speed_factor", p.run_speed_factor);
    }
    if (p.replay) {
      nlohmann::ordered_json j = nlohmann::ordered_json::parse(prediction_json(p, *p.replay));
      j["replay"] = true;
      std::cout << j.dump() << "\n";
    }
  } else {
    std::cout << p.scenario.topology.name << ": prediction (" << run_ids_text(p.prediction)
              << ") against measurement (run " << p.measured_id << ")\n"
              << validation_table(p.prediction.validation);
    // "prediction at the run's speed (calls took 1.02x the tables' means; runs 12-16)".
    auto at_speed_table = [&p](const Prediction& prediction, const char* speed,
                               const char* whose_calls, double factor) {
      std::cout << p.scenario.topology.name << ": prediction at the " << speed << " speed ("
                << whose_calls << " took " << factor << "x the tables' means; "
                << run_ids_text(prediction) << ") against measurement (run " << p.measured_id
                << ")\n"
                << validation_table(prediction.validation);
    };
    if (p.at_warmup_speed) {
      at_speed_table(*p.at_warmup_speed, "warm-up's", "its calls", p.warmup_speed_factor);
    }
    if (p.at_run_speed) at_speed_table(*p.at_run_speed, "run's", "calls", p.run_speed_factor);
    if (p.replay) {
      std::cout << p.scenario.topology.name << ": replay from the run's own calls and speed ("
                << run_ids_text(*p.replay) << ") against measurement (run " << p.measured_id
                << ")\n"
                << validation_table(p.replay->validation);
    }
  }
}

/// One line per point: the errors of the three metrics with targets, the measured p50 and p99
/// intervals, and the verdict: yes (every target met), no, or no* (every miss within the runs'
/// own noise).
void print_summary(const std::vector<std::pair<std::string, PointOutcome>>& points) {
  std::printf("\n%-44s %8s %8s %8s %8s %8s %5s\n", "point", "tput", "p50", "p99", "p50 CI",
              "p99 CI", "pass");
  auto row = [](const std::string& label, const Validation& v) {
    // A metric's error, or its measured interval, in percent (0 when the run has no such metric).
    const std::string p50 = sim::metric::latency_ms("p50");
    const std::string p99 = sim::metric::latency_ms("p99");
    auto percent = [&v](const std::string& metric, bool interval) {
      const MetricCheck* c = v.find(metric);
      if (!c) return 0.0;
      return 100 * (interval ? c->measured_ci95_rel.value_or(0) : c->rel_error);
    };
    const char* verdict = v.all_pass() ? "yes" : v.no_miss_beyond_noise() ? "no*" : "no";
    std::printf("%-44s %+7.1f%% %+7.1f%% %+7.1f%% %7.1f%% %7.1f%% %5s\n", label.c_str(),
                percent(sim::metric::kThroughputRps, false), percent(p50, false),
                percent(p99, false), percent(p50, true), percent(p99, true), verdict);
  };
  // "  at the warm-up's speed (x1.043)": the factor the prediction held.
  auto at_speed_row = [&row](const char* what, double factor, const Prediction& prediction) {
    char speed_label[64];
    std::snprintf(speed_label, sizeof speed_label, "  at the %s speed (x%.3f)", what, factor);
    row(speed_label, prediction.validation);
  };
  for (const auto& [label, p] : points) {
    row(label, p.prediction.validation);
    if (p.at_warmup_speed) at_speed_row("warm-up's", p.warmup_speed_factor, *p.at_warmup_speed);
    if (p.at_run_speed) at_speed_row("run's", p.run_speed_factor, *p.at_run_speed);
    if (p.replay) row("  replay (own calls and speed)", p.replay->validation);
  }
  std::printf(
      "CI: the measured value's 95%% interval (batch means over the run); no*: every miss is "
      "within the measured and predicted intervals\n");
}

/// `cost_files` (the command line's --costs) are layered over each point's own, so one fresh
/// calibration serves every point of the file.
int validate_experiment(const std::string& experiment, const std::string& db_path, bool json,
                        const std::vector<std::string>& cost_files, bool replay, int replications) {
  std::string unused_db;
  std::string unused_experiment;
  const po::options_description keys = validate_options(unused_db, unused_experiment);
  const sim::ExperimentFile file = sim::ExperimentFile::read(experiment, keys);
  sim::ResultsStore::check_writable(db_path);
  sim::ResultsStore store = sim::ResultsStore::open(db_path);
  std::vector<std::pair<std::string, PointOutcome>> points;
  for (std::size_t i = 0; i < file.point_count(); ++i) {
    po::variables_map values;
    try {
      po::store(po::command_line_parser(file.point_args(i)).options(keys).run(), values);
      po::notify(values);
    } catch (const po::error& e) {
      throw sim::UsageError(experiment + ": point '" + file.point_label(i) + "': " + e.what());
    }
    const sim::ServingConfig scenario = sim::serving_config_from(values);
    std::cerr << "servesim validate: [" << i + 1 << "/" << file.point_count() << "] "
              << file.point_label(i) << "\n";
    std::vector<std::string> point_costs = values["costs"].as<std::vector<std::string>>();
    point_costs.insert(point_costs.end(), cost_files.begin(), cost_files.end());
    PointOutcome p = validate_live(store, db_path, scenario, point_costs, replay, replications);
    print_point(p, json);
    points.emplace_back(file.point_label(i), std::move(p));
  }
  if (!json) print_summary(points);
  return 0;
}

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  std::string db_path = "servesim-results.db";
  std::string experiment;
  po::options_description options = validate_options(db_path, experiment);
  po::variables_map values;
  if (!sim::parse_command_line("validate", args, options, values)) return 0;
  const bool live = values.count("live") != 0;
  const bool json = values.count("json") != 0;
  const bool replay = values.count("replay") != 0;
  const int replications = values["replications"].as<int>();
  if (replications < 1 || replications > kMaxReplications) {
    throw sim::UsageError("servesim validate: --replications " + std::to_string(replications) +
                          " is out of range; give 1 (one simulation, the default) to " +
                          std::to_string(kMaxReplications));
  }
  if (live == (values.count("measured") != 0)) {
    throw sim::UsageError("servesim validate: give exactly one of --live and --measured RUN_ID");
  }
  if (!experiment.empty()) {
    if (!live) throw sim::UsageError("servesim validate: --experiment goes with --live");
    return validate_experiment(experiment, db_path, json,
                               values["costs"].as<std::vector<std::string>>(), replay,
                               replications);
  }
  if (live && !values.count("topology")) {
    throw sim::UsageError("servesim validate --live: --topology is required");
  }
  sim::ResultsStore::check_writable(db_path);
  sim::ResultsStore store = sim::ResultsStore::open(db_path);
  if (live) {
    print_point(validate_live(store, db_path, sim::serving_config_from(values),
                              values["costs"].as<std::vector<std::string>>(), replay, replications),
                json);
    return 0;
  }

  const std::int64_t measured_id = values["measured"].as<std::int64_t>();
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
    std::vector<std::string> stored_args;
    try {
      stored_args = scenario_args_from_config_json(measured.config_json);
    } catch (const std::invalid_argument& e) {
      throw sim::UsageError("servesim validate: run " + std::to_string(measured_id) + ": " +
                            e.what());
    }
    values = {};
    sim::parse_command_line("validate", override_scenario_args(stored_args, args), options, values);
  }
  const sim::ServingConfig scenario = sim::serving_config_from(values);
  const auto cost_files = values["costs"].as<std::vector<std::string>>();
  const sim::CostModel costs = sim::load_cost_model(cost_files);
  // Checked before anything is predicted or stored.
  const std::vector<sim::RequestStageRecord> stages =
      replay ? read_request_stages(store.db(), measured_id)
             : std::vector<sim::RequestStageRecord>{};
  if (replay && (stages.empty() || scenario.images.classes().size() != 1)) {
    throw sim::UsageError("servesim validate --replay: run " + std::to_string(measured_id) +
                          " of " + db_path +
                          " has no per-stage records of a single image class; replay needs a "
                          "testbed run's (servesim testbed or validate --live)");
  }
  PointOutcome p;
  p.scenario = scenario;
  p.measured_id = measured_id;
  p.prediction = predict(store, measured, scenario, costs, cost_files,
                         "prediction of run " + std::to_string(measured_id), replications);
  if (replay) {
    replay_run(p, store, db_path, measured, stages, costs, cost_files, replications);
  }
  print_point(p, json);
  std::cerr << "servesim: stored the prediction as " << run_ids_text(p.prediction)
            << " and the comparison in table validations of " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
