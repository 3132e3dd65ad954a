// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string_view>

namespace servesim::sim {

/// One named, independent random stream (xoshiro256++). Seeded from the run seed and the stream's
/// name, so that two what-if variants that share a seed draw the same numbers for the same purpose
/// (common random numbers) and differ only where their configurations differ. Our own generator
/// and transforms, not <random>'s distributions, so results are identical across standard
/// libraries.
class RngStream {
 public:
  RngStream(std::uint64_t run_seed, std::string_view name);

  std::uint64_t next_u64();
  /// Uniform on the open interval (0, 1): never exactly 0 or 1, so log() and quantiles are safe.
  double uniform01();

  static std::uint64_t seed_for(std::uint64_t run_seed, std::string_view name);

 private:
  std::uint64_t state_[4];
};

}  // namespace servesim::sim
