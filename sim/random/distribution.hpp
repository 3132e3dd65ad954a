// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/random/rng_stream.hpp"

#include <string>
#include <vector>

namespace servesim::sim {

/// A point of an empirical distribution: the value below which a fraction `probability` falls.
struct QuantilePoint {
  double probability;
  double value;
};

/// A non-negative random quantity (a service time, a gap between arrivals, a count). A small
/// value type: the kind and its parameters, with exact mean and variance for the tests and the
/// analytic bounds.
class Distribution {
 public:
  enum class Kind { kDeterministic, kExponential, kUniform, kLognormal, kGamma, kEmpirical };

  static Distribution deterministic(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double low, double high);
  /// Lognormal given its own mean and coefficient of variation (not the underlying normal's).
  static Distribution lognormal(double mean, double cv);
  static Distribution gamma(double shape, double scale);
  /// Piecewise-linear inverse CDF through stored quantiles. Needs points at probability 0 and 1
  /// (the observed min and max) and non-decreasing values.
  static Distribution empirical(std::vector<QuantilePoint> points);

  double sample(RngStream& rng) const;
  double mean() const;
  double variance() const;
  /// The value at probability p (exact inverse CDF).
  double quantile(double p) const;
  Kind kind() const { return kind_; }
  /// Readable form for provenance, e.g. "lognormal(mean=1,cv=0.5)".
  std::string describe() const;

 private:
  Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
  double sample_gamma(RngStream& rng) const;

  Kind kind_;
  double a_;  // deterministic value | exp mean | uniform low | lognormal mu | gamma shape
  double b_;  // uniform high | lognormal sigma | gamma scale
  std::vector<QuantilePoint> points_;
};

/// Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
double standard_normal_quantile(double p);

}  // namespace servesim::sim
