// SPDX-License-Identifier: Apache-2.0
// Calls of cpu stages from a run's stage records: one per batch, labelled alone or co-run by
// the simulator's rule, the warm-up left out.
#include "validate/testbed/cpu_stage_calls.hpp"

#include "tests/support/shipped_topology.hpp"

#include <catch2/catch.hpp>

using namespace servesim;

namespace {

const sim::Topology& topology() { return test::shipped_topology("cpu_only"); }
std::size_t stage_index(const std::string& name) { return test::stage_index(topology(), name); }

sim::RequestStageRecord record(std::int64_t id, const std::string& stage, std::int64_t start_ns,
                               std::int64_t end_ns, int batch = 1) {
  sim::RequestStageRecord r;
  r.request_id = id;
  r.stage = stage;
  r.enter_ns = start_ns;
  r.start_ns = start_ns;
  r.end_ns = end_ns;
  r.batch_size = batch;
  return r;
}

}  // namespace

TEST_CASE("a batch is one call; network stages are not cpu calls", "[unit]") {
  const std::vector<sim::RequestStageRecord> records = {
      record(1, "recv", 0, 100), record(1, "decode", 100, 1100), record(1, "infer", 2000, 12000, 2),
      record(2, "infer", 2000, 12000, 2), record(2, "send", 12000, 12100)};
  const auto calls = validate::cpu_stage_calls(topology(), records, 0);
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].stage == stage_index("decode"));
  CHECK(calls[0].duration_ns == 1000);
  CHECK(calls[1].stage == stage_index("infer"));
  CHECK(calls[1].batch == 2);
  CHECK(calls[1].duration_ns == 10000);
  CHECK_FALSE(calls[0].corun);
  CHECK_FALSE(calls[1].corun);
}

TEST_CASE("a call that starts while another runs on the pool is co-run", "[unit]") {
  const std::vector<sim::RequestStageRecord> records = {
      record(1, "infer", 0, 10000),       // alone
      record(2, "decode", 5000, 6000),    // starts inside request 1's infer
      record(3, "resize", 10000, 11000),  // starts as the infer ends: alone
      record(4, "decode", 20000, 21000)};
  const auto calls = validate::cpu_stage_calls(topology(), records, 0);
  REQUIRE(calls.size() == 4);
  CHECK_FALSE(calls[0].corun);
  CHECK(calls[1].corun);
  CHECK_FALSE(calls[2].corun);
  CHECK_FALSE(calls[3].corun);
}

TEST_CASE("only a wait during which the pool ran nothing is a hand-over to an idle pool",
          "[unit]") {
  auto waited = [](std::int64_t id, const std::string& stage, std::int64_t enter_ns,
                   std::int64_t start_ns, std::int64_t end_ns) {
    sim::RequestStageRecord r = record(id, stage, start_ns, end_ns);
    r.enter_ns = enter_ns;
    return r;
  };
  const std::vector<sim::RequestStageRecord> records = {
      waited(1, "decode", 0, 50, 1000),      // the pool was idle: a wake-up
      waited(2, "decode", 500, 1000, 2000),  // waited while request 1 ran, then started alone
      waited(3, "post", 2100, 2200, 2300)};  // idle again since 2000
  const auto calls = validate::cpu_stage_calls(topology(), records, 0);
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].pool_idle_while_waiting);
  CHECK_FALSE(calls[1].corun);
  CHECK_FALSE(calls[1].pool_idle_while_waiting);
  CHECK(calls[1].queue_ns == 500);
  CHECK(calls[2].pool_idle_while_waiting);
}

TEST_CASE("calls in the warm-up are left out but still make later calls co-run", "[unit]") {
  const std::vector<sim::RequestStageRecord> records = {record(1, "infer", 0, 10000),
                                                        record(2, "decode", 5000, 6000),
                                                        record(3, "decode", 12000, 13000)};
  const auto calls = validate::cpu_stage_calls(topology(), records, 5000);
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].start_ns == 5000);
  CHECK(calls[0].corun);
  CHECK_FALSE(calls[1].corun);
}

