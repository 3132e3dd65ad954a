// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/tables/generator/figures.hpp"
#include "calib/tables/generator/roofline.hpp"
#include "calib/tables/generator/table_text.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace servesim::calib::defaults {

/// The method parameters of one (GPU, precision) and where they came from.
struct PrecisionFit {
  InferParams params;
  std::string provenance;  ///< e.g. "lambda,k fit to 3 a100 int8 figures; o=t=0"
  /// c(B): published / modelled ResNet-50 time at each of the GPU's own ResNet-50 figures.
  std::vector<std::pair<int, double>> correction;
  /// c interpolated linearly in B, constant beyond the figures, 1 without figures.
  double correction_at(int batch) const;
};

/// Infer rows for every GPU, precision and zoo model (README "Inference rows"):
///   T(m, B) = [o + t * B * input_mbytes(m) + sum over kernels (lambda + k * R_kernel(B))] * c(B)
/// with o, t, lambda, k fitted per GPU and precision to its published figures, or borrowed from
/// its reference GPU where it has none, and c(B) the residual of the GPU's own ResNet-50 figures
/// (1 without them). Published figures are shipped as they are.
class InferMethod {
 public:
  explicit InferMethod(std::vector<ModelProfile> models);

  /// Fits (once) and returns the parameters of a GPU and precision ("fp16" or "int8").
  const PrecisionFit& fit(const std::string& device, const std::string& precision);
  /// Every infer row of one GPU: published figures as they are, the rest derived.
  std::vector<CostRow> rows(const GpuSpec& gpu);

  const std::vector<ModelProfile>& models() const { return models_; }

 private:
  const ModelProfile& model(const std::string& name) const;

  std::vector<ModelProfile> models_;
  std::map<std::pair<std::string, std::string>, PrecisionFit> fits_;
};

}  // namespace servesim::calib::defaults
