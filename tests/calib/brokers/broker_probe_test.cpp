// SPDX-License-Identifier: Apache-2.0
// Real redis-server and nats-server processes on 127.0.0.1, measured with the real clients.
#include "calib/brokers/broker_calibration.hpp"
#include "calib/brokers/broker_server.hpp"
#include "tests/calib/brokers/process_check.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <unistd.h>

using namespace servesim::calib;
using servesim::sim::SqliteDb;
using servesim::test::children_named;
using servesim::test::process_gone;
namespace fs = std::filesystem;

namespace {
fs::path scratch_folder() { return servesim::test::process_scratch_dir("broker-probe"); }

std::string fresh_db(const std::string& name) {
  const std::string path = (scratch_folder() / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}
}  // namespace

TEST_CASE("quick broker calibration against real Redis and NATS", "[slow]") {
  const BrokerProbeConfig config = BrokerProbeConfig::quick();
  const std::string path = fresh_db("brokers-quick.db");
  pid_t redis_pid = -1;
  pid_t nats_pid = -1;
  std::vector<BrokerProbeResult> results;
  {
    BrokerServer redis(BrokerKind::redis);
    BrokerServer nats(BrokerKind::nats);
    redis_pid = redis.pid();
    nats_pid = nats.pid();
    CostTableInfo info;
    info.name = "brokers-quick-test";
    info.device = "cpu";
    info.source = "broker_tests quick";
    info.library_versions = broker_library_versions();
    CostTableWriter writer = CostTableWriter::open(path, info);
    std::vector<BrokerProbeTarget> targets =
        redis_probe_targets(redis.endpoint(), /*with_pubsub=*/true, config);
    for (auto& t : nats_probe_targets(nats.endpoint(), config)) targets.push_back(std::move(t));
    results = run_broker_probes(targets, config, &writer, [](const BrokerProbeResult& r) {
      const ChannelMeasurement& m = r.measurement;
      std::printf("%-5s %-9s %8lld B  p50 %9.1f us  p99 %9.1f us  %10.0f msg/s  %8.1f MB/s\n",
                  r.model.c_str(), r.variant.c_str(), static_cast<long long>(r.message_bytes),
                  m.latency.p50_ns / 1e3, m.latency.p99_ns / 1e3, m.throughput_per_s,
                  m.throughput_per_s * static_cast<double>(r.message_bytes) / 1e6);
    });
  }
  // Both servers are stopped and reaped, none left behind.
  CHECK(process_gone(redis_pid));
  CHECK(process_gone(nats_pid));
  CHECK(children_named("redis-server").empty());
  CHECK(children_named("nats-server").empty());

  // 3 sizes x (redis list, redis pubsub, nats jetstream).
  REQUIRE(results.size() == 9);
  std::map<std::string, std::map<std::int64_t, ChannelMeasurement>> by_variant;
  for (const BrokerProbeResult& r : results) {
    INFO(r.model << " " << r.variant << " " << r.message_bytes);
    const ChannelMeasurement& m = r.measurement;
    CHECK(m.latency.min_ns > 0);
    CHECK(m.latency.p50_ns < 1e9);  // a loopback hand-off is far below a second
    CHECK(m.throughput_per_s > 0);
    if (!m.hit_time_limit) {
      // Counts from BrokerProbeConfig::quick(): 100 latency and 400 throughput messages,
      // cut by the 24 MiB budget to 24 at 1 MiB (and 384 throughput messages at 64 KiB).
      const std::map<std::int64_t, std::pair<int, int>> expected{
          {1024, {100, 400}}, {65536, {100, 384}}, {1048576, {24, 24}}};
      CHECK(m.latency.samples == expected.at(r.message_bytes).first);
      CHECK(m.throughput_messages == expected.at(r.message_bytes).second);
    }
    by_variant[r.model + "/" + r.variant][r.message_bytes] = m;
  }
  for (const auto& [variant, sizes] : by_variant) {
    INFO(variant);
    // 1024x the bytes cannot be much faster: allow noise, not a large factor.
    CHECK(sizes.at(1048576).latency.p50_ns > sizes.at(1024).latency.p50_ns / 3);
    CHECK(sizes.at(1048576).throughput_per_s < sizes.at(1024).throughput_per_s * 3);
  }

  // The table holds the same nine points with provenance, readable by a second connection.
  SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
  auto rows = db.prepare(
      "SELECT count(*), min(p50_ns), min(throughput_per_s), min(batch), max(batch) "
      "FROM cost_points WHERE op = 'broker'");
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 9);
  CHECK(rows.column_double(1) > 0);
  CHECK(rows.column_double(2) > 0);
  CHECK(rows.column_int(3) == 1);
  CHECK(rows.column_int(4) == 1);
  auto table = db.prepare("SELECT library_versions FROM cost_tables");
  REQUIRE(table.step());
  CHECK_THAT(table.column_text(0),
             Catch::Contains("sqlite") && Catch::Contains("hiredis") && Catch::Contains("nats.c"));
}
