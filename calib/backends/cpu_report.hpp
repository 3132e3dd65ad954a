// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_writer.hpp"
#include "calib/sweep/cpu_sweep.hpp"
#include "calib/sweep/point_timer.hpp"

#include <string>

namespace servesim::calib {

/// One progress line's result: "p50 1.062 ms, 176.5 Mpx/s, 40 runs, +-1.1%".
std::string point_summary(const CostPoint& point, const TimedRuns& runs);

/// What a CPU sweep measured, for stdout: one row per point (p50, mean, runs, the median's
/// interval, Mpx/s for image ops and items/s for the rest) and the fits.
std::string cpu_report(const CpuSweepConfig& config, const std::string& db_path,
                       const CpuSweepResult& result);

}  // namespace servesim::calib
