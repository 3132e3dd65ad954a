// SPDX-License-Identifier: Apache-2.0
// `servesim validate` end to end: against an imported perf_analyzer run and a live testbed run.
#include "sim/costs/cost_schema.hpp"
#include "sim/store/sqlite_db.hpp"
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace servesim;
using servesim::test::run_servesim;

namespace {
void check_row(const nlohmann::json& row) {
  REQUIRE(row.contains("predicted"));
  REQUIRE(row.contains("measured"));
  const double p = row["predicted"].get<double>();
  const double m = row["measured"].get<double>();
  CHECK(row["rel_error"].get<double>() == Approx((p - m) / m));
}
/// A perf_analyzer CSV of one measurement (8 clients, 1200/s, p99 12 ms) imported as run 1.
void import_perf_run(const std::string& dir, const std::string& db) {
  {
    std::ofstream csv(dir + "/perf.csv");
    csv << "Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,"
           "Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,"
           "p50 latency,p90 latency,p95 latency,p99 latency\n"
           "8,1200,300,1200,100,400,6000,200,50,8100,9000,9500,12000\n";
  }
  REQUIRE(run_servesim("import --format perf-csv " + dir + "/perf.csv --db " + db).exit_code == 0);
}
}  // namespace

TEST_CASE("validate --measured compares a prediction with an imported run", "[slow]") {
  const std::string dir = test::scratch_dir("validate-cli");
  const std::string db = dir + "/r.db";
  import_perf_run(dir, db);
  const auto r =
      run_servesim("validate --measured 1 --topology " + std::string(SERVESIM_SOURCE_DIR) +
                   "/topologies/cpu_preproc_1gpu.dot --concurrency 8 --duration-s 2 "
                   "--db " +
                   db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"/throughput_rps", "/latency_ms/p50", "/latency_ms/p99", "/latency_ms/p90"}) {
    INFO(key);
    check_row(j[nlohmann::json::json_pointer(key)]);
  }
  CHECK(j["throughput_rps"]["measured"] == 1200.0);
  CHECK(j["latency_ms"]["p99"]["measured"] == 12.0);
  CHECK(j["measured_run_id"] == 1);
  CHECK(j["predicted_run_id"] == 2);
  CHECK(j["scenario"]["concurrency"] == 8);

  // Errors say what to fix.
  const auto missing = run_servesim("validate --measured 9 --db " + db);
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("no run 9"));
  const auto simulated = run_servesim("validate --measured 2 --db " + db);
  CHECK(simulated.exit_code != 0);
  CHECK_THAT(simulated.err, Catch::Contains("is a simulated run"));
  const auto no_scenario = run_servesim("validate --measured 1 --db " + db);
  CHECK(no_scenario.exit_code != 0);
  CHECK_THAT(no_scenario.err, Catch::Contains("names no topology"));
  // An imported run has no stage records to replay; refused before anything is stored.
  const auto replay =
      run_servesim("validate --measured 1 --replay --topology " + std::string(SERVESIM_SOURCE_DIR) +
                   "/topologies/cpu_preproc_1gpu.dot --concurrency 8 --db " + db);
  CHECK(replay.exit_code == 2);
  CHECK_THAT(replay.err, Catch::Contains("run 1 of") && Catch::Contains("no per-stage records"));
  {
    auto file = sim::SqliteDb::open(db, true);
    auto runs = file.prepare("SELECT count(*) FROM runs");
    REQUIRE(runs.step());
    CHECK(runs.column_int(0) == 2);
  }
  const auto neither = run_servesim("validate --db " + db);
  CHECK(neither.exit_code != 0);
  CHECK_THAT(neither.err, Catch::Contains("exactly one of --live and --measured"));
  const auto experiment = run_servesim("validate --measured 1 --experiment x.ini --db " + db);
  CHECK(experiment.exit_code != 0);
  CHECK_THAT(experiment.err, Catch::Contains("--experiment goes with --live"));
  const auto missing_file =
      run_servesim("validate --live --experiment " + dir + "/no-such.ini --db " + db);
  CHECK(missing_file.exit_code != 0);
  CHECK_THAT(missing_file.err, Catch::Contains("no-such.ini"));
}