TEST_CASE("a timed batch that found a unit and an instance free records how late it started",
          "[unit]") {
  // cpu_only: two cores, infer batches of up to 4 with a 2 ms max_delay on two instances.
  auto waited = [](std::int64_t id, const std::string& stage, std::int64_t enter_ns,
                   std::int64_t start_ns, std::int64_t end_ns, int batch = 1) {
    sim::RequestStageRecord r = record(id, stage, start_ns, end_ns, batch);
    r.enter_ns = enter_ns;
    return r;
  };
  const std::vector<sim::RequestStageRecord> records = {
      // Two items; the later one is listed first, the deadline counts from the earlier.
      waited(2, "infer", 500'000, 2'300'000, 12'000'000, 2),
      waited(1, "infer", 0, 2'300'000, 12'000'000, 2),
      // Full: sent when its fourth item came, not by the timer.
      waited(3, "infer", 14'000'000, 15'000'000, 20'000'000, 4),
      // Deadline 23 ms, but both cores took a decode before the batch could start.
      waited(4, "decode", 21'000'000, 21'000'000, 24'000'000),
      waited(5, "decode", 23'100'000, 23'100'000, 24'000'000),
      waited(6, "infer", 21'000'000, 24'000'000, 30'000'000),
      // Another batch runs at the deadline (36 ms): one instance and one core are still free.
      waited(7, "infer", 31'000'000, 33'000'000, 50'000'000),
      waited(8, "infer", 34'000'000, 36'400'000, 45'000'000)};
  const auto calls = validate::cpu_stage_calls(topology(), records, 0);
  auto late_of = [&](std::int64_t start_ns) {
    for (const validate::CpuStageCall& c : calls) {
      if (c.start_ns == start_ns) return c.timer_late_ns;
    }
    FAIL("no call starts at " << start_ns);
    return std::int64_t{-2};
  };
  CHECK(late_of(2'300'000) == 300'000);
  CHECK(late_of(15'000'000) == -1);
  CHECK(late_of(21'000'000) == -1);  // a decode: not a batch
  CHECK(late_of(24'000'000) == -1);
  CHECK(late_of(33'000'000) == 0);
  CHECK(late_of(36'400'000) == 400'000);
  for (const validate::CpuStageCall& c : calls) {
    if (c.start_ns == 2'300'000) CHECK(c.queue_ns == 2'300'000);
  }
}

TEST_CASE("a run's last call with the other core busy and a job queued records the turnaround",
          "[unit]") {
  // cpu_only: decode, resize and normalize run back to back on one worker, then the batch, then
  // post; two cores. Request 9's infer keeps the other core busy from 0 to 100 us.
  auto us = [](std::int64_t v) { return v * 1000; };
  auto waited = [&](std::int64_t id, const std::string& stage, std::int64_t enter_us,
                    std::int64_t start_us, std::int64_t end_us) {
    sim::RequestStageRecord r = record(id, stage, us(start_us), us(end_us));
    r.enter_ns = us(enter_us);
    return r;
  };
  const std::vector<sim::RequestStageRecord> records = {
      waited(9, "infer", 0, 0, 100),
      waited(1, "decode", 0, 0, 10),
      waited(1, "resize", 10, 10, 12),
      waited(1, "normalize", 12, 12, 14),  // ends the run with decode 2 queued since 5 us
      waited(2, "decode", 5, 16, 24),      // 2 us later
      waited(2, "resize", 24, 24, 26),
      waited(2, "normalize", 26, 26, 28),  // nothing queued: the worker may have slept
      waited(3, "post", 29, 40, 41),
      waited(4, "post", 30, 44, 45),  // queued when post 3 ended: 3 us later
      waited(5, "decode", 44, 60, 90),
      waited(5, "resize", 90, 90, 95),
      waited(5, "normalize", 95, 95, 99),  // decode 6 queued, but the infer ends first
      waited(6, "decode", 98, 101, 110)};
  const auto calls = validate::cpu_stage_calls(topology(), records, 0);
  auto turnaround_of = [&](const std::string& stage, std::int64_t start_us) {
    for (const validate::CpuStageCall& c : calls) {
      if (c.start_ns == us(start_us) && c.stage == stage_index(stage)) return c.turnaround_ns;
    }
    FAIL("no " << stage << " call starts at " << start_us << " us");
    return std::int64_t{-2};
  };
  CHECK(turnaround_of("normalize", 12) == us(2));
  CHECK(turnaround_of("decode", 0) == -1);  // a run goes on after decode and resize
  CHECK(turnaround_of("resize", 10) == -1);
  CHECK(turnaround_of("normalize", 26) == -1);
  CHECK(turnaround_of("post", 40) == us(3));
  CHECK(turnaround_of("post", 44) == us(15));   // decode 5 waited since 44 us
  CHECK(turnaround_of("normalize", 95) == -1);  // either core could have taken decode 6
  CHECK(turnaround_of("infer", 0) == -1);       // nothing else ran when it ended
}

TEST_CASE("a worker's run starts after a hand-over and ends before one", "[unit]") {
  const sim::Topology& t = topology();
  CHECK(validate::starts_worker_run(t, stage_index("decode")));
  CHECK_FALSE(validate::starts_worker_run(t, stage_index("resize")));
  CHECK_FALSE(validate::starts_worker_run(t, stage_index("infer")));  // the batcher hands it over
  CHECK(validate::starts_worker_run(t, stage_index("post")));
  CHECK_FALSE(validate::ends_worker_run(t, stage_index("decode")));
  CHECK(validate::ends_worker_run(t, stage_index("normalize")));
  CHECK(validate::ends_worker_run(t, stage_index("infer")));
  CHECK(validate::ends_worker_run(t, stage_index("post")));
}
