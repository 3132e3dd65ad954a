// SPDX-License-Identifier: Apache-2.0
// Network stages on a nic with a cost-table device: a measured stage time (in-situ net_recv /
// net_send rows) replaces latency_us after the wire; without a row, or a device, nothing changes.
#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace servesim::sim;

namespace {

/// The fixtures' decode-only server, its nic given a cost-table device when asked.
std::string cpu_server(const std::string& nic_device) {
  std::string dot = servesim::test::kDecodeOnlyServer;
  if (!nic_device.empty()) {
    const std::string rate = "latency_us=50";
    dot.insert(dot.find(rate) + rate.size(), ", device=" + nic_device);
  }
  return dot;
}

/// The tiny table, with a recv measured at 2 ms or 1-3 ms (any size) when asked.
CostModel costs(const std::string& recv_row) {
  std::string sql = servesim::test::read_text(std::string(SERVESIM_SOURCE_DIR) +
                                              "/tests/sim/data/tiny_costs.sql");
  if (!recv_row.empty()) {
    sql +=
        "INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, "
        "output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) "
        "VALUES (1, 'net_recv', 1, 0, 0, 0, " +
        recv_row + ", 100, 'handmade');\n";
  }
  CostModel model;
  model.add_sql_text("tiny_costs.sql", sql);
  return model;
}

std::vector<RequestStageRecord> records(const std::string& nic_device, const std::string& row,
                                        std::uint32_t replication = 0,
                                        const std::string& nic_extra = "") {
  std::string dot = cpu_server(nic_device);
  if (!nic_extra.empty()) dot.insert(dot.find("latency_us=50") + 13, ", " + nic_extra);
  ServingConfig config = servesim::test::serving_config(dot, 2.0, 3);
  config.concurrency = 1;
  config.record_requests = 100000;
  config.replication = replication;
  return run_serving(config, costs(row)).request_stages;
}

std::multiset<std::int64_t> recv_ns(const std::vector<RequestStageRecord>& rows) {
  std::multiset<std::int64_t> times;
  for (const RequestStageRecord& r : rows) {
    if (r.stage == "recv") times.insert(r.end_ns - r.start_ns);
  }
  return times;
}

const char* const kFixed2ms = "2000000, 2000000, 2000000, 2000000, 2000000, 2000000";
const char* const kSpread = "2000000, 1000000, 2000000, 2900000, 3000000, 3000000";

}  // namespace

TEST_CASE("a measured network row sets the stage's time, wire included", "[unit]") {
  const auto measured = recv_ns(records("testcpu", kFixed2ms));
  REQUIRE(!measured.empty());
  CHECK(*measured.begin() == 2'000'000);
  CHECK(*measured.rbegin() == 2'000'000);
  // The send stage has no row: the wire and latency_us, as without the device.
  std::multiset<std::int64_t> send_with, send_without;
  for (const RequestStageRecord& r : records("testcpu", kFixed2ms)) {
    if (r.stage == "send") send_with.insert(r.end_ns - r.start_ns);
  }
  for (const RequestStageRecord& r : records("", "")) {
    if (r.stage == "send") send_without.insert(r.end_ns - r.start_ns);
  }
  CHECK(*send_with.begin() == *send_without.begin());
  CHECK(*send_with.rbegin() == *send_without.rbegin());
}

TEST_CASE("without a device or a row, latency_us stands and the run is unchanged", "[unit]") {
  const auto plain = records("", "");
  CHECK(records("testcpu", "") == plain);
  CHECK(records("", kFixed2ms) == plain);  // a row nobody asks for
  const auto times = recv_ns(plain);
  CHECK(*times.begin() == *times.rbegin());  // wire + 50 us, every time
  CHECK(*times.begin() < 200'000);
}

TEST_CASE("measured network times are drawn per replication", "[unit]") {
  const auto first = recv_ns(records("testcpu", kSpread));
  // Five quantiles rescaled to the stored mean: 1-3 ms give or take the rescaling.
  CHECK(*first.begin() >= 900'000);
  CHECK(*first.rbegin() <= 3'300'000);
  CHECK(*first.begin() < *first.rbegin());                            // a spread, not one value
  CHECK(records("testcpu", kSpread) == records("testcpu", kSpread));  // same seed, same draws
  CHECK(recv_ns(records("testcpu", kSpread, 1)) != first);
}

TEST_CASE("with a noise share, messages in one slot draw alike; in their own slots, apart",
          "[unit]") {
  // One client: a request every few ms. A slot of 1000 s holds them all, so at a share of 0.99
  // their recv times bunch around the slot's one common draw; slots of 1 us give each message
  // its own, and the spread of independent draws comes back.
  const auto spread = [](const std::multiset<std::int64_t>& t) {
    return static_cast<double>(*t.rbegin() - *t.begin());
  };
  const auto independent = recv_ns(records("testcpu", kSpread));
  const auto one_slot =
      recv_ns(records("testcpu", kSpread, 0, "noise_share=0.99, noise_slot_us=1000000000"));
  const auto own_slots =
      recv_ns(records("testcpu", kSpread, 0, "noise_share=0.99, noise_slot_us=1"));
  REQUIRE(one_slot.size() > 100);
  CHECK(spread(one_slot) < 0.3 * spread(independent));
  CHECK(spread(own_slots) > 0.7 * spread(independent));
  // A share of 0 is the independent draws, exactly.
  CHECK(records("testcpu", kSpread, 0, "noise_share=0") == records("testcpu", kSpread));
}
