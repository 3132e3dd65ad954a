// SPDX-License-Identifier: Apache-2.0
#include "validate/insitu/testbed_backend.hpp"

#include "sim/costs/cost_sources.hpp"

#include "validate/insitu/insitu_samples.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include "validate/testbed/testbed_run.hpp"
#include <cstdio>
#include <map>
#include <stdexcept>
#include <utility>

namespace servesim::validate {

void run_testbed_backend(const TestbedBackendRequest& request, calib::ProgressDisplay& progress,
                         std::ostream& out) {
  if (request.topology_paths.empty()) {
    throw std::invalid_argument("--topology is required with --backend testbed");
  }
  // Everything that can be refused is refused before the first run: topologies, base tables.
  for (const std::string& path : request.topology_paths) {
    plan_testbed(sim::read_topology(path, request.overrides));
  }
  sim::load_cost_model(request.cost_files);  // an unreadable base is named before any run

  InsituSamples samples;
  // Per topology and batched stage, what went first after its calls, over every run: the share
  // the topology's batch_first_share models (tables carry costs, not this).
  std::map<std::pair<std::string, std::string>, sim::StageBatchOrder> orders;
  for (const std::string& path : request.topology_paths) {
    for (const std::string& image : request.images) {
      for (const int concurrency : request.concurrencies) {
        TestbedConfig config;
        config.topology_path = path;
        config.overrides = request.overrides;
        config.concurrency = concurrency;
        config.images = image;
        config.duration_s = request.duration_s;
        config.seed = request.seed;
        config.servesim_binary = request.servesim_binary;
        config.validate();
        const std::string scenario = path + " " + image + " c=" + std::to_string(concurrency);
        progress.note("calibrate: live " + scenario + " for " +
                      std::to_string(static_cast<int>(request.duration_s)) + " s");
        const TestbedOutcome outcome = run_testbed_detailed(config);
        const auto from_ns = static_cast<std::int64_t>(outcome.serving.effective_warmup_s() * 1e9);
        const std::vector<CpuStageCall> calls =
            cpu_stage_calls(outcome.serving.topology, outcome.summary.request_stages, from_ns);
        samples.add(outcome.serving.topology, sim::image_class(image), calls, scenario);
        samples.add_broker_hops(outcome.serving.topology, sim::image_class(image),
                                outcome.summary.request_stages, from_ns, scenario);
        samples.add_network_stages(outcome.serving.topology, sim::image_class(image),
                                   outcome.summary.request_stages, from_ns, scenario);
        for (const sim::StageBatchOrder& run_order : outcome.batch_orders) {
          sim::StageBatchOrder& pooled = orders[{path, run_order.stage}];
          pooled.stage = run_order.stage;
          pooled.batch_first_share = run_order.batch_first_share;
          pooled.count.batch_first += run_order.count.batch_first;
          pooled.count.items_first += run_order.count.items_first;
        }
      }
    }
  }

  out << write_insitu_tables(samples, request.cost_files, request.min_calls, request.db_path,
                             request.source);
  for (const auto& [key, order] : orders) {
    if (order.count.total() == 0) continue;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s stage %s: the next batch went ahead of the finished items after %.2f of %llu "
                  "calls (the topology sets batch_first_share=%g)\n",
                  key.first.c_str(), order.stage.c_str(), order.count.batch_first_share(),
                  static_cast<unsigned long long>(order.count.total()), order.batch_first_share);
    out << line;
  }
  out << "stored in " << request.db_path << "; predict with --costs " << request.db_path
      << " after the base tables\n";
}

}  // namespace servesim::validate