TEST_CASE("validate --replications compares the mean of independent replications", "[slow]") {
  const std::string dir = test::scratch_dir("validate-replications");
  const std::string db = dir + "/r.db";
  import_perf_run(dir, db);
  const std::string scenario = "validate --measured 1 --topology " +
                               std::string(SERVESIM_SOURCE_DIR) +
                               "/topologies/cpu_only.dot --concurrency 8 --duration-s 2 --db " + db;
  const auto r = run_servesim(scenario + " --replications 3 --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["replications"] == 3);
  CHECK(j["predicted_run_id"] == 2);
  CHECK(j["replication_run_ids"] == nlohmann::json::array({2, 3, 4}));
  auto file = sim::SqliteDb::open(db, true);
  // The compared value is the mean of the three stored runs', which are not all alike (this
  // machine's shipped table has spread; a GPU topology's parametric costs may have none).
  for (const auto& [key, stored] : {std::pair{"/latency_ms/p50", "latency_ms.p50"},
                                    std::pair{"/latency_ms/mean", "latency_ms.mean"},
                                    std::pair{"/throughput_rps", "throughput_rps"}}) {
    INFO(key);
    auto mean = file.prepare(
        "SELECT avg(value), count(*) FROM metrics WHERE run_id IN (2, 3, 4) AND name = ?");
    mean.bind(1, std::string(stored));
    REQUIRE(mean.step());
    CHECK(mean.column_int(1) == 3);
    CHECK(j[nlohmann::json::json_pointer(key)]["predicted"].get<double>() ==
          Approx(mean.column_double(0)));
    CHECK(j[nlohmann::json::json_pointer(key)].contains("predicted_ci95_rel"));
    check_row(j[nlohmann::json::json_pointer(key)]);
  }
  auto spread = file.prepare(
      "SELECT count(DISTINCT value) FROM metrics WHERE run_id IN (2, 3, 4) AND name = "
      "'latency_ms.mean'");
  REQUIRE(spread.step());
  CHECK(spread.column_int(0) == 3);
  CHECK(j["latency_ms"]["mean"]["predicted_ci95_rel"].get<double>() > 0);
  // Which runs were averaged, and what drew them, is stored.
  auto rows = file.prepare(
      "SELECT group_concat(run_id) FROM (SELECT run_id FROM validation_replications WHERE "
      "measured_run_id = 1 AND predicted_run_id = 2 ORDER BY replication)");
  REQUIRE(rows.step());
  CHECK(rows.column_text(0) == "2,3,4");
  auto config = file.prepare("SELECT config_json, tag FROM runs WHERE run_id = 4");
  REQUIRE(config.step());
  CHECK_THAT(config.column_text(0), Catch::Contains("\"replication\":2"));
  CHECK_THAT(config.column_text(1), Catch::Contains("replication 3 of 3"));

  const auto zero = run_servesim(scenario + " --replications 0");
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Catch::Contains("--replications 0 is out of range"));
}

TEST_CASE("validate --live measures the testbed and predicts the same scenario", "[slow]") {
  const std::string db = test::scratch_dir("validate-live") + "/r.db";
  const auto r = run_servesim("validate --live --topology " + std::string(SERVESIM_SOURCE_DIR) +
                              "/topologies/cpu_only.dot --rate 4 --image small --duration-s 3 "
                              "--seed 3 --db " +
                              db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"/throughput_rps", "/latency_ms/p50", "/latency_ms/p99"}) {
    INFO(key);
    check_row(j[nlohmann::json::json_pointer(key)]);
    CHECK(j[nlohmann::json::json_pointer(key)]["measured"].get<double>() > 0);
  }
  CHECK(j["measured_run_id"] == 1);
  CHECK(j["scenario"]["rate_per_s"] == 4.0);
  // The stored measured run replays as the same scenario without repeating it.
  const auto again = run_servesim("validate --measured 1 --db " + db + " --json");
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  const auto k = nlohmann::json::parse(again.out);
  CHECK(k["latency_ms"]["p50"]["measured"] == j["latency_ms"]["p50"]["measured"]);
  CHECK(k["latency_ms"]["p50"]["predicted"] ==
        j["latency_ms"]["p50"]["predicted"]);  // same seed, same prediction
}

