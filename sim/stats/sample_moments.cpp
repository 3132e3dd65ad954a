// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/sample_moments.hpp"

#include <cmath>
#include <stdexcept>

namespace servesim::sim {

SampleMoments sample_moments(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("sample_moments: no values");
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  for (double x : values) sum += x;
  SampleMoments m;
  m.mean = sum / n;
  double squares = 0;
  for (double x : values) squares += (x - m.mean) * (x - m.mean);
  m.stddev = values.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
  return m;
}

}  // namespace servesim::sim
