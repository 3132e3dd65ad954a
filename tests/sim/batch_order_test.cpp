// SPDX-License-Identifier: Apache-2.0
// What a cpu pool takes up first after a batched call: the next batch or the finished items'
// next stage. The topology's batch_first_share sets the share; count_batch_order reads it from
// per-request records, measured or simulated, by one rule.
#include "sim/serving/batch_order.hpp"

#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace servesim::sim;

namespace {

constexpr std::int64_t kMs = 1'000'000;

/// The fixtures' batched server with `attribute` added to its infer stage.
std::string server_with(const std::string& attribute) {
  std::string dot = servesim::test::kBatchedCpuServer;
  const std::string instances = "instances=2";
  dot.insert(dot.find(instances) + instances.size(), ", " + attribute);
  return dot;
}

std::vector<RequestStageRecord> records(const std::string& dot, std::uint32_t replication = 0) {
  ServingConfig config = servesim::test::serving_config(dot, 12.0, 3);
  config.concurrency = 8;
  config.record_requests = 100000;
  config.replication = replication;
  return run_serving(config, servesim::test::tiny_costs()).request_stages;
}

BatchOrderCount order_of(const std::string& dot) {
  const Topology topology = parse_topology(dot, "test.dot");
  return count_batch_order(topology, 4, records(dot));  // stage 4 is infer
}

RequestStageRecord row(std::int64_t id, const char* stage, std::int64_t enter_ns,
                       std::int64_t start_ns, std::int64_t end_ns) {
  return {id, stage, "inference", enter_ns, start_ns, end_ns, 1};
}

}  // namespace

TEST_CASE("batch order is read from the records by which started first", "[unit]") {
  const Topology topology = parse_topology(servesim::test::kBatchedCpuServer, "test.dot");
  const std::vector<RequestStageRecord> rows = {
      // Call A (items 1, 2) ends at 10 ms; B's items waited 8 ms by then: ready. A's items
      // start postprocessing at 10.001 ms, B at 10.08 ms: the items went first.
      row(1, "infer", 0, 1 * kMs, 10 * kMs),
      row(2, "infer", 0, 1 * kMs, 10 * kMs),
      row(1, "post", 10 * kMs, 10 * kMs + 1000, 10 * kMs + 2000),
      row(2, "post", 10 * kMs, 10 * kMs + 2000, 10 * kMs + 3000),
      row(3, "infer", 2 * kMs, 10 * kMs + 80'000, 20 * kMs),
      row(4, "infer", 2 * kMs, 10 * kMs + 80'000, 20 * kMs),
      // C's only item entered 0.5 ms before B ended: not ready (the batcher's timer decides).
      row(5, "infer", 19 * kMs + kMs / 2, 21 * kMs + kMs / 2, 30 * kMs),
      // D is full when C ends, so ready at once; it starts before C's item's postprocessing.
      row(6, "infer", 29 * kMs, 30 * kMs + 20'000, 40 * kMs),
      row(7, "infer", 29 * kMs, 30 * kMs + 20'000, 40 * kMs),
      row(8, "infer", 29 * kMs, 30 * kMs + 20'000, 40 * kMs),
      row(9, "infer", 29 * kMs, 30 * kMs + 20'000, 40 * kMs),
      row(5, "post", 30 * kMs, 40 * kMs, 40 * kMs + 1000),
  };
  const BatchOrderCount count = count_batch_order(topology, 4, rows);
  CHECK(count.batch_first == 1);
  CHECK(count.items_first == 1);
  CHECK(count.batch_first_share() == Approx(0.5));
  CHECK(std::isnan(count_batch_order(topology, 4, {}).batch_first_share()));
}

TEST_CASE("batch_first_share sets which goes first after a batch, read back from the records",
          "[unit]") {
  const BatchOrderCount always = order_of(server_with("batch_first_share=1"));
  const BatchOrderCount never = order_of(server_with("batch_first_share=0"));
  const BatchOrderCount half = order_of(server_with("batch_first_share=0.5"));
  REQUIRE(always.batch_first > 50);
  CHECK(always.items_first == 0);
  REQUIRE(never.items_first > 50);
  CHECK(never.batch_first == 0);
  REQUIRE(half.batch_first + half.items_first > 50);
  CHECK(half.batch_first_share() == Approx(0.5).margin(0.15));
}

TEST_CASE("batch_first_share: the default draws nothing, other shares repeat by seed", "[unit]") {
  // 1 is the default: no draw, the run is the one without the attribute, record for record.
  CHECK(records(server_with("batch_first_share=1")) == records(servesim::test::kBatchedCpuServer));
  const std::string half = server_with("batch_first_share=0.5");
  CHECK(records(half) == records(half));
  CHECK(records(half) != records(half, 1));
}

TEST_CASE("batch_first_share is a share and needs a batched stage", "[unit]") {
  CHECK_THROWS_WITH(parse_topology(server_with("batch_first_share=1.5"), "test.dot"),
                    Catch::Contains("batch_first_share") && Catch::Contains("out of range [0, 1]"));
  CHECK_THROWS_WITH(parse_topology(server_with("batch_first_share=-0.1"), "test.dot"),
                    Catch::Contains("batch_first_share") && Catch::Contains("out of range [0, 1]"));
  std::string unbatched = servesim::test::kDecodeOnlyServer;
  const std::string decode = "op=jpeg_decode, on=cpu";
  unbatched.insert(unbatched.find(decode) + decode.size(), ", batch_first_share=0.5");
  CHECK_THROWS_WITH(parse_topology(unbatched, "test.dot"),
                    Catch::Contains("batch_first_share") && Catch::Contains("needs max_batch > 1"));
}
