// SPDX-License-Identifier: Apache-2.0
#include "sim/random/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {
namespace {
void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("distribution: " + what);
}
}  // namespace

double standard_normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - p_low) return -standard_normal_quantile(1 - p);
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

Distribution Distribution::deterministic(double value) {
  require(value >= 0 && std::isfinite(value), "deterministic value must be finite and >= 0");
  return Distribution(Kind::kDeterministic, value, 0);
}

Distribution Distribution::exponential(double mean) {
  require(mean > 0 && std::isfinite(mean), "exponential mean must be > 0");
  return Distribution(Kind::kExponential, mean, 0);
}

Distribution Distribution::uniform(double low, double high) {
  require(low >= 0 && high >= low && std::isfinite(high), "uniform needs 0 <= low <= high");
  return Distribution(Kind::kUniform, low, high);
}

Distribution Distribution::lognormal(double mean, double cv) {
  require(mean > 0 && cv > 0 && std::isfinite(mean) && std::isfinite(cv),
          "lognormal needs mean > 0 and cv > 0");
  const double sigma2 = std::log1p(cv * cv);
  return Distribution(Kind::kLognormal, std::log(mean) - sigma2 / 2, std::sqrt(sigma2));
}

Distribution Distribution::gamma(double shape, double scale) {
  require(shape > 0 && scale > 0, "gamma needs shape > 0 and scale > 0");
  return Distribution(Kind::kGamma, shape, scale);
}

Distribution Distribution::empirical(std::vector<QuantilePoint> points) {
  require(points.size() >= 2, "empirical needs at least two quantile points");
  std::sort(points.begin(), points.end(), [](const QuantilePoint& x, const QuantilePoint& y) {
    return x.probability < y.probability;
  });
  require(points.front().probability == 0.0 && points.back().probability == 1.0,
          "empirical needs points at probability 0 (min) and 1 (max)");
  for (std::size_t i = 1; i < points.size(); ++i) {
    require(points[i].value >= points[i - 1].value,
            "empirical quantile values must not decrease with probability");
    require(points[i].probability > points[i - 1].probability,
            "empirical probabilities must be distinct");
  }
  require(points.front().value >= 0, "empirical values must be >= 0");
  Distribution d(Kind::kEmpirical, 0, 0);
  d.points_ = std::move(points);
  return d;
}

double Distribution::quantile(double p) const {
  switch (kind_) {
    case Kind::kDeterministic:
      return a_;
    case Kind::kExponential:
      return -a_ * std::log1p(-p);
    case Kind::kUniform:
      return a_ + (b_ - a_) * p;
    case Kind::kLognormal:
      return std::exp(a_ + b_ * standard_normal_quantile(p));
    case Kind::kGamma:
      throw std::logic_error("distribution: gamma quantile is not implemented");
    case Kind::kEmpirical: {
      const auto upper = std::upper_bound(
          points_.begin(), points_.end(), p,
          [](double prob, const QuantilePoint& q) { return prob < q.probability; });
      if (upper == points_.end()) return points_.back().value;
      const auto lower = upper - 1;
      const double span = upper->probability - lower->probability;
      return lower->value + (upper->value - lower->value) * (p - lower->probability) / span;
    }
  }
  return 0;
}

double Distribution::sample_gamma(RngStream& rng) const {
  // Marsaglia and Tsang (2000); shapes below 1 boosted by U^(1/shape).
  const double shape = a_ < 1 ? a_ + 1 : a_;
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9 * d);
  double x;
  for (;;) {
    double z;
    double v;
    do {
      z = standard_normal_quantile(rng.uniform01());
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.uniform01();
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) {
      x = d * v;
      break;
    }
  }
  if (a_ < 1) x *= std::pow(rng.uniform01(), 1 / a_);
  return x * b_;
}

double Distribution::sample(RngStream& rng) const {
  switch (kind_) {
    case Kind::kDeterministic:
      return a_;
    case Kind::kGamma:
      return sample_gamma(rng);
    default:
      return quantile(rng.uniform01());
  }
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::kDeterministic:
    case Kind::kExponential:
      return a_;
    case Kind::kUniform:
      return (a_ + b_) / 2;
    case Kind::kLognormal:
      return std::exp(a_ + b_ * b_ / 2);
    case Kind::kGamma:
      return a_ * b_;
    case Kind::kEmpirical: {
      double m = 0;
      for (std::size_t i = 1; i < points_.size(); ++i) {
        m += (points_[i].probability - points_[i - 1].probability) *
             (points_[i].value + points_[i - 1].value) / 2;
      }
      return m;
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::kDeterministic:
      return 0;
    case Kind::kExponential:
      return a_ * a_;
    case Kind::kUniform:
      return (b_ - a_) * (b_ - a_) / 12;
    case Kind::kLognormal:
      return std::expm1(b_ * b_) * std::exp(2 * a_ + b_ * b_);
    case Kind::kGamma:
      return a_ * b_ * b_;
    case Kind::kEmpirical: {
      // E[X^2] over each linear piece of the inverse CDF: span * (lo^2 + lo*hi + hi^2) / 3.
      double second = 0;
      for (std::size_t i = 1; i < points_.size(); ++i) {
        const double lo = points_[i - 1].value;
        const double hi = points_[i].value;
        second += (points_[i].probability - points_[i - 1].probability) *
                  (lo * lo + lo * hi + hi * hi) / 3;
      }
      const double m = mean();
      return second - m * m;
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  std::ostringstream out;
  out.precision(6);
  switch (kind_) {
    case Kind::kDeterministic:
      out << "deterministic(" << a_ << ")";
      break;
    case Kind::kExponential:
      out << "exponential(mean=" << a_ << ")";
      break;
    case Kind::kUniform:
      out << "uniform(" << a_ << "," << b_ << ")";
      break;
    case Kind::kLognormal:
      out << "lognormal(mean=" << mean() << ",cv=" << std::sqrt(std::expm1(b_ * b_)) << ")";
      break;
    case Kind::kGamma:
      out << "gamma(shape=" << a_ << ",scale=" << b_ << ")";
      break;
    case Kind::kEmpirical:
      out << "empirical(" << points_.size() << " quantiles)";
      break;
  }
  return out.str();
}

}  // namespace servesim::sim
