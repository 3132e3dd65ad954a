// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/cpu_speed_trace.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

namespace servesim::validate {
namespace {

using CallKind = std::tuple<std::size_t, int, bool>;  // stage, batch, co-run

CallKind kind_of(const CpuStageCall& call) { return {call.stage, call.batch, call.corun}; }

// Alternating between windows and kinds converges geometrically (on a testbed run with a 3x slow
// stretch each pass cut the largest change about threefold, 12% after the first); stop when no
// factor moves by more than kReferenceTolerance, or after kMaxReferencePasses.
constexpr double kReferenceTolerance = 1e-4;
constexpr int kMaxReferencePasses = 50;

double largest_change(const sim::SpeedTrace& before, const sim::SpeedTrace& after) {
  if (before.factors.size() != after.factors.size()) return 1.0;
  double change = 0;
  for (std::size_t w = 0; w < after.factors.size(); ++w) {
    change = std::max(change, std::abs(after.factors[w] / before.factors[w] - 1.0));
  }
  return change;
}

}  // namespace

sim::SpeedTrace cpu_speed_trace(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                std::size_t calls_per_window) {
  std::erase_if(calls, [end_ns](const CpuStageCall& call) { return call.start_ns >= end_ns; });
  double total_ns = 0;
  for (const CpuStageCall& call : calls) total_ns += static_cast<double>(call.duration_ns);
  // A kind's reference is its mean at the run's mean speed, which the trace itself gives: each
  // pass measures the windows against the kinds' references, then the references against the
  // windows. Starting from the plain run means, a kind that ran mostly in a slow stretch
  // (batches of four only form in one) would carry that stretch in its mean and hide it.
  std::map<CallKind, double> reference_ns;
  const CallReference kind_reference_ns = [&reference_ns](const CpuStageCall& call) {
    return reference_ns.at(kind_of(call));
  };
  sim::SpeedTrace trace;  // empty: every factor 1, so the first pass uses the run means
  for (int pass = 0; pass < kMaxReferencePasses; ++pass) {
    std::map<CallKind, std::pair<double, std::size_t>> totals;  // sum at mean speed, count
    for (const CpuStageCall& call : calls) {
      auto& [sum_ns, count] = totals[kind_of(call)];
      sum_ns += static_cast<double>(call.duration_ns) / trace.at(call.start_ns);
      ++count;
    }
    // Scaled so the references add up to the calls' time, as the run means do: the factors
    // then average to one over the calls.
    double referenced_ns = 0;
    for (const auto& [kind, sum_count] : totals) referenced_ns += sum_count.first;
    const double scale = referenced_ns > 0 ? total_ns / referenced_ns : 1.0;
    for (const auto& [kind, sum_count] : totals) {
      reference_ns[kind] = scale * sum_count.first / static_cast<double>(sum_count.second);
    }
    sim::SpeedTrace next = cpu_speed_trace(calls, end_ns, kind_reference_ns, calls_per_window);
    const bool settled = largest_change(trace, next) <= kReferenceTolerance;
    trace = std::move(next);
    if (settled) break;
  }
  return trace;
}

sim::SpeedTrace cpu_speed_trace(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                const CallReference& expected_ns, std::size_t calls_per_window) {
  sim::SpeedTrace trace;
  std::erase_if(calls, [end_ns](const CpuStageCall& call) { return call.start_ns >= end_ns; });
  if (calls.empty()) return trace;
  std::int64_t last_start_ns = 0;
  for (const CpuStageCall& call : calls) last_start_ns = std::max(last_start_ns, call.start_ns);
  const double span_s = std::max(1.0, static_cast<double>(last_start_ns) / 1e9);
  const double calls_per_s = static_cast<double>(calls.size()) / span_s;
  const double window_s =
      std::max(0.25, std::ceil(4.0 * static_cast<double>(calls_per_window) / calls_per_s) / 4.0);
  trace.window_ns = sim::duration_from_s(window_s);
  const auto windows = static_cast<std::size_t>(last_start_ns / trace.window_ns) + 1;
  std::vector<double> measured_ns(windows, 0.0), reference_ns(windows, 0.0);
  std::vector<std::size_t> count(windows, 0);
  for (const CpuStageCall& call : calls) {
    const auto w =
        static_cast<std::size_t>(std::max<std::int64_t>(call.start_ns, 0) / trace.window_ns);
    measured_ns[w] += static_cast<double>(call.duration_ns);
    reference_ns[w] += expected_ns(call);
    ++count[w];
  }
  // Before the first full window, the first full window's factor (not 1: against a table the
  // run's speed is what is being measured); 1 only when no window is full.
  double previous = 1.0;
  for (std::size_t w = 0; w < windows; ++w) {
    if (count[w] < kMinCallsPerWindow) continue;
    previous = measured_ns[w] / reference_ns[w];
    break;
  }
  for (std::size_t w = 0; w < windows; ++w) {
    if (count[w] >= kMinCallsPerWindow) previous = measured_ns[w] / reference_ns[w];
    trace.factors.push_back(previous);
  }
  return trace;
}

double mean_factor(const sim::SpeedTrace& trace, std::int64_t end_ns) {
  if (trace.factors.empty()) return 1.0;
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t w = 0; w < trace.factors.size(); ++w) {
    if (static_cast<std::int64_t>(w) * trace.window_ns >= end_ns) break;
    sum += trace.factors[w];
    ++n;
  }
  return n ? sum / static_cast<double>(n) : trace.factors.front();
}

std::optional<double> speed_factor_before(std::vector<CpuStageCall> calls, std::int64_t end_ns,
                                          const CallReference& expected_ns) {
  std::erase_if(calls, [end_ns](const CpuStageCall& call) { return call.start_ns >= end_ns; });
  if (calls.size() < kMinCallsPerWindow) return std::nullopt;
  return mean_factor(cpu_speed_trace(std::move(calls), end_ns, expected_ns), end_ns);
}

std::vector<CpuStageCall> at_mean_speed(std::vector<CpuStageCall> calls,
                                        const sim::SpeedTrace& trace) {
  for (CpuStageCall& call : calls) {
    call.duration_ns = static_cast<std::int64_t>(
        std::llround(static_cast<double>(call.duration_ns) / trace.at(call.start_ns)));
  }
  return calls;
}

}  // namespace servesim::validate
