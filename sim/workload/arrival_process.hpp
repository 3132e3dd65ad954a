// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"
#include "sim/random/rng_stream.hpp"

#include <memory>
#include <string>
#include <vector>

namespace servesim::sim {

/// One arrival of an open-loop workload: when, and for a trace, which image.
struct Arrival {
  SimDuration gap_ns = 0;  // since the previous arrival
  int width_px = 0;        // 0 = draw the class from the image mix
  int height_px = 0;
  std::int64_t jpeg_bytes = 0;
};

/// Open-loop arrivals: the next gap, or false when the source has no more.
class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  virtual bool next(RngStream& rng, Arrival& arrival) = 0;
  /// Long-run mean rate in requests per second (for the static bound and reports).
  virtual double mean_rate_per_s() const = 0;
  virtual std::string describe() const = 0;
};

std::unique_ptr<ArrivalProcess> make_poisson_arrivals(double rate_per_s);
std::unique_ptr<ArrivalProcess> make_constant_arrivals(double rate_per_s);
/// Bursty on-off: Poisson at rate_on_per_s during exponential "on" periods of mean on_s,
/// silence during exponential "off" periods of mean off_s.
std::unique_ptr<ArrivalProcess> make_on_off_arrivals(double rate_on_per_s, double on_s,
                                                     double off_s);

/// One row of a trace file: `timestamp_s,width,height,bytes` (header line required).
struct TraceRow {
  double timestamp_s;
  int width_px;
  int height_px;
  std::int64_t jpeg_bytes;
};
/// Reads a trace CSV; errors name the file, the line and the field.
std::vector<TraceRow> read_trace_csv(const std::string& path);
/// Replays a trace, `speedup` times faster than recorded.
std::unique_ptr<ArrivalProcess> make_trace_arrivals(std::vector<TraceRow> rows, double speedup);

}  // namespace servesim::sim
