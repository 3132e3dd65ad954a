// SPDX-License-Identifier: Apache-2.0
#include "calib/tables/generator/infer_method.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace servesim::calib::defaults {
namespace {

constexpr int kStandardBatches[] = {1, 2, 4, 8, 16, 32, 64, 128};
/// The GPU whose INT8 batch-1 figures of two models (resnet50, mobilenetv2) give lambda.
constexpr const char* kFloorDevice = "a100";
/// Figures at this batch or above are throughput figures.
constexpr int kLargeBatch = 32;

double figure_ms(const InferFigure& f) {
  return f.mean_ms > 0 ? f.mean_ms : static_cast<double>(f.batch) / f.items_per_s * 1e3;
}

/// Four significant digits: the parameters printed in each row's source are the ones used.
double round_sig(double value) {
  if (value == 0) return 0;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::fabs(value))));
  return std::round(value * scale) / scale;
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

struct Anchor {
  double ms = 0;
  double input_mbytes = 0;      // batch x fp32 input tensor
  std::vector<double> roof_ms;  // per kernel
};

struct FreeParams {
  bool overheads = false;  // o and t
  bool floor = false;
  bool slowdown = false;
};

/// Weighted least squares (weights 1 / T^2, i.e. relative error) of o + t * x = y, both >= 0.
void fit_overheads(const std::vector<Anchor>& anchors, const std::vector<double>& y,
                   InferParams& p) {
  double sw = 0, swx = 0, swxx = 0, swy = 0, swxy = 0;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const double w = 1.0 / (anchors[i].ms * anchors[i].ms);
    const double x = anchors[i].input_mbytes;
    sw += w, swx += w * x, swxx += w * x * x, swy += w * y[i], swxy += w * x * y[i];
  }
  const double det = sw * swxx - swx * swx;
  double o = det > 1e-12 * sw * swxx ? (swy * swxx - swx * swxy) / det : swy / sw;
  double t = det > 1e-12 * sw * swxx ? (sw * swxy - swx * swy) / det : 0;
  if (t < 0) t = 0, o = swy / sw;
  if (o < 0) o = 0, t = swxx > 0 ? std::max(0.0, swxy / swxx) : 0;
  p.overhead_ms = o;
  p.transfer_ms_per_mbyte = t;
}

/// Relative squared error of the model over the anchors; fills in o and t when they are free.
double error(const std::vector<Anchor>& anchors, InferParams& p, bool fit_free_overheads) {
  std::vector<double> rest;  // what o + t * x has to explain
  for (const Anchor& a : anchors) {
    double kernels = 0;
    for (double r : a.roof_ms) kernels += p.floor_us * 1e-3 + p.slowdown * r;
    rest.push_back(a.ms - kernels);
  }
  if (fit_free_overheads && !anchors.empty()) fit_overheads(anchors, rest, p);
  double e = 0;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const double modelled = p.overhead_ms + p.transfer_ms_per_mbyte * anchors[i].input_mbytes;
    const double rel = (modelled - rest[i]) / anchors[i].ms;
    e += rel * rel;
  }
  return e;
}

std::vector<double> log_grid(double low, double high, int n) {
  std::vector<double> grid;
  for (int i = 0; i < n; ++i) grid.push_back(low * std::pow(high / low, i / (n - 1.0)));
  return grid;
}

