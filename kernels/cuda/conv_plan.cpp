// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/conv_plan.hpp"

#include <stdexcept>

namespace servesim::kernels::cuda {
namespace {
constexpr int kAlgoCount = CUDNN_CONVOLUTION_FWD_ALGO_COUNT;

ConvChoice search_algorithm(const GpuHandles& handles, const TensorDesc& x, const FilterDesc& w,
                            const ConvDesc& conv, const TensorDesc& y, const ConvShape& shape,
                            GpuPrecision precision, ConvAlgoSearch search, std::size_t limit) {
  cudnnConvolutionFwdAlgoPerf_t perf[kAlgoCount];
  int returned = 0;
  if (search == ConvAlgoSearch::kExhaustive) {
    check_cudnn(cudnnFindConvolutionForwardAlgorithm(handles.cudnn(), x.get(), w.get(), conv.get(),
                                                     y.get(), kAlgoCount, &returned, perf),
                "cudnnFindConvolutionForwardAlgorithm");
  } else {
    check_cudnn(
        cudnnGetConvolutionForwardAlgorithm_v7(handles.cudnn(), x.get(), w.get(), conv.get(),
                                               y.get(), kAlgoCount, &returned, perf),
        "cudnnGetConvolutionForwardAlgorithm_v7");
  }
  // Both return the algorithms best first; keep the first that works within the limit (and, for
  // fp32, without tensor-core math, which would be TF32).
  for (int i = 0; i < returned; ++i) {
    const bool tensor_math = perf[i].mathType == CUDNN_TENSOR_OP_MATH ||
                             perf[i].mathType == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;
    if (precision == GpuPrecision::kFp32 && tensor_math) continue;
    if (perf[i].status == CUDNN_STATUS_SUCCESS && perf[i].memory <= limit) {
      return ConvChoice{perf[i].algo, perf[i].mathType, perf[i].memory};
    }
  }
  throw std::runtime_error("convolution " + describe(shape) + ": cuDNN offers no algorithm " +
                           "within the workspace limit of " + std::to_string(limit) + " bytes");
}
}  // namespace

std::string describe(const ConvShape& s) {
  return std::to_string(s.batch) + "x" + std::to_string(s.in_channels) + "x" +
         std::to_string(s.in_height) + "x" + std::to_string(s.in_width) + " k" +
         std::to_string(s.kernel) + " s" + std::to_string(s.stride) + " p" +
         std::to_string(s.padding) + " g" + std::to_string(s.groups) + " -> " +
         std::to_string(s.out_channels) + "x" + std::to_string(s.out_height) + "x" +
         std::to_string(s.out_width);
}

ConvPlan::ConvPlan(const GpuHandles& handles, const ConvShape& shape, GpuPrecision precision,
                   ConvAlgoSearch search, std::size_t workspace_limit_bytes, ConvChoiceCache& cache)
    : x_(nchw_desc(precision, shape.batch, shape.in_channels, shape.in_height, shape.in_width)),
      y_(nchw_desc(precision, shape.batch, shape.out_channels, shape.out_height, shape.out_width)) {
  check_cudnn(cudnnSetFilter4dDescriptor(w_.get(), cudnn_type(precision), CUDNN_TENSOR_NCHW,
                                         static_cast<int>(shape.out_channels),
                                         static_cast<int>(shape.in_channels / shape.groups),
                                         shape.kernel, shape.kernel),
              "cudnnSetFilter4dDescriptor");
  // Accumulate in float for both precisions (fp16 I/O with float compute: tensor-core path).
  check_cudnn(cudnnSetConvolution2dDescriptor(conv_.get(), shape.padding, shape.padding,
                                              shape.stride, shape.stride, 1, 1,
                                              CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
              "cudnnSetConvolution2dDescriptor");
  check_cudnn(cudnnSetConvolutionGroupCount(conv_.get(), shape.groups),
              "cudnnSetConvolutionGroupCount");
  check_cudnn(
      cudnnSetConvolutionMathType(
          conv_.get(), precision == GpuPrecision::kFp16 ? CUDNN_TENSOR_OP_MATH : CUDNN_FMA_MATH),
      "cudnnSetConvolutionMathType");
  int n = 0;
  int c = 0;
  int h = 0;
  int w = 0;
  check_cudnn(
      cudnnGetConvolution2dForwardOutputDim(conv_.get(), x_.get(), w_.get(), &n, &c, &h, &w),
      "cudnnGetConvolution2dForwardOutputDim");
  if (n != shape.batch || c != shape.out_channels || h != shape.out_height ||
      w != shape.out_width) {
    throw std::logic_error("convolution " + describe(shape) + ": cuDNN computes an output of " +
                           std::to_string(n) + "x" + std::to_string(c) + "x" + std::to_string(h) +
                           "x" + std::to_string(w));
  }
  const auto cached = cache.find(shape);
  if (cached != cache.end()) {
    choice_ = cached->second;
  } else {
    choice_ = search_algorithm(handles, x_, w_, conv_, y_, shape, precision, search,
                               workspace_limit_bytes);
    cache.emplace(shape, choice_);
  }
  // fp32 stays on FMA math whatever the search reports; fp16 takes the search's math type.
  if (precision == GpuPrecision::kFp16) {
    check_cudnn(cudnnSetConvolutionMathType(conv_.get(), choice_.math),
                "cudnnSetConvolutionMathType");
  }
}

std::string ConvPlan::algorithm_name() const {
  switch (choice_.algo) {
    case CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM:
      return "IMPLICIT_GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM:
      return "IMPLICIT_PRECOMP_GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_GEMM:
      return "GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_DIRECT:
      return "DIRECT";
    case CUDNN_CONVOLUTION_FWD_ALGO_FFT:
      return "FFT";
    case CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING:
      return "FFT_TILING";
    case CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD:
      return "WINOGRAD";
    case CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED:
      return "WINOGRAD_NONFUSED";
    default:
      return "algo " + std::to_string(static_cast<int>(choice_.algo));
  }
}

void ConvPlan::run(const GpuHandles& handles, const void* x, const void* w, void* y,
                   void* workspace, std::size_t workspace_bytes) const {
  const float one = 1.0F;
  const float zero = 0.0F;
  check_cudnn(cudnnConvolutionForward(handles.cudnn(), &one, x_.get(), x, w_.get(), w, conv_.get(),
                                      choice_.algo, workspace, workspace_bytes, &zero, y_.get(), y),
              "cudnnConvolutionForward");
}

}  // namespace servesim::kernels::cuda
