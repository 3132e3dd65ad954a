// SPDX-License-Identifier: Apache-2.0
#include "calib/testbed/cpu_speed_trace.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace servesim::calib {
namespace {

using CallKind = std::tuple<std::size_t, int, bool>;  // stage, batch, co-run

CallKind kind_of(const CpuStageCall& call) { return {call.stage, call.batch, call.corun}; }

}  // namespace

sim::SpeedTrace cpu_speed_trace(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                std::size_t calls_per_window) {
  sim::SpeedTrace trace;
  std::erase_if(calls, [end_ns](const CpuStageCall& call) { return call.start_ns >= end_ns; });
  if (calls.empty()) return trace;
  std::map<CallKind, std::pair<double, std::size_t>> totals;  // duration sum, count
  std::int64_t last_start_ns = 0;
  for (const CpuStageCall& call : calls) {
    auto& [sum_ns, count] = totals[kind_of(call)];
    sum_ns += static_cast<double>(call.duration_ns);
    ++count;
    last_start_ns = std::max(last_start_ns, call.start_ns);
  }
  const double span_s = std::max(1.0, static_cast<double>(last_start_ns) / 1e9);
  const double calls_per_s = static_cast<double>(calls.size()) / span_s;
  const double window_s =
      std::max(1.0, std::ceil(static_cast<double>(calls_per_window) / calls_per_s));
  trace.window_ns = sim::duration_from_s(window_s);
  const auto windows = static_cast<std::size_t>(last_start_ns / trace.window_ns) + 1;
  std::vector<double> measured_ns(windows, 0.0), expected_ns(windows, 0.0);
  std::vector<std::size_t> count(windows, 0);
  for (const CpuStageCall& call : calls) {
    const auto w =
        static_cast<std::size_t>(std::max<std::int64_t>(call.start_ns, 0) / trace.window_ns);
    const auto& [sum_ns, kind_count] = totals[kind_of(call)];
    measured_ns[w] += static_cast<double>(call.duration_ns);
    expected_ns[w] += sum_ns / static_cast<double>(kind_count);
    ++count[w];
  }
  double previous = 1.0;
  for (std::size_t w = 0; w < windows; ++w) {
    if (count[w] >= kMinCallsPerWindow) previous = measured_ns[w] / expected_ns[w];
    trace.factors.push_back(previous);
  }
  return trace;
}

std::vector<CpuStageCall> at_mean_speed(std::vector<CpuStageCall> calls,
                                        const sim::SpeedTrace& trace) {
  for (CpuStageCall& call : calls) {
    call.duration_ns = static_cast<std::int64_t>(
        std::llround(static_cast<double>(call.duration_ns) / trace.at(call.start_ns)));
  }
  return calls;
}

}  // namespace servesim::calib
