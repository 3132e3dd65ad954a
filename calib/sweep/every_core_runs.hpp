// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/point_timer.hpp"

#include <functional>
#include <vector>

namespace servesim::calib {

/// A point timed on each core in turn, its samples pooled.
struct EveryCoreRuns {
  TimedRuns pooled;                    ///< equal numbers of samples from every core
  std::vector<int> cores;              ///< in measuring order
  std::vector<double> core_median_ns;  ///< each core's own median, same order
};

/// Times `run` pinned to each of `cores` in turn (time_repeatedly on each) and pools the first
/// n samples of every core, n the smallest count, so each core weighs the same. Why: the vCPUs
/// of a shared VM are not equal (on the machine this was written on one core ran MobileNetV2
/// 17% and resize 70% slower than the other, and which one was slower changed between days),
/// and a server's unpinned workers run on all of them, so a table measured on whichever core the
/// scheduler chose describes neither. The pooled samples are the mixture a call that lands on a
/// random core sees. Throws std::invalid_argument for an empty `cores`.
EveryCoreRuns time_on_every_core(const std::function<void()>& run, const RepetitionPolicy& policy,
                                 const std::vector<int>& cores);

}  // namespace servesim::calib
