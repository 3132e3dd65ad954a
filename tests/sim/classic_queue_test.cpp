// SPDX-License-Identifier: Apache-2.0
// The engine against queueing theory: the closed forms are the reference, the simulation must
// land within 2% and its own 95% interval must hold the truth.
#include "sim/queueing/classic_queue.hpp"

#include "sim/queueing/queue_formulas.hpp"
#include "sim/report/queue_report.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace servesim::sim;

namespace {
QueueConfig queue(QueueKind kind, double rho, std::uint64_t customers, std::uint64_t seed) {
  QueueConfig c;
  c.kind = kind;
  c.rho = rho;
  c.customers = customers;
  c.warmup_customers = customers / 10;
  c.seed = seed;
  return c;
}

void check_against_theory(const QueueConfig& config, double max_rel_error) {
  const QueueResult r = run_queue(config);
  const double truth = r.analytic_mean_wait_ms;
  INFO(queue_report_table(config, r));
  CHECK(std::abs(r.mean_wait_ms.value - truth) <= max_rel_error * truth);
  CHECK(std::abs(r.mean_wait_ms.value - truth) <= r.mean_wait_ms.ci95_halfwidth);
  // Little's law over the measured window.
  CHECK(r.arrival_rate_times_sojourn == Approx(r.mean_in_system).epsilon(0.01));
  CHECK(r.utilization == Approx(config.rho).epsilon(0.01));
  // Sojourn = wait + service, on average.
  CHECK(r.mean_sojourn_ms.value ==
        Approx(r.mean_wait_ms.value + config.mean_service_ms).epsilon(0.01));
}
}  // namespace

TEST_CASE("closed forms match textbook values", "[unit]") {
  CHECK(mm1_mean_wait(0.8, 1.0) == Approx(4.0));
  CHECK(md1_mean_wait(0.8, 1.0) == Approx(2.0));
  CHECK(mg1_mean_wait(0.8, 1.0, 1.0) == Approx(4.0));
  CHECK(erlang_c(1, 0.8) == Approx(0.8));
  // c = 4, a = 3.2 (rho 0.8): Erlang C = 0.5964 (tabulated).
  CHECK(erlang_c(4, 3.2) == Approx(0.5964).epsilon(1e-3));
  CHECK(mmc_mean_wait(4, 0.8, 1.0) == Approx(0.5964 / 0.8).epsilon(1e-3));
}

TEST_CASE("M/M/1 at rho 0.5 and 0.8 agrees with the closed form", "[slow]") {
  check_against_theory(queue(QueueKind::kMM1, 0.5, 2'000'000, 11), 0.02);
  check_against_theory(queue(QueueKind::kMM1, 0.8, 4'000'000, 12), 0.02);
}

TEST_CASE("M/M/4 at rho 0.8 agrees with Erlang C", "[slow]") {
  QueueConfig c = queue(QueueKind::kMMc, 0.8, 4'000'000, 13);
  c.servers = 4;
  check_against_theory(c, 0.02);
}

TEST_CASE("M/D/1 at rho 0.8 agrees with the closed form", "[slow]") {
  check_against_theory(queue(QueueKind::kMD1, 0.8, 3'000'000, 14), 0.02);
}

TEST_CASE("M/G/1 lognormal at rho 0.8 agrees with Pollaczek-Khinchine", "[slow]") {
  QueueConfig c = queue(QueueKind::kMG1, 0.8, 4'000'000, 15);
  c.service_cv = 1.5;
  check_against_theory(c, 0.02);
}

TEST_CASE("M/M/1 at rho 0.95: the interval holds the truth and is narrower than 5%", "[slow]") {
  const QueueConfig c = queue(QueueKind::kMM1, 0.95, 12'000'000, 16);
  const QueueResult r = run_queue(c);
  INFO(queue_report_table(c, r));
  CHECK(std::abs(r.mean_wait_ms.value - r.analytic_mean_wait_ms) <= r.mean_wait_ms.ci95_halfwidth);
  CHECK(r.mean_wait_ms.ci95_halfwidth < 0.05 * r.analytic_mean_wait_ms);
  CHECK(r.arrival_rate_times_sojourn == Approx(r.mean_in_system).epsilon(0.01));
}

TEST_CASE("same seed gives the same bytes, another seed does not", "[unit]") {
  const QueueConfig a = queue(QueueKind::kMG1, 0.7, 50'000, 5);
  QueueConfig b = a;
  b.seed = 6;
  const std::string first = queue_report_json(a, run_queue(a));
  CHECK(first == queue_report_json(a, run_queue(a)));
  CHECK(first != queue_report_json(b, run_queue(b)));
}

TEST_CASE("bad queue settings name the option to fix", "[unit]") {
  QueueConfig c;
  c.rho = 1.2;
  CHECK_THROWS_WITH(c.validate(), Catch::Contains("--rho must be in (0, 1)"));
  c.rho = 0.5;
  c.servers = 3;
  CHECK_THROWS_WITH(c.validate(), Catch::Contains("--servers applies to --queue mmc only"));
  CHECK_THROWS_WITH(parse_queue_kind("mm2"), Catch::Contains("unknown queue 'mm2'"));
}