/// Grid search over the free parameters (log grids, then a finer grid around the best point).
InferParams search(const std::vector<Anchor>& anchors, InferParams start, FreeParams free) {
  InferParams best = start;
  double best_error = error(anchors, best, free.overheads);
  auto scan = [&](const std::vector<double>& floors, const std::vector<double>& slowdowns) {
    for (double floor_us : floors) {
      for (double slowdown : slowdowns) {
        InferParams p = start;
        p.floor_us = floor_us;
        p.slowdown = slowdown;
        const double e = error(anchors, p, free.overheads);
        if (e < best_error) {
          best_error = e;
          best = p;
        }
      }
    }
  };
  auto coarse = [](bool is_free, double low, double high, double fixed) {
    return is_free ? log_grid(low, high, 81) : std::vector<double>{fixed};
  };
  scan(coarse(free.floor, 0.5, 50, start.floor_us),
       coarse(free.slowdown, 0.2, 200, start.slowdown));
  auto fine = [](bool is_free, double centre, double step) {
    return is_free ? log_grid(centre / step, centre * step, 41) : std::vector<double>{centre};
  };
  scan(fine(free.floor, best.floor_us, std::pow(100.0, 1 / 80.0)),
       fine(free.slowdown, best.slowdown, std::pow(1000.0, 1 / 80.0)));
  best.floor_us = round_sig(best.floor_us);
  best.slowdown = round_sig(best.slowdown);
  best.overhead_ms = round_sig(best.overhead_ms);
  best.transfer_ms_per_mbyte = round_sig(best.transfer_ms_per_mbyte);
  return best;
}

}  // namespace

double PrecisionFit::correction_at(int batch) const {
  if (correction.empty()) return 1.0;
  if (batch <= correction.front().first) return correction.front().second;
  if (batch >= correction.back().first) return correction.back().second;
  for (std::size_t i = 1; i < correction.size(); ++i) {
    const auto& [b1, c1] = correction[i];
    if (batch <= b1) {
      const auto& [b0, c0] = correction[i - 1];
      return c0 + (c1 - c0) * (batch - b0) / static_cast<double>(b1 - b0);
    }
  }
  return correction.back().second;
}

InferMethod::InferMethod(std::vector<ModelProfile> models) : models_(std::move(models)) {}

const ModelProfile& InferMethod::model(const std::string& name) const {
  for (const ModelProfile& m : models_) {
    if (m.name == name) return m;
  }
  throw std::invalid_argument("figures.cpp: model '" + name + "' is not in the zoo");
}

const PrecisionFit& InferMethod::fit(const std::string& device, const std::string& precision) {
  if (auto it = fits_.find({device, precision}); it != fits_.end()) return it->second;
  const GpuSpec& gpu = gpu_spec(device);
  const std::string ref = precision == "fp16" ? gpu.fp16_reference : gpu.int8_reference;

  std::vector<Anchor> anchors;
  std::vector<std::pair<int, double>> rn50;
  std::set<int> batches;
  std::vector<int> anchor_batches;
  for (const InferFigure& f : infer_figures()) {
    if (f.device != device || f.precision != precision) continue;
    const ModelProfile& m = model(f.model);
    Anchor a{figure_ms(f), static_cast<double>(f.batch * m.input_bytes) * 1e-6, {}};
    for (const KernelCost& k : m.kernels) {
      a.roof_ms.push_back(kernel_roofline_s(k, gpu, precision, f.batch) * 1e3);
    }
    anchors.push_back(a);
    batches.insert(f.batch);
    anchor_batches.push_back(f.batch);
    if (f.model == "resnet50") rn50.emplace_back(f.batch, a.ms);
  }
  auto borrowed = [&]() -> const PrecisionFit& {
    if (ref.empty()) {
      throw std::invalid_argument("figures.cpp: " + device + " " + precision +
                                  " lacks figures and names no reference GPU");
    }
    return fit(ref, precision);
  };

  PrecisionFit result;
  InferParams start;
  FreeParams free;
  std::string fitted, taken;
  auto note = [](std::string& list, const std::string& item) {
    list += (list.empty() ? "" : ",") + item;
  };
  // lambda is a property of the software stack, fitted once where two models' batch-1 figures
  // separate it from the compute term; k needs a figure of the GPU, o and t two batch sizes.
  const bool int8 = precision == "int8";
  const bool floor_source = device == kFloorDevice && int8;
  if (floor_source) {
    free.floor = true;
  } else {
    start.floor_us = fit(kFloorDevice, "int8").params.floor_us;
  }
  if (int8) {
    // With lambda fixed, k describes throughput: fit it to the large-batch figures if any.
    std::vector<Anchor> large;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
      if (anchor_batches[i] >= kLargeBatch) large.push_back(anchors[i]);
    }
    if (!floor_source && !large.empty()) anchors = large;
    free.slowdown = !anchors.empty();
    if (!free.slowdown) start.slowdown = borrowed().params.slowdown;
    note(free.slowdown ? fitted : taken, floor_source ? "lambda,k" : "k");
  } else {
    free.overheads = free.slowdown = batches.size() >= 2;
    if (!free.slowdown) {
      const InferParams& r = borrowed().params;
      start.overhead_ms = r.overhead_ms;
      start.transfer_ms_per_mbyte = r.transfer_ms_per_mbyte;
      start.slowdown = r.slowdown;
    }
    note(free.slowdown ? fitted : taken, "o,t,k");
  }
  result.params = search(anchors, start, free);

  std::string provenance;
  if (!fitted.empty()) {
    provenance = fitted + " fit to " + device + " " + precision +
                 " figures (n=" + std::to_string(anchors.size()) + ")";
  }
  if (!taken.empty()) provenance += (provenance.empty() ? "" : "; ") + taken + " from " + ref;
  if (!floor_source) provenance += std::string("; lambda from ") + kFloorDevice + " int8";
  if (int8) provenance += "; o=t=0 (TensorRT only)";
  result.provenance = provenance;

  std::sort(rn50.begin(), rn50.end());
  for (const auto& [batch, ms] : rn50) {
    const double modelled = model_time_ms(model("resnet50"), gpu, precision, batch, result.params);
    result.correction.emplace_back(batch, ms / modelled);
  }
  return fits_.emplace(std::make_pair(device, precision), result).first->second;
}

