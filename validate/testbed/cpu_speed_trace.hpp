// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/speed_trace.hpp"

#include "validate/testbed/cpu_stage_calls.hpp"
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace servesim::validate {

/// The machine's speed over a live run, read from the run's own cpu stage calls: a window's
/// factor is its calls' total time over what the same calls take at the run's mean speed, each
/// call against its own kind (stage, batch size, co-run). A kind's reference is its calls' mean
/// with the trace taken out, fitted together with the trace, so a kind that ran mostly in slow
/// stretches does not hide them. Every stage is pooled because the drift moves them together.
/// Windows are whole quarter seconds, at least 0.25 s and long enough for about `calls_per_window`
/// calls (a slow stretch of two seconds at 60% load is an overload whose peak a 1 s window averages
/// away); a window with fewer than kMinCallsPerWindow calls keeps the previous factor. Calls from
/// `end_ns` on (the drain after the last request was sent) are left out: they are few, and their
/// windows are past what a simulation of the run measures.
sim::SpeedTrace cpu_speed_trace(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                std::size_t calls_per_window = 100);
inline constexpr std::size_t kMinCallsPerWindow = 10;

/// What one call is expected to take, in ns: the reference a speed is measured against.
using CallReference = std::function<double(const CpuStageCall&)>;

/// The same windows, each call against `expected_ns` instead of its kind's run mean: with a
/// cost table's mean for the call's query, the run's speed relative to that table (the factors
/// then need not average to one).
sim::SpeedTrace cpu_speed_trace(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                const CallReference& expected_ns,
                                std::size_t calls_per_window = 100);

/// The trace's mean factor over its windows up to `end_ns`: the run's speed in one number.
double mean_factor(const sim::SpeedTrace& trace, std::int64_t end_ns);

/// The machine's speed before `end_ns` against `expected_ns`, in one number: the mean factor of
/// that stretch's own trace. With a run's warm-up as the stretch, what a short probe right before
/// the measured window knows; nothing (std::nullopt) when fewer than kMinCallsPerWindow calls
/// started before `end_ns`, too few to say.
std::optional<double> speed_factor_before(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                          const CallReference& expected_ns);

/// The calls with each duration divided by the trace's factor at its start: what they would
/// have taken at the run's mean speed (the trace puts the drift back in the simulation).
std::vector<CpuStageCall> at_mean_speed(std::vector<CpuStageCall> calls,
                                        const sim::SpeedTrace& trace);

}  // namespace servesim::validate