TEST_CASE("validate --experiment predicts every point with the command line's --costs", "[slow]") {
  const std::string dir = test::scratch_dir("validate-experiment-costs");
  const std::string db = dir + "/r.db";
  // A fresh calibration stand-in: the shipped table of this machine with inference twice as slow.
  const std::string costs = dir + "/fresh-costs.db";
  {
    auto c = sim::SqliteDb::open(costs);
    c.exec(sim::kCostSchemaSql);
    c.exec(test::read_text(std::string(SERVESIM_SOURCE_DIR) + "/calib/tables/local.sql"));
    c.exec(
        "UPDATE cost_points SET mean_ns = 2 * mean_ns, min_ns = 2 * min_ns, p50_ns = 2 * p50_ns, "
        "p90_ns = 2 * p90_ns, p99_ns = 2 * p99_ns, max_ns = 2 * max_ns WHERE op = 'infer'");
    c.exec("DELETE FROM cost_fits WHERE op = 'infer'");
  }
  std::ofstream(dir + "/one.ini") << "topology = " << SERVESIM_SOURCE_DIR
                                  << "/topologies/cpu_only.dot\nrate = 4\nimage = small\n"
                                     "duration-s = 2\nseed = 5\n";
  const auto r = run_servesim("validate --live --experiment " + dir + "/one.ini --costs " + costs +
                              " --db " + db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto fresh = nlohmann::json::parse(r.out);
  // The same measured run predicted with the shipped tables only.
  const auto shipped_run = run_servesim("validate --measured 1 --db " + db + " --json");
  INFO(shipped_run.err);
  REQUIRE(shipped_run.exit_code == 0);
  const auto shipped = nlohmann::json::parse(shipped_run.out);
  CHECK(fresh["latency_ms"]["p50"]["measured"] == shipped["latency_ms"]["p50"]["measured"]);
  CHECK(fresh["latency_ms"]["p50"]["predicted"].get<double>() >
        1.5 * shipped["latency_ms"]["p50"]["predicted"].get<double>());
  auto runs = sim::SqliteDb::open(db);
  auto q = runs.prepare("SELECT cost_source FROM runs WHERE run_id = ?");
  q.bind(1, fresh["predicted_run_id"].get<std::int64_t>());
  REQUIRE(q.step());
  CHECK_THAT(q.column_text(0), Catch::Contains("fresh-costs.db"));

  // A cost database that cannot be read is named before anything is measured or stored.
  const std::string other_db = dir + "/other.db";
  const auto bad = run_servesim("validate --live --experiment " + dir + "/one.ini --costs " + dir +
                                "/no-such-dir/costs.db --db " + other_db);
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Catch::Contains("no-such-dir/costs.db"));
  auto other = sim::SqliteDb::open(other_db);
  auto count = other.prepare("SELECT COUNT(*) FROM runs");
  REQUIRE(count.step());
  CHECK(count.column_int(0) == 0);
}

