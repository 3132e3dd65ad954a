// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/topology_parser.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include "validate/testbed/dynamic_batcher.hpp"
#include "validate/testbed/load_generator.hpp"
#include "validate/testbed/loadgen_log.hpp"
#include "validate/testbed/measured_summary.hpp"
#include <fstream>

using namespace servesim;
using namespace servesim::validate;

TEST_CASE("the batcher's rule: max batch, then preferred, then the delay", "[unit]") {
  sim::BatchingSpec spec;
  spec.max_batch = 8;
  spec.preferred_batch = {2, 4};
  spec.max_delay_ns = 1000;
  CHECK(DynamicBatcher::choose_batch_size(spec, 0, 5000) == 0);
  CHECK(DynamicBatcher::choose_batch_size(spec, 11, 0) == 8);
  CHECK(DynamicBatcher::choose_batch_size(spec, 5, 0) == 4);
  CHECK(DynamicBatcher::choose_batch_size(spec, 3, 0) == 2);
  CHECK(DynamicBatcher::choose_batch_size(spec, 1, 999) == 0);
  CHECK(DynamicBatcher::choose_batch_size(spec, 1, 1000) == 1);
}

TEST_CASE("the Poisson schedule has exponential gaps of mean 1/rate and the mix's classes",
          "[unit]") {
  const double rate = 200, duration_s = 100;
  const auto schedule = poisson_schedule(rate, "small:0.6,medium:0.4", duration_s, 7);
  // 20000 expected; a Poisson count has sd sqrt(20000) = 141.
  REQUIRE(std::abs(static_cast<double>(schedule.size()) - 20000) < 5 * 141);
  double sum = 0, sum_sq = 0;
  std::int64_t previous = 0;
  int small = 0;
  for (const auto& s : schedule) {
    const double gap = static_cast<double>(s.planned_ns - previous);
    REQUIRE(gap >= 0);
    sum += gap;
    sum_sq += gap * gap;
    previous = s.planned_ns;
    if (s.class_index == 0) ++small;
  }
  REQUIRE(previous < static_cast<std::int64_t>(duration_s * 1e9));
  const double n = static_cast<double>(schedule.size());
  const double mean = sum / n;
  const double sd = std::sqrt(sum_sq / n - mean * mean);
  CHECK(mean == Approx(5e6).epsilon(0.03));  // 1/200 s
  CHECK(sd == Approx(mean).epsilon(0.05));   // exponential: sd = mean
  CHECK(small / n == Approx(0.6).margin(0.02));
  // Same seed, same schedule (what a simulated run of the scenario draws too).
  CHECK(poisson_schedule(rate, "small:0.6,medium:0.4", duration_s, 7).size() == schedule.size());
}

TEST_CASE("the load generator's log round-trips and malformed logs name file and line", "[unit]") {
  const std::string dir = test::scratch_dir("testbed-log");
  LoadgenLog log;
  log.start_ns = 123456789012;
  log.duration_s = 2.5;
  log.cpu_user_s = 0.25;
  log.cpu_system_s = 0.125;
  log.requests.push_back({0, "small", 500, 375, 93000, 10, 12, 5000});
  log.requests.push_back({1, "medium", 1920, 1080, 600000, 20, 21, 9000});
  write_loadgen_log(log, dir + "/ok.log");
  const LoadgenLog back = read_loadgen_log(dir + "/ok.log");
  CHECK(back.start_ns == log.start_ns);
  CHECK(back.cpu_user_s == 0.25);
  REQUIRE(back.requests.size() == 2);
  CHECK(back.requests[1].image_class == "medium");
  CHECK(back.requests[1].done_ns == 9000);

  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  CHECK_THROWS_WITH(read_loadgen_log(write("a.log", "hello\n")),
                    Catch::Contains("a.log:1") && Catch::Contains("not a load generator log"));
  CHECK_THROWS_WITH(
      read_loadgen_log(write("b.log", "servesim-loadgen 1\nstart_ns 5\nreq 0 small 500 x\nend\n")),
      Catch::Contains("b.log:3") && Catch::Contains("'req'"));
  CHECK_THROWS_WITH(read_loadgen_log(write("c.log", "servesim-loadgen 1\nstart_ns 5\n")),
                    Catch::Contains("c.log") && Catch::Contains("did not finish"));
}

TEST_CASE("a measured summary follows the simulator's window rules", "[unit]") {
  sim::ServingConfig config;
  config.topology = sim::parse_topology(
      "digraph t { nic [kind=nic, gbits_per_s=40]; cpu [kind=cpu, cores=2];"
      " recv [kind=stage, op=net_recv, on=nic]; post [kind=stage, op=postprocess, on=cpu];"
      " send [kind=stage, op=net_send, on=nic]; recv -> post -> send; }",
      "t.dot");
  config.rate_per_s = 10;
  config.duration_s = 4;
  config.warmup_s = 1;
  const std::int64_t s = 1'000'000'000;
  // id 0: sent in warm-up, done inside the window (counts for throughput, not latency).
  // id 1, 2: measured; id 3: sent inside, done after the end (measured, not completed).
  std::vector<sim::RequestRecord> requests = {{0, -1, "small", 1, 1, 1, s / 2, s + s / 2},
                                              {1, -1, "small", 1, 1, 1, 2 * s, 2 * s + 10'000'000},
                                              {2, -1, "small", 1, 1, 1, 3 * s, 3 * s + 30'000'000},
                                              {3, -1, "small", 1, 1, 1, 4 * s - 1, 4 * s + 2 * s}};
  std::vector<sim::RequestStageRecord> stages;
  for (const auto& r : requests) {
    // recv 1 ms, queue 2 ms then post 3 ms, send the rest.
    stages.push_back(
        {r.request_id, "recv", "network", r.sent_ns, r.sent_ns, r.sent_ns + 1'000'000});
    stages.push_back({r.request_id, "post", "postprocessing", r.sent_ns + 1'000'000,
                      r.sent_ns + 3'000'000, r.sent_ns + 6'000'000});
    stages.push_back(
        {r.request_id, "send", "network", r.sent_ns + 6'000'000, r.sent_ns + 6'000'000, r.done_ns});
  }
  const auto r = summarize_measured_run(config, requests, stages);
  CHECK(r.completed_in_window == 3);       // 0, 1, 2
  CHECK(r.throughput_rps == Approx(1.0));  // 3 in a 3 s window
  CHECK(r.measured_requests == 3);         // 1, 2, 3
  CHECK(r.mean_ms.value == Approx((10 + 30 + 2000) / 3.0).epsilon(0.001));
  const auto ms = [&](sim::Category c) { return r.breakdown_ms[static_cast<std::size_t>(c)]; };
  CHECK(ms(sim::Category::kQueueing) == Approx(2.0));
  CHECK(ms(sim::Category::kPostprocessing) == Approx(3.0));
  CHECK(ms(sim::Category::kNetwork) == Approx((10 + 30 + 2000) / 3.0 - 5.0));
  REQUIRE(r.utilization.size() == 1);
  // cpu busy inside [1 s, 4 s]: post of 1 and 2, 3 ms each (0's is before, 3's after the
  // window) -> 6 ms over 2 cores x 3 s.
  CHECK(r.utilization[0].second == Approx(6e-3 / 6.0));
}
