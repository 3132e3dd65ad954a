// SPDX-License-Identifier: Apache-2.0
#include "sim/workload/arrival_process.hpp"

#include "sim/random/distribution.hpp"
#include "sim/util/csv_input.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {
namespace {

void require_rate(double rate_per_s, const char* what) {
  if (!(rate_per_s > 0) || !std::isfinite(rate_per_s)) {
    throw std::invalid_argument(std::string(what) + " must be a positive rate in requests/s");
  }
}

class PoissonArrivals final : public ArrivalProcess {
 public:
  explicit PoissonArrivals(double rate)
      : rate_(rate), gap_(Distribution::exponential(1e9 / rate)) {}
  bool next(RngStream& rng, Arrival& a) override {
    a = Arrival{duration_from_ns(gap_.sample(rng))};
    return true;
  }
  double mean_rate_per_s() const override { return rate_; }
  std::string describe() const override { return "poisson(" + std::to_string(rate_) + "/s)"; }

 private:
  double rate_;
  Distribution gap_;
};

class ConstantArrivals final : public ArrivalProcess {
 public:
  explicit ConstantArrivals(double rate) : rate_(rate) {}
  bool next(RngStream&, Arrival& a) override {
    // Carry the rounding remainder so the long-run rate is exact.
    const double exact = 1e9 / rate_ + remainder_ns_;
    const SimDuration gap = static_cast<SimDuration>(exact);
    remainder_ns_ = exact - static_cast<double>(gap);
    a = Arrival{gap};
    return true;
  }
  double mean_rate_per_s() const override { return rate_; }
  std::string describe() const override { return "constant(" + std::to_string(rate_) + "/s)"; }

 private:
  double rate_;
  double remainder_ns_ = 0;
};

class OnOffArrivals final : public ArrivalProcess {
 public:
  OnOffArrivals(double rate_on, double on_s, double off_s)
      : rate_on_(rate_on),
        on_s_(on_s),
        off_s_(off_s),
        gap_(Distribution::exponential(1e9 / rate_on)),
        on_(Distribution::exponential(on_s * 1e9)),
        off_(Distribution::exponential(off_s * 1e9)) {}
  bool next(RngStream& rng, Arrival& a) override {
    if (on_left_ns_ < 0) on_left_ns_ = on_.sample(rng);
    double gap = gap_.sample(rng);
    double total = 0;
    // An arrival that would fall after the on period ends waits out an off period (memoryless).
    while (gap > on_left_ns_) {
      total += on_left_ns_ + off_.sample(rng);
      on_left_ns_ = on_.sample(rng);
      gap = gap_.sample(rng);
    }
    on_left_ns_ -= gap;
    a = Arrival{duration_from_ns(total + gap)};
    return true;
  }
  double mean_rate_per_s() const override { return rate_on_ * on_s_ / (on_s_ + off_s_); }
  std::string describe() const override {
    std::ostringstream out;
    out << "on_off(rate_on=" << rate_on_ << "/s,on=" << on_s_ << "s,off=" << off_s_ << "s)";
    return out.str();
  }

 private:
  double rate_on_, on_s_, off_s_;
  Distribution gap_, on_, off_;
  double on_left_ns_ = -1;
};

class TraceArrivals final : public ArrivalProcess {
 public:
  TraceArrivals(std::vector<TraceRow> rows, double speedup)
      : rows_(std::move(rows)), speedup_(speedup) {}
  bool next(RngStream&, Arrival& a) override {
    if (index_ >= rows_.size()) return false;
    const TraceRow& row = rows_[index_];
    const double previous = index_ == 0 ? 0.0 : rows_[index_ - 1].timestamp_s;
    ++index_;
    a = Arrival{duration_from_s((row.timestamp_s - previous) / speedup_), row.width_px,
                row.height_px, row.jpeg_bytes};
    return true;
  }
  double mean_rate_per_s() const override {
    const double span = rows_.back().timestamp_s - rows_.front().timestamp_s;
    return span > 0 ? static_cast<double>(rows_.size() - 1) / span * speedup_ : 0.0;
  }
  std::string describe() const override {
    return "trace(" + std::to_string(rows_.size()) + " rows, x" + std::to_string(speedup_) + ")";
  }

 private:
  std::vector<TraceRow> rows_;
  double speedup_;
  std::size_t index_ = 0;
};

}  // namespace

std::unique_ptr<ArrivalProcess> make_poisson_arrivals(double rate_per_s) {
  require_rate(rate_per_s, "--rate");
  return std::make_unique<PoissonArrivals>(rate_per_s);
}

std::unique_ptr<ArrivalProcess> make_constant_arrivals(double rate_per_s) {
  require_rate(rate_per_s, "--rate");
  return std::make_unique<ConstantArrivals>(rate_per_s);
}

std::unique_ptr<ArrivalProcess> make_on_off_arrivals(double rate_on_per_s, double on_s,
                                                     double off_s) {
  require_rate(rate_on_per_s, "--rate (during on periods)");
  if (!(on_s > 0) || !(off_s > 0)) {
    throw std::invalid_argument("--on-s and --off-s must be positive durations in seconds");
  }
  return std::make_unique<OnOffArrivals>(rate_on_per_s, on_s, off_s);
}

std::vector<TraceRow> read_trace_csv(const std::string& path) {
  std::ifstream in = open_csv_input(path, "timestamp_s,width,height,bytes", "the trace file");
  std::string line;
  std::vector<TraceRow> rows;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    TraceRow row{};
    char c1 = 0, c2 = 0, c3 = 0;
    if (!(fields >> row.timestamp_s >> c1 >> row.width_px >> c2 >> row.height_px >> c3 >>
          row.jpeg_bytes) ||
        c1 != ',' || c2 != ',' || c3 != ',') {
      throw std::invalid_argument(
          path + ":" + std::to_string(line_number) +
          ": expected four numbers 'timestamp_s,width,height,bytes', got '" + line + "'");
    }
    if (row.width_px <= 0 || row.height_px <= 0 || row.jpeg_bytes <= 0) {
      throw std::invalid_argument(path + ":" + std::to_string(line_number) +
                                  ": width, height and bytes must be positive");
    }
    if (!rows.empty() && row.timestamp_s < rows.back().timestamp_s) {
      throw std::invalid_argument(path + ":" + std::to_string(line_number) +
                                  ": timestamp_s goes backwards; sort the trace by time");
    }
    rows.push_back(row);
  }
  if (rows.empty()) throw std::invalid_argument(path + ": the trace has no rows");
  return rows;
}

std::unique_ptr<ArrivalProcess> make_trace_arrivals(std::vector<TraceRow> rows, double speedup) {
  if (!(speedup > 0)) throw std::invalid_argument("--speedup must be positive");
  if (rows.empty()) throw std::invalid_argument("trace: no rows");
  return std::make_unique<TraceArrivals>(std::move(rows), speedup);
}

}  // namespace servesim::sim
