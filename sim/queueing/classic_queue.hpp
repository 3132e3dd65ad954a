// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/stats/batch_means.hpp"

#include <cstdint>
#include <string>

namespace servesim::sim {

enum class QueueKind { kMM1, kMMc, kMD1, kMG1 };

QueueKind parse_queue_kind(const std::string& text);
std::string to_string(QueueKind kind);

/// A classic single-queue system (Poisson arrivals, FIFO, c servers): the engine's check against
/// queueing theory, and the benchmark of its speed.
struct QueueConfig {
  QueueKind kind = QueueKind::kMM1;
  int servers = 1;
  double rho = 0.8;  // per-server utilisation
  double mean_service_ms = 1.0;
  double service_cv = 1.0;  // M/G/1 only: lognormal service with this CV
  std::uint64_t customers = 1'000'000;
  std::uint64_t warmup_customers = 0;  // excluded from every statistic
  std::uint64_t seed = 1;

  /// Throws std::invalid_argument naming the option to fix.
  void validate() const;
  std::string to_json() const;
};

struct QueueResult {
  std::uint64_t customers_measured = 0;
  Estimate mean_wait_ms;
  Estimate mean_sojourn_ms;
  Estimate p50_sojourn_ms;
  Estimate p99_sojourn_ms;
  double analytic_mean_wait_ms = 0.0;
  double utilization = 0.0;
  /// Little's law, both sides over the measured window: time-average number in system, and
  /// arrival rate times mean sojourn.
  double mean_in_system = 0.0;
  double arrival_rate_times_sojourn = 0.0;
  double throughput_per_s = 0.0;
  double simulated_s = 0.0;
  std::uint64_t events = 0;
  LatencyHistogram sojourn_histogram;
};

double analytic_mean_wait_ms(const QueueConfig& config);
QueueResult run_queue(const QueueConfig& config);

}  // namespace servesim::sim