std::vector<CostRow> InferMethod::rows(const GpuSpec& gpu) {
  std::vector<CostRow> rows;
  for (const std::string precision : {"fp16", "int8"}) {
    const PrecisionFit& f = fit(gpu.device, precision);
    std::set<int> batches(std::begin(kStandardBatches), std::end(kStandardBatches));
    for (const InferFigure& fig : infer_figures()) {
      if (fig.device == gpu.device && fig.precision == precision) batches.insert(fig.batch);
    }
    for (const ModelProfile& m : models_) {
      double previous_ns = 0;
      int previous_batch = 0;
      for (int batch : batches) {
        CostRow row;
        row.op = "infer";
        row.model = m.name;
        row.precision = precision;
        row.batch = batch;
        row.input_pixels = m.input_pixels;
        row.output_bytes = m.output_bytes;
        const InferFigure* published = nullptr;
        for (const InferFigure& fig : infer_figures()) {
          if (fig.device == gpu.device && fig.model == m.name && fig.precision == precision &&
              fig.batch == batch) {
            published = &fig;
          }
        }
        if (published != nullptr) {
          row.mean_ns = figure_ms(*published) * 1e6;
          row.p90_ns = published->p90_ms * 1e6;
          if (published->offline) row.throughput_per_s = published->items_per_s;
          row.source = published->source;
        } else {
          // Measured against ResNet-50: the residual c(B) of its figures on this GPU applies to
          // every model, which keeps the serving stack's shape and the models' order.
          const double c = f.correction_at(batch);
          row.mean_ns = model_time_ms(m, gpu, precision, batch, f.params) * c * 1e6;
          row.source = "derived: roofline method (calib/tables/README.md#inference-rows) o=" +
                       format("%.4g", f.params.overhead_ms) +
                       "ms t=" + format("%.4g", f.params.transfer_ms_per_mbyte) +
                       "ms/MB lambda=" + format("%.4g", f.params.floor_us) +
                       "us k=" + format("%.4g", f.params.slowdown) + " (" + f.provenance + ")" +
                       (f.correction.empty()
                            ? std::string(" c=1 (no own resnet50 figures)")
                            : " c=" + format("%.4f", c) + " (residual of the resnet50 figures)");
          // A call of more items never takes less time than a call of fewer.
          if (row.mean_ns < previous_ns) {
            row.mean_ns = previous_ns;
            row.source += "; raised to the batch-" + std::to_string(previous_batch) + " time";
          }
        }
        previous_ns = row.mean_ns;
        previous_batch = batch;
        rows.push_back(row);
      }
    }
  }
  return rows;
}

}  // namespace servesim::calib::defaults
