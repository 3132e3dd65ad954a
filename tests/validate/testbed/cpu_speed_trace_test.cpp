// SPDX-License-Identifier: Apache-2.0
// The machine's speed over a live run, from its own cpu stage calls: each window's calls against
// their kinds' means, stages pooled; the drain and thin windows left out.
#include "validate/testbed/cpu_speed_trace.hpp"

#include <catch2/catch.hpp>

using namespace servesim;

namespace {

/// `per_s` calls a second alternating between stage 0 (1 ms) and stage 1 (10 ms), in
/// [from_s, to_s), `factor` times slower than that.
void add_calls(std::vector<validate::CpuStageCall>& calls, double from_s, double to_s, int per_s,
               double factor) {
  const auto step_ns = static_cast<std::int64_t>(1e9 / per_s);
  int n = 0;
  for (auto t = static_cast<std::int64_t>(from_s * 1e9); t < static_cast<std::int64_t>(to_s * 1e9);
       t += step_ns, ++n) {
    validate::CpuStageCall call;
    call.stage = static_cast<std::size_t>(n % 2);
    call.start_ns = t;
    call.duration_ns = static_cast<std::int64_t>((call.stage == 0 ? 1e6 : 1e7) * factor);
    calls.push_back(call);
  }
}

}  // namespace

