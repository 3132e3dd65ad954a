// SPDX-License-Identifier: Apache-2.0
// Live runs of topologies/cpu_only.dot: the real server, the real load generator process, the
// real kernels. Checked against the stored rows, recomputed here from the records.
#include "sim/serving/batch_order.hpp"
#include "sim/topology/topology_parser.hpp"
#include "tests/support/run_command.hpp"
#include "tests/validate/testbed/testbed_db.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/testbed/load_generator.hpp"
#include "validate/testbed/testbed_run.hpp"
#include <algorithm>
#include <filesystem>
#include <map>

using namespace servesim;

namespace {

const std::string kCpuOnly = std::string(SERVESIM_SOURCE_DIR) + "/topologies/cpu_only.dot";
// A 64x64 model input keeps runs short in Debug + sanitizer builds; server, batcher, workers and
// records are the same as at 224x224.
const std::string kLight = " --set resize.out_px=64x64";
const std::vector<std::string> kStages = {"recv",  "decode", "resize", "normalize",
                                          "infer", "post",   "send"};

struct LiveRun {
  nlohmann::json report;
  std::string db;
  std::int64_t run_id = 0;
  std::vector<test::StoredRequest> requests;
  std::vector<test::StoredStage> stages;
};

LiveRun run_live(const std::string& name, const std::string& load) {
  LiveRun run;
  run.db = test::scratch_dir(name) + "/results.db";
  const auto out = test::run_servesim("testbed --topology " + kCpuOnly + kLight + load +
                                      " --image small --db " + run.db + " --json");
  INFO(out.err);
  REQUIRE(out.exit_code == 0);
  run.report = nlohmann::json::parse(out.out);
  run.run_id = run.report.at("run_id").get<std::int64_t>();
  run.requests = test::stored_requests(run.db, run.run_id);
  run.stages = test::stored_stages(run.db, run.run_id);
  return run;
}

// Every request has one record per stage, in topology order, tiling [sent, done].
void check_stage_records(const LiveRun& run) {
  std::map<std::int64_t, std::vector<test::StoredStage>> by_request;
  for (const auto& s : run.stages) by_request[s.request_id].push_back(s);
  REQUIRE(by_request.size() == run.requests.size());
  for (const auto& q : run.requests) {
    const auto& stages = by_request.at(q.request_id);
    REQUIRE(stages.size() == kStages.size());
    std::int64_t previous_end = q.sent_ns;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      INFO("request " << q.request_id << " stage " << stages[i].stage);
      CHECK(stages[i].stage == kStages[i]);
      CHECK(stages[i].enter_ns == previous_end);
      CHECK(stages[i].enter_ns <= stages[i].start_ns);
      CHECK(stages[i].start_ns <= stages[i].end_ns);
      previous_end = stages[i].end_ns;
    }
    CHECK(previous_end == q.done_ns);
  }
}

// The cpu pool has 2 cores: never more than 2 cpu stage executions at once (a batch is one).
int max_cpu_overlap(const std::vector<test::StoredStage>& stages) {
  std::vector<std::pair<std::int64_t, int>> events;
  std::map<std::pair<std::int64_t, std::int64_t>, int> batches;
  for (const auto& s : stages) {
    if (s.stage == "recv" || s.stage == "send") continue;
    if (s.stage == "infer" && batches[{s.start_ns, s.end_ns}]++ > 0) continue;
    events.push_back({s.start_ns, +1});
    events.push_back({s.end_ns, -1});
  }
  std::sort(events.begin(), events.end());  // an end before a start at the same instant
  int busy = 0, most = 0;
  for (const auto& e : events) most = std::max(most, busy += e.second);
  return most;
}

}  // namespace