TEST_CASE(
    "validate --replay predicts the live run again at its warm-up's and its speed and "
    "from its own calls",
    "[slow]") {
  const std::string dir = test::process_scratch_dir("validate-replay");
  const std::string db = dir + "/r.db";
  // A 64x64 model input keeps the run short in sanitizer builds. One client: every call starts
  // alone, so each stage's calls are enough for the replay's own table (a kind seen fewer than
  // 50 times, as co-run calls at two clients can be in a slow build, is costed from the base
  // table instead, and the preprocessing check below would not be about the run's calls).
  const auto r = run_servesim("validate --live --topology " + std::string(SERVESIM_SOURCE_DIR) +
                              "/topologies/cpu_only.dot --set resize.out_px=64x64 --concurrency 1 "
                              "--image small --duration-s 4 --warmup-s 1 --replay --db " +
                              db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string first, warmup_line, second, third;
  REQUIRE(std::getline(lines, first));
  REQUIRE(std::getline(lines, warmup_line));
  REQUIRE(std::getline(lines, second));
  REQUIRE(std::getline(lines, third));
  const auto calibrated = nlohmann::json::parse(first);
  const auto at_warmup = nlohmann::json::parse(warmup_line);
  const auto at_speed = nlohmann::json::parse(second);
  const auto replay = nlohmann::json::parse(third);
  CHECK_FALSE(calibrated.contains("replay"));
  CHECK_FALSE(calibrated.contains("at_run_speed"));
  CHECK_FALSE(calibrated.contains("at_warmup_speed"));
  CHECK(at_warmup["at_warmup_speed"] == true);
  CHECK_FALSE(at_warmup.contains("at_run_speed"));
  CHECK(at_warmup["measured_run_id"] == calibrated["measured_run_id"]);
  check_row(at_warmup["latency_ms"]["p99"]);
  CHECK(at_speed["at_run_speed"] == true);
  CHECK_FALSE(at_speed.contains("replay"));
  CHECK(at_speed["measured_run_id"] == calibrated["measured_run_id"]);
  CHECK(at_speed["predicted_run_id"] != calibrated["predicted_run_id"]);
  check_row(at_speed["latency_ms"]["p50"]);
  CHECK(replay["replay"] == true);
  CHECK(replay["measured_run_id"] == calibrated["measured_run_id"]);
  CHECK(replay["predicted_run_id"] != calibrated["predicted_run_id"]);
  check_row(replay["latency_ms"]["p50"]);
  // The replay's preprocessing is the run's own decode, resize and normalize calls, resampled.
  const auto& pre = replay["breakdown"]["preprocessing"]["mean_ms"];
  CHECK(pre["predicted"].get<double>() == Approx(pre["measured"].get<double>()).epsilon(0.2));

  auto file = sim::SqliteDb::open(db, true);
  auto q = file.prepare("SELECT count(DISTINCT predicted_run_id) FROM validations");
  REQUIRE(q.step());
  CHECK(q.column_int(0) == 4);
  auto source = file.prepare("SELECT cost_source FROM runs WHERE run_id = ?");
  source.bind(1, replay["predicted_run_id"].get<std::int64_t>());
  REQUIRE(source.step());
  CHECK_THAT(source.column_text(0),
             Catch::Contains("cpu stage calls") && Catch::Contains("local-testbed-measured"));
  // The run's table lived in a scratch file for the prediction only.
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    CHECK_THAT(entry.path().filename().string(),
               !Catch::StartsWith("servesim-replay-") || !Catch::EndsWith("-1.db"));
  }
  // The replay carries the run's speed over time, window by window, in its scenario.
  auto config = file.prepare("SELECT config_json FROM runs WHERE run_id = ?");
  config.bind(1, replay["predicted_run_id"].get<std::int64_t>());
  REQUIRE(config.step());
  const auto speed = nlohmann::json::parse(config.column_text(0)).at("cpu_speed");
  CHECK(speed["window_s"].get<double>() >= 0.25);  // whole quarter seconds
  CHECK(std::fmod(speed["window_s"].get<double>() * 4, 1.0) == 0.0);
  CHECK(speed["factors"].size() >= 2);
  // The prediction at the run's speed carries the run's speed against the tables; the factor
  // reported is that trace's mean over the run.
  config.reset();
  config.bind(1, at_speed["predicted_run_id"].get<std::int64_t>());
  REQUIRE(config.step());
  const auto table_speed = nlohmann::json::parse(config.column_text(0)).at("cpu_speed");
  double sum = 0;
  std::size_t windows = 0;
  for (const auto& f : table_speed["factors"]) {
    if (static_cast<double>(windows) * table_speed["window_s"].get<double>() >= 4.0) break;
    sum += f.get<double>();
    ++windows;
  }
  REQUIRE(windows > 0);
  CHECK(at_speed["run_speed_factor"].get<double>() == Approx(sum / static_cast<double>(windows)));
  // No bound above: a sanitizer build runs the kernels several times slower than the tables.
  CHECK(at_speed["run_speed_factor"].get<double>() > 0.0);
  // The prediction at the warm-up's speed holds one factor over the whole run: the warm-up's
  // speed against the same tables, the mean of its own windows before the measured window.
  config.reset();
  config.bind(1, at_warmup["predicted_run_id"].get<std::int64_t>());
  REQUIRE(config.step());
  const auto warmup_speed = nlohmann::json::parse(config.column_text(0)).at("cpu_speed");
  REQUIRE(warmup_speed["factors"].size() == 1);
  CHECK(warmup_speed["factors"][0].get<double>() ==
        Approx(at_warmup["warmup_speed_factor"].get<double>()));
  CHECK(warmup_speed["window_s"].get<double>() == Approx(4.0));
  CHECK(at_warmup["warmup_speed_factor"].get<double>() > 0.0);
  // The stored run replays the same, from its records in the file.
  const auto stored =
      run_servesim("validate --measured " + std::to_string(replay["measured_run_id"].get<int>()) +
                   " --replay --json --db " + db);
  INFO(stored.err);
  REQUIRE(stored.exit_code == 0);
  std::istringstream stored_lines(stored.out);
  REQUIRE(std::getline(stored_lines, first));
  REQUIRE(std::getline(stored_lines, warmup_line));
  REQUIRE(std::getline(stored_lines, second));
  REQUIRE(std::getline(stored_lines, third));
  const auto stored_at_warmup = nlohmann::json::parse(warmup_line);
  const auto stored_at_speed = nlohmann::json::parse(second);
  const auto stored_replay = nlohmann::json::parse(third);
  CHECK(stored_at_warmup["warmup_speed_factor"] == at_warmup["warmup_speed_factor"]);
  CHECK(stored_at_warmup["latency_ms"]["p99"]["predicted"] ==
        at_warmup["latency_ms"]["p99"]["predicted"]);
  CHECK(stored_at_speed["at_run_speed"] == true);
  CHECK(stored_at_speed["latency_ms"]["p50"]["predicted"] ==
        at_speed["latency_ms"]["p50"]["predicted"]);
  CHECK(stored_at_speed["run_speed_factor"] == at_speed["run_speed_factor"]);
  CHECK(stored_replay["replay"] == true);
  CHECK(stored_replay["latency_ms"]["p50"]["predicted"] ==
        replay["latency_ms"]["p50"]["predicted"]);
  CHECK(stored_replay["throughput_rps"]["predicted"] == replay["throughput_rps"]["predicted"]);
}