TEST_CASE("a window's factor is its calls' time against their kinds' run means", "[unit]") {
  std::vector<validate::CpuStageCall> calls;
  add_calls(calls, 0, 2, 200, 1.0);
  add_calls(calls, 2, 4, 200, 1.5);
  // The drain: after the run's end, few and odd; left out.
  validate::CpuStageCall late;
  late.start_ns = 4'200'000'000;
  late.duration_ns = 1'000'000'000;
  calls.push_back(late);

  const sim::SpeedTrace trace = validate::cpu_speed_trace(calls, 4'000'000'000);
  CHECK(trace.window_ns == 500'000'000);  // 200 calls a second: 0.5 s holds 100
  REQUIRE(trace.factors.size() == 8);
  // Each kind's mean is 1.25x its fast time.
  for (std::size_t w = 0; w < 8; ++w) {
    CHECK(trace.factors[w] == Approx((w < 4 ? 1.0 : 1.5) / 1.25));
  }

  // Quarter seconds at the finest, rounded up to whole quarters.
  CHECK(validate::cpu_speed_trace(calls, 4'000'000'000, 10).window_ns == 250'000'000);
  CHECK(validate::cpu_speed_trace(calls, 4'000'000'000, 110).window_ns == 750'000'000);

  // At the run's mean speed every call of a kind takes the same time.
  calls.pop_back();
  for (const validate::CpuStageCall& call : validate::at_mean_speed(calls, trace)) {
    CHECK(call.duration_ns == (call.stage == 0 ? 1'250'000 : 12'500'000));
  }
}

TEST_CASE("a sparse run gets longer windows; a thin window keeps the previous factor", "[unit]") {
  std::vector<validate::CpuStageCall> calls;
  add_calls(calls, 0, 10, 20, 1.0);
  add_calls(calls, 10, 20, 20, 2.0);
  const sim::SpeedTrace trace = validate::cpu_speed_trace(calls, 20'000'000'000);
  CHECK(trace.window_ns == 5'000'000'000);  // 20 calls a second: 5 s hold 100
  REQUIRE(trace.factors.size() == 4);
  CHECK(trace.factors[0] == Approx(1.0 / 1.5));
  CHECK(trace.factors[3] == Approx(2.0 / 1.5));

  // Second 1 has only 5 calls (fewer than kMinCallsPerWindow): its window keeps second 0's.
  // (405 calls in 3 s: 120 a window makes windows of 1 s.)
  std::vector<validate::CpuStageCall> dense;
  add_calls(dense, 0, 1, 200, 1.0);
  add_calls(dense, 1, 1.025, 200, 3.0);
  add_calls(dense, 2, 3, 200, 2.0);
  const sim::SpeedTrace gaps = validate::cpu_speed_trace(dense, 3'000'000'000, 120);
  REQUIRE(gaps.window_ns == 1'000'000'000);
  REQUIRE(gaps.factors.size() == 3);
  CHECK(gaps.factors[1] == gaps.factors[0]);
  CHECK(gaps.factors[2] > gaps.factors[0]);
  CHECK(validate::cpu_speed_trace({}, 1'000'000'000).empty());
}

TEST_CASE("against a reference, the factors are the run's speed relative to it", "[unit]") {
  // A table that says 1 ms and 10 ms; the run took 1.2x that for 2 s, then 1.5x for 2 s.
  std::vector<validate::CpuStageCall> calls;
  add_calls(calls, 0, 2, 200, 1.2);
  add_calls(calls, 2, 4, 200, 1.5);
  const validate::CallReference table_ns = [](const validate::CpuStageCall& call) {
    return call.stage == 0 ? 1e6 : 1e7;
  };
  const sim::SpeedTrace trace = validate::cpu_speed_trace(calls, 4'000'000'000, table_ns);
  REQUIRE(trace.factors.size() == 8);
  CHECK(trace.factors[0] == Approx(1.2));
  CHECK(trace.factors[7] == Approx(1.5));
  CHECK(validate::mean_factor(trace, 4'000'000'000) == Approx(1.35));
  // Only the windows before the end count.
  CHECK(validate::mean_factor(trace, 2'000'000'000) == Approx(1.2));

  // A thin first window takes the first full window's factor, not 1: against a table, the run's
  // speed is the unknown.
  std::vector<validate::CpuStageCall> late_start;
  add_calls(late_start, 0, 0.02, 200, 3.0);
  add_calls(late_start, 1, 3, 200, 1.4);
  const sim::SpeedTrace late = validate::cpu_speed_trace(late_start, 3'000'000'000, table_ns, 120);
  REQUIRE(late.factors.size() == 3);
  CHECK(late.factors[0] == Approx(1.4));
  CHECK(validate::mean_factor(sim::SpeedTrace{}, 1'000'000'000) == 1.0);
}

TEST_CASE("a kind seen only in a slow stretch does not hide the stretch", "[unit]") {
  // Stages 0 and 1 throughout, 1.5x slower in [2 s, 4 s); in that stretch only, stage 2 calls
  // (like batches of four, which form only when the server falls behind) at 20 ms a call.
  std::vector<validate::CpuStageCall> calls;
  add_calls(calls, 0, 2, 200, 1.0);
  add_calls(calls, 2, 4, 200, 1.5);
  for (std::int64_t t = 2'000'000'000; t < 4'000'000'000; t += 10'000'000) {
    validate::CpuStageCall batch;
    batch.stage = 2;
    batch.start_ns = t + 1;
    batch.duration_ns = 30'000'000;
    calls.push_back(batch);
  }
  const sim::SpeedTrace trace = validate::cpu_speed_trace(calls, 4'000'000'000);
  REQUIRE(trace.factors.size() == 8);  // 250 calls a second: windows of 0.5 s
  // Against the run means, stage 2's calls would read as normal speed and pull the stretch's
  // factor towards one; fitted, the stretch is 1.5x the rest, as stages 0 and 1 say.
  CHECK(trace.factors[4] / trace.factors[0] == Approx(1.5).epsilon(0.005));
  CHECK(trace.factors[1] / trace.factors[0] == Approx(1.0).epsilon(0.005));
  // At the run's mean speed, stage 2 takes 20 ms against stage 0's 1 ms, as it did.
  for (const validate::CpuStageCall& call : validate::at_mean_speed(calls, trace)) {
    if (call.stage == 2) {
      CHECK(static_cast<double>(call.duration_ns) / (1e6 / trace.factors[0]) ==
            Approx(20.0).epsilon(0.01));
    }
  }
}

TEST_CASE("the speed before a time is that stretch's alone, and needs enough calls", "[unit]") {
  // A table that says 1 ms and 10 ms; a 1 s warm-up at 1.1x, then 1.6x for the rest of the run.
  const validate::CallReference table_ns = [](const validate::CpuStageCall& call) {
    return call.stage == 0 ? 1e6 : 1e7;
  };
  std::vector<validate::CpuStageCall> calls;
  add_calls(calls, 0, 1, 200, 1.1);
  add_calls(calls, 1, 4, 200, 1.6);
  const auto warmup = validate::speed_factor_before(calls, 1'000'000'000, table_ns);
  REQUIRE(warmup.has_value());
  CHECK(*warmup == Approx(1.1));
  // The whole run's speed is another number: the stretch after the end does not leak in.
  CHECK(*validate::speed_factor_before(calls, 4'000'000'000, table_ns) == Approx(1.475));

  // Nine calls say nothing; ten are enough.
  std::vector<validate::CpuStageCall> few;
  add_calls(few, 0, 0.045, 200, 2.0);  // 0, 5, ..., 40 ms: nine calls
  REQUIRE(few.size() == 9);
  CHECK_FALSE(validate::speed_factor_before(few, 1'000'000'000, table_ns).has_value());
  add_calls(few, 0.045, 0.05, 200, 2.0);
  CHECK(*validate::speed_factor_before(few, 1'000'000'000, table_ns) == Approx(2.0));
  CHECK_FALSE(validate::speed_factor_before(calls, 0, table_ns).has_value());
}
