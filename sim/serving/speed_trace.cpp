// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/speed_trace.hpp"

#include "sim/util/csv_input.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {

double SpeedTrace::at(SimTime t_ns) const {
  if (factors.empty()) return 1.0;
  const SimTime window = t_ns / window_ns;
  const auto last = static_cast<SimTime>(factors.size()) - 1;
  return factors[static_cast<std::size_t>(std::clamp<SimTime>(window, 0, last))];
}

void SpeedTrace::validate() const {
  if (factors.empty()) return;
  if (window_ns <= 0) throw std::invalid_argument("cpu speed trace: the window must be positive");
  for (std::size_t k = 0; k < factors.size(); ++k) {
    if (!(factors[k] > 0) || !std::isfinite(factors[k])) {
      throw std::invalid_argument("cpu speed trace: window " + std::to_string(k) + " has factor " +
                                  std::to_string(factors[k]) + "; factors must be positive");
    }
  }
}

SpeedTrace SpeedTrace::read_csv(const std::string& path) {
  std::ifstream in = open_csv_input(path, "time_s,factor", "the speed trace");
  std::string line;
  std::vector<double> times_s;
  SpeedTrace trace;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    double time_s = 0, factor = 0;
    char comma = 0;
    std::string rest;
    if (!(fields >> time_s >> comma >> factor) || comma != ',' || (fields >> rest)) {
      throw std::invalid_argument(path + ":" + std::to_string(line_number) +
                                  ": expected two numbers 'time_s,factor', got '" + line + "'");
    }
    if (!(factor > 0) || !std::isfinite(factor)) {
      throw std::invalid_argument(path + ":" + std::to_string(line_number) +
                                  ": factor must be positive (1 = the cost tables' speed)");
    }
    // Row k is at k steps; the second row sets the step.
    const std::size_t k = times_s.size();
    const bool on_step = k == 0   ? time_s == 0
                         : k == 1 ? time_s > 0
                                  : std::abs(time_s - static_cast<double>(k) * times_s[1]) <=
                                        1e-6 * std::max(1.0, time_s);
    if (!on_step) {
      throw std::invalid_argument(
          path + ":" + std::to_string(line_number) +
          ": time_s must start at 0 and go up in equal steps (one row per window)");
    }
    times_s.push_back(time_s);
    trace.factors.push_back(factor);
  }
  if (trace.factors.empty()) throw std::invalid_argument(path + ": the speed trace has no rows");
  // One row: a constant factor over the whole run.
  trace.window_ns =
      times_s.size() < 2 ? duration_from_s(1.0) : duration_from_s(times_s[1] - times_s[0]);
  return trace;
}

}  // namespace servesim::sim