TEST_CASE("validate --measured reads a database written with the older metric names", "[slow]") {
  const std::string dir = test::scratch_dir("validate-old-names");
  const std::string db = dir + "/r.db";
  import_perf_run(dir, db);
  {
    // What a build before the shared vocabulary stored: latency_p99_ms for latency_ms.p99.
    auto file = sim::SqliteDb::open(db);
    file.exec(
        "UPDATE metrics SET name = 'latency_' || substr(name, 12) || '_ms' "
        "WHERE name LIKE 'latency_ms.%'");
    auto old = file.prepare("SELECT count(*) FROM metrics WHERE name = 'latency_p99_ms'");
    REQUIRE(old.step());
    REQUIRE(old.column_int(0) == 1);
  }
  const auto r = run_servesim(
      "validate --measured 1 --topology " + std::string(SERVESIM_SOURCE_DIR) +
      "/topologies/cpu_preproc_1gpu.dot --concurrency 8 --duration-s 2 --db " + db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["latency_ms"]["p99"]["measured"] == 12.0);
  CHECK(j["latency_ms"]["p50"]["measured"].get<double>() == Approx(8.1));
  const auto csv = run_servesim("export --table metrics --run 1 --db " + db);
  CHECK(csv.out.find("latency_ms.p99") != std::string::npos);
  CHECK(csv.out.find("latency_p99_ms") == std::string::npos);
}