TEST_CASE("an open-loop live run of cpu_only.dot stores a consistent measured run", "[slow]") {
  const double rate = 20, duration_s = 3, warmup_s = 0.5;
  const LiveRun run = run_live("testbed-open", " --rate 20 --duration-s 3 --warmup-s 0.5 --seed 5");

  const auto runs = test::query_rows(
      run.db, "SELECT kind, command, cost_source, seed, config_json FROM runs WHERE run_id = " +
                  std::to_string(run.run_id));
  REQUIRE(runs.size() == 1);
  CHECK(runs[0][0] == "measured");
  CHECK(runs[0][1] == "testbed");
  CHECK(runs[0][2] == "live");
  CHECK(runs[0][3] == "5");
  CHECK_THAT(runs[0][4],
             Catch::Contains("\"rate_per_s\":20") && Catch::Contains("resize.out_px=64x64"));

  // One request per scheduled arrival, each sent on its Poisson schedule.
  const auto schedule = validate::poisson_schedule(rate, "small", duration_s, 5);
  REQUIRE(run.requests.size() == schedule.size());
  REQUIRE(schedule.size() > 30);
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    INFO("request " << i);
    CHECK(std::abs(run.requests[i].sent_ns - schedule[i].planned_ns) < 50'000'000);
  }
  check_stage_records(run);

  // Throughput = completions inside [warm-up, duration] over the window, from the records.
  const auto warmup_ns = static_cast<std::int64_t>(warmup_s * 1e9);
  const auto end_ns = static_cast<std::int64_t>(duration_s * 1e9);
  int completed = 0, measured = 0;
  for (const auto& q : run.requests) {
    if (q.done_ns >= warmup_ns && q.done_ns <= end_ns) ++completed;
    if (q.sent_ns >= warmup_ns && q.sent_ns < end_ns) ++measured;
  }
  const double throughput = completed / (duration_s - warmup_s);
  CHECK(run.report.at("throughput_rps").get<double>() == Approx(throughput));
  CHECK(test::query_number(run.db,
                           "SELECT value FROM metrics WHERE name = 'throughput_rps' AND "
                           "run_id = " +
                               std::to_string(run.run_id)) == Approx(throughput));
  CHECK(run.report.at("measured_requests").get<int>() == measured);

  // Batches: every item of one call shares its start and end, and they number batch_size.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<int>> calls;
  for (const auto& s : run.stages) {
    if (s.stage == "infer") calls[{s.start_ns, s.end_ns}].push_back(s.batch_size);
  }
  for (const auto& [when, sizes] : calls) {
    CHECK(static_cast<int>(sizes.size()) == sizes.front());
    CHECK(sizes.front() <= 4);
  }
  CHECK(max_cpu_overlap(run.stages) <= 2);
  // The report speaks the simulator's JSON.
  for (const char* key : {"throughput_rps", "latency_ms", "breakdown", "stages", "utilization"}) {
    CHECK(run.report.contains(key));
  }
  CHECK(run.report.at("latency_ms").at("p99").get<double>() >=
        run.report.at("latency_ms").at("p50").get<double>());
  CHECK(run.report.at("breakdown").at("inference").at("mean_ms").get<double>() > 0);
}

TEST_CASE("a closed-loop live run at concurrency 1 never has two requests in flight", "[slow]") {
  const LiveRun run =
      run_live("testbed-closed", " --concurrency 1 --duration-s 2 --warmup-s 0.2 --seed 2");
  REQUIRE(run.requests.size() > 5);
  for (std::size_t i = 1; i < run.requests.size(); ++i) {
    CHECK(run.requests[i].sent_ns >= run.requests[i - 1].done_ns);
  }
  check_stage_records(run);
  for (const auto& s : run.stages) {
    if (s.stage != "infer") continue;
    CHECK(s.batch_size == 1);
    // Alone in the batcher, a request waits the topology's max_delay_us=2000 before its call.
    CHECK(s.start_ns - s.enter_ns >= 2'000'000);
  }
  CHECK(max_cpu_overlap(run.stages) <= 1);
}

TEST_CASE("the library entry returns the measured run that validate will compare", "[slow]") {
  validate::TestbedConfig config;
  config.topology_path = kCpuOnly;
  config.overrides = {sim::AttributeOverride::parse("resize.out_px=64x64")};
  config.concurrency = 2;
  config.duration_s = 1.5;
  config.warmup_s = 0.3;
  config.seed = 9;
  config.servesim_binary = SERVESIM_BINARY;  // not this test binary
  const sim::RunResult run = validate::run_testbed(config);
  CHECK(run.provenance.kind == "measured");
  CHECK(run.provenance.command == "testbed");
  CHECK(run.provenance.cost_source == "live");
  CHECK(run.provenance.seed == 9);
  CHECK(run.provenance.tag == "cpu_only");
  std::map<std::string, double> metric;
  for (const auto& m : run.metrics) metric[m.name] = m.value;
  int completed = 0;
  for (const auto& r : run.requests) {
    if (r.done_ns >= 300'000'000 && r.done_ns <= 1'500'000'000) ++completed;
  }
  CHECK(metric.at("throughput_rps") == Approx(completed / 1.2));
  CHECK(metric.at("latency_ms.p50") > 0);
  CHECK(metric.count("loadgen_cpu_s") == 1);
  CHECK(run.request_stages.size() == 7 * run.requests.size());
}

TEST_CASE("a live run stores what went first after its batches, counted from its records",
          "[slow]") {
  validate::TestbedConfig config;
  config.topology_path = kCpuOnly;
  config.overrides = {sim::AttributeOverride::parse("resize.out_px=64x64")};
  config.concurrency = 8;  // batches wait for an instance: the case the share is about
  config.duration_s = 2.0;
  config.warmup_s = 0.2;
  config.seed = 4;
  config.servesim_binary = SERVESIM_BINARY;
  const sim::RunResult run = validate::run_testbed(config);
  const sim::Topology topology = sim::read_topology(kCpuOnly, config.overrides);
  std::size_t infer = 0;
  while (topology.stages[infer].name != "infer") ++infer;
  const sim::BatchOrderCount count = sim::count_batch_order(topology, infer, run.request_stages);
  INFO("batch first " << count.batch_first << ", items first " << count.items_first);
  const auto stored = std::find_if(run.metrics.begin(), run.metrics.end(), [](const auto& m) {
    return m.name == std::string(validate::kBatchFirstShare) + "infer";
  });
  if (count.total() == 0) {
    CHECK(stored == run.metrics.end());  // nothing qualified: no share rather than a made-up one
  } else {
    REQUIRE(stored != run.metrics.end());
    CHECK(stored->value == Approx(count.batch_first_share()));
    CHECK(stored->unit == "share");
  }
}
