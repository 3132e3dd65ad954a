// SPDX-License-Identifier: Apache-2.0
#include "sim/workload/item_count.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {
namespace {
constexpr int kMaxItems = 1 << 20;

[[noreturn]] void bad(const std::string& text, const std::string& why) {
  throw std::invalid_argument("items '" + text + "': " + why +
                              " (use fixed:K, poisson:MEAN or empirical:K1:P1,K2:P2,...)");
}

double number(const std::string& text, const std::string& part) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(part.c_str(), &end);
  if (part.empty() || *end != '\0' || errno != 0 || !std::isfinite(value)) {
    bad(text, "'" + part + "' is not a number");
  }
  return value;
}

int count(const std::string& text, const std::string& part) {
  const double value = number(text, part);
  if (value < 0 || value > kMaxItems || value != std::floor(value)) {
    bad(text,
        "'" + part + "' is not a whole number of items in [0, " + std::to_string(kMaxItems) + "]");
  }
  return static_cast<int>(value);
}
}  // namespace

ItemCount ItemCount::parse(const std::string& text) {
  ItemCount c;
  c.text_ = text;
  const auto colon = text.find(':');
  if (colon == std::string::npos) bad(text, "no kind");
  const std::string kind = text.substr(0, colon);
  const std::string rest = text.substr(colon + 1);
  if (kind == "fixed") {
    c.kind_ = Kind::kFixed;
    c.values_ = {count(text, rest)};
    c.mean_ = c.values_[0];
  } else if (kind == "poisson") {
    c.kind_ = Kind::kPoisson;
    c.mean_ = number(text, rest);
    // Knuth's product method needs exp(-mean) well above the smallest double.
    if (c.mean_ < 0 || c.mean_ > 500) bad(text, "the mean must be in [0, 500]");
  } else if (kind == "empirical") {
    c.kind_ = Kind::kEmpirical;
    std::istringstream in(rest);
    std::string item;
    double total = 0;
    while (std::getline(in, item, ',')) {
      const auto sep = item.find(':');
      if (sep == std::string::npos) bad(text, "'" + item + "' is not K:P");
      const int k = count(text, item.substr(0, sep));
      const double p = number(text, item.substr(sep + 1));
      if (p < 0) bad(text, "probability '" + item.substr(sep + 1) + "' is negative");
      c.values_.push_back(k);
      total += p;
      c.cumulative_.push_back(total);
      c.mean_ += k * p;
    }
    if (c.values_.empty() || total <= 0) bad(text, "needs at least one K:P with P > 0");
    for (double& p : c.cumulative_) p /= total;
    c.cumulative_.back() = 1.0;
    c.mean_ /= total;
  } else {
    bad(text, "unknown kind '" + kind + "'");
  }
  return c;
}

int ItemCount::sample(RngStream& rng) const {
  switch (kind_) {
    case Kind::kFixed:
      return values_[0];
    case Kind::kPoisson: {
      // Counts per request are small (faces per image), so the product method is exact and fast.
      const double limit = std::exp(-mean_);
      int k = 0;
      double product = rng.uniform01();
      while (product > limit && k < kMaxItems) {
        ++k;
        product *= rng.uniform01();
      }
      return k;
    }
    case Kind::kEmpirical: {
      const double u = rng.uniform01();
      for (std::size_t i = 0; i < cumulative_.size(); ++i) {
        if (u < cumulative_[i]) return values_[i];
      }
      return values_.back();
    }
  }
  return 0;
}

}  // namespace servesim::sim
