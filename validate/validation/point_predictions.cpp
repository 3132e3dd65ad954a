// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/point_predictions.hpp"

#include "sim/costs/cost_sources.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/serving/serving_simulation.hpp"

#include "validate/insitu/insitu_samples.hpp"
#include "validate/testbed/cpu_speed_trace.hpp"
#include "validate/testbed/cpu_stage_calls.hpp"
#include "validate/validation/table_call_reference.hpp"
#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <unistd.h>

namespace servesim::validate {

Prediction predict(sim::ResultsStore& store, const StoredRun& measured,
                   const sim::ServingConfig& scenario, const sim::CostModel& costs,
                   const std::vector<std::string>& cost_files, const std::string& tag,
                   int replications, const std::function<void(sim::RunResult&)>& amend_provenance) {
  Prediction out;
  std::vector<Validation> each;
  for (int k = 0; k < replications; ++k) {
    sim::ServingConfig replica = scenario;
    replica.replication = scenario.replication + static_cast<std::uint32_t>(k);
    const auto started = std::chrono::steady_clock::now();
    const sim::ServingResult prediction = sim::run_serving(replica, costs);
    sim::RunResult rows =
        sim::serving_run_result(replica, prediction, sim::describe_cost_sources(cost_files));
    rows.provenance.command = "validate";
    rows.provenance.tag = tag;
    if (replications > 1) {
      rows.provenance.tag +=
          " (replication " + std::to_string(k + 1) + " of " + std::to_string(replications) + ")";
    }
    if (amend_provenance) amend_provenance(rows);
    rows.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out.run_ids.push_back(store.write(rows));
    each.push_back(compare_runs(rows, measured));
  }
  out.validation = combine_replications(each);
  store_validation(store.db(), out.validation, measured.run_id, out.run_id());
  if (replications > 1) store_replications(store.db(), measured.run_id, out.run_ids);
  return out;
}

void replay_run(PointOutcome& out, sim::ResultsStore& store, const std::string& db_path,
                const StoredRun& measured, const std::vector<sim::RequestStageRecord>& stages,
                const sim::CostModel& costs, const std::vector<std::string>& cost_files,
                int replications) {
  const sim::ServingConfig& scenario = out.scenario;
  const std::int64_t measured_id = out.measured_id;
  const auto from_ns = static_cast<std::int64_t>(scenario.effective_warmup_s() * 1e9);
  const std::int64_t end_ns = sim::duration_from_s(scenario.duration_s);
  // The warm-up's calls count for the traces (the simulation runs the warm-up too), not the table.
  std::vector<CpuStageCall> calls = cpu_stage_calls(scenario.topology, stages, 0);

  const sim::ImageClass& image = scenario.images.classes().front();  // replay needs one class
  const CallReference table_ns = table_call_reference(scenario.topology, image, costs);
  const std::string run_name = "run " + std::to_string(measured_id);

  // One factor, held: a probe knows the speed before the window, not how it will move.
  if (const auto warmup_factor = speed_factor_before(calls, from_ns, table_ns)) {
    sim::ServingConfig at_warmup = scenario;
    at_warmup.cpu_speed = sim::SpeedTrace{end_ns, {*warmup_factor}};
    out.warmup_speed_factor = *warmup_factor;
    out.at_warmup_speed = predict(
        store, measured, at_warmup, costs, cost_files,
        "prediction of " + run_name + " at its warm-up's speed, read from its warm-up's calls",
        replications);
  } else {
    std::cerr << "servesim validate: no prediction at the warm-up's speed for " << run_name
              << ": fewer than " << kMinCallsPerWindow
              << " cpu stage calls started in its warm-up (give a longer --warmup-s)\n";
  }

  sim::ServingConfig at_speed = scenario;
  at_speed.cpu_speed = cpu_speed_trace(calls, end_ns, table_ns);
  out.run_speed_factor = mean_factor(at_speed.cpu_speed, end_ns);
  out.at_run_speed =
      predict(store, measured, at_speed, costs, cost_files,
              "prediction of " + run_name + " at its speed, read from its calls", replications);

  sim::ServingConfig replayed = scenario;
  replayed.cpu_speed = cpu_speed_trace(calls, end_ns);
  std::erase_if(calls, [from_ns](const CpuStageCall& call) { return call.start_ns < from_ns; });
  InsituSamples samples;
  samples.add(scenario.topology, image, at_mean_speed(std::move(calls), replayed.cpu_speed),
              run_name);
  samples.add_broker_hops(scenario.topology, image, stages, from_ns, run_name);
  samples.add_network_stages(scenario.topology, image, stages, from_ns, run_name);
  const std::string table =
      (std::filesystem::temp_directory_path() / ("servesim-replay-" + std::to_string(::getpid()) +
                                                 "-" + std::to_string(measured_id) + ".db"))
          .string();
  // The database and the journal files SQLite may leave beside it.
  auto remove_table = [&table] {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(table + suffix, ignored);
    }
  };
  remove_table();
  // The scratch table's path means nothing once it is gone: the source names the run instead.
  auto name_source = [&table, &run_name](sim::RunResult& rows) {
    std::string& source = rows.provenance.cost_source;
    if (const auto at = source.find(table); at != std::string::npos) {
      source.replace(at, table.size(), run_name + "'s cpu stage calls");
    }
  };
  try {
    write_insitu_tables(samples, cost_files, 20, table,
                        "servesim validate --replay: " + run_name + " of " + db_path);
    std::vector<std::string> files = cost_files;
    files.push_back(table);
    out.replay = predict(store, measured, replayed, sim::load_cost_model(files), files,
                         "replay of " + run_name + " from its own service times and speed",
                         replications, name_source);
  } catch (...) {
    remove_table();
    throw;
  }
  remove_table();
}

}  // namespace servesim::validate
