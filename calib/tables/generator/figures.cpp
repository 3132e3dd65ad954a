// SPDX-License-Identifier: Apache-2.0
#include "calib/tables/generator/figures.hpp"

#include <stdexcept>

// Every number below restates a published figure (see docs/public-figures.md
// sections 2.2-2.8 and docs/seed-study.md §2.3) or a vendor specification. Change a figure here,
// run `cmake --build <dir> --target servesim_regenerate_default_tables`, review the .sql diff.

namespace servesim::calib::defaults {
namespace {

constexpr const char* kTritonRn50 =
    "https://github.com/NVIDIA/DeepLearningExamples/blob/master/PyTorch/Classification/ConvNets/"
    "triton/resnet50/README.md";
constexpr const char* kTrtModelZoo =
    "https://docs.nvidia.com/deeplearning/tensorrt/tensorflow-quantization-toolkit/docs/docs/"
    "model_zoo.html";
constexpr const char* kMlperfH100 =
    "https://github.com/mlcommons/inference_results_v4.0/tree/main/closed/NVIDIA/results/"
    "DGX-H100_H100-SXM-80GBx1_TRT/resnet50/Offline/performance/run_1/mlperf_log_summary.txt";
constexpr const char* kMlperfA100 =
    "https://github.com/mlcommons/inference_results_v2.1/tree/main/closed/NVIDIA/results/"
    "DGX-A100_A100-SXM-80GBx1_TRT/resnet50/Offline/performance/run_1/mlperf_log_summary.txt "
    "(gpu_batch_size 2048: closed/NVIDIA/configs/resnet50/Offline/__init__.py A100_SXM_80GBx1)";
constexpr const char* kMlperfL4Offline =
    "https://github.com/mlcommons/inference_results_v3.1/tree/main/closed/NVIDIA/results/"
    "L4x1_TRT/resnet50/Offline/performance/run_1/mlperf_log_summary.txt";
constexpr const char* kMlperfL4Single =
    "https://github.com/mlcommons/inference_results_v3.1/tree/main/closed/NVIDIA/results/"
    "L4x1_TRT/resnet50/SingleStream/performance/run_1/mlperf_log_summary.txt";
constexpr const char* kMlperfA10 =
    "https://github.com/mlcommons/inference_results_v1.1 closed/NVIDIA A10x1 resnet50 Offline "
    "(gpu_batch_size 1024: closed/NVIDIA/configs/resnet50/Offline/__init__.py A10x1)";
constexpr const char* kMlperfT4Offline =
    "https://github.com/mlcommons/inference_results_v0.7 closed/NVIDIA T4x1 resnet50 Offline "
    "(gpu_batch_size 256: inference_results_v2.1 closed/NVIDIA/configs/resnet50/Offline/"
    "__init__.py T4x1)";
constexpr const char* kMlperfT4Single =
    "https://github.com/mlcommons/inference_results_v0.7 closed/NVIDIA T4x1 resnet50 SingleStream";
constexpr const char* kV100Gist = "https://gist.github.com/1duo/efd3be1dc8eb2c45863b75f20a76f8b2";

}  // namespace

const std::vector<GpuSpec>& gpu_specs() {
  // Peaks are dense (no 2:4 sparsity) tensor-core figures from NVIDIA datasheets/whitepapers.
  static const std::vector<GpuSpec> specs = {
      {"a100", "NVIDIA A100-SXM4-80GB", 312, 624, 2039, 40, 108, 1410,
       "NVIDIA A100 datasheet https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/"
       "pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf; NVIDIA A100 whitepaper (L2, SMs)",
       400, "NVIDIA A100 datasheet (SXM4 400 W), docs/public-figures.md section 2.8", 80,
       "derived: 20% of board power (docs/public-figures.md section 2.8 hint; A100 idle not "
       "published)",
       "", "",
       "Triton 20.11, ONNX Runtime TensorRT EP, FP16 (fp16 rows); TensorRT 8.4 and MLPerf "
       "Inference v2.1 NVIDIA harness, INT8 (int8 rows); torchvision nvJPEG batched decode"},
      {"h100", "NVIDIA H100-SXM5-80GB", 989.4, 1978.9, 3350, 50, 132, 1830,
       "NVIDIA H100 datasheet https://www.nvidia.com/en-us/data-center/h100/; NVIDIA H100 "
       "whitepaper https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper",
       700, "NVIDIA H100 datasheet (SXM5 700 W), docs/public-figures.md section 2.8", 142.5,
       "https://github.com/wilicc/gpu-burn/issues/114 (P0, memory held, 140-145 W)", "a100", "a100",
       "MLPerf Inference v4.0 NVIDIA harness, TensorRT 9.3, CUDA 12.2, INT8 (int8 rows); fp16 "
       "and decode rows derived from the A100 (see README)"},
      {"v100", "NVIDIA V100-SXM2-32GB", 125, 62.8, 900, 6, 80, 1530,
       "NVIDIA V100 datasheet https://images.nvidia.com/content/technologies/volta/pdf/"
       "volta-v100-datasheet-update-us-1165301-r5.pdf (INT8 = DP4A, 4x the FP32 rate)",
       300, "NVIDIA V100 datasheet (SXM2 300 W), docs/public-figures.md section 2.8", 53,
       "https://github.com/THUDM/GLM-130B/issues/32 (P0, memory held, idle)", "", "t4",
       "Triton 20.11, ONNX Runtime TensorRT EP, FP16 (fp16 rows); TensorRT 4 INT8 (int8 batch 1)"},
      {"t4", "NVIDIA T4 (16 GB, 70 W)", 65, 130, 320, 4, 40, 1590,
       "NVIDIA T4 datasheet https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/"
       "tesla-t4/t4-tensor-core-datasheet-951643.pdf",
       70, "NVIDIA T4 datasheet, docs/public-figures.md section 2.8", 14,
       "derived: 20% of board power (docs/public-figures.md section 2.8 hint; T4 idle not "
       "published)",
       "", "",
       "Triton 20.11, ONNX Runtime TensorRT EP, FP16 (fp16 rows); MLPerf Inference v0.7 NVIDIA "
       "harness, TensorRT, INT8 (int8 rows)"},
      {"l4", "NVIDIA L4 (24 GB, 72 W)", 121, 242.5, 300, 48, 58, 2040,
       "NVIDIA L4 datasheet https://resources.nvidia.com/en-us-data-center-overview/"
       "l4-gpu-datasheet; NVIDIA Ada GPU architecture whitepaper (L2, SMs)",
       72, "NVIDIA L4 datasheet, docs/public-figures.md section 2.8", 14.4,
       "derived: 20% of board power (docs/public-figures.md section 2.8 hint; L4 idle not "
       "published)",
       "t4", "",
       "MLPerf Inference v3.1 NVIDIA harness, TensorRT, CUDA graphs, INT8 (int8 rows); fp16 rows "
       "derived from the T4"},
      {"a10", "NVIDIA A10 (24 GB, 150 W)", 125, 250, 600, 6, 72, 1695,
       "NVIDIA A10 datasheet https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a10/"
       "pdf/datasheet-new/nvidia-a10-datasheet.pdf",
       150, "NVIDIA A10 datasheet, docs/public-figures.md section 2.8", 30,
       "derived: 20% of board power (docs/public-figures.md section 2.8 hint; A10 idle not "
       "published)",
       "a100", "a100",
       "MLPerf Inference v1.1 NVIDIA harness, TensorRT, INT8 (int8 rows); fp16 rows derived from "
       "the A100"},
      // FP16 peak with FP32 accumulation (GeForce rate); FP16 accumulation doubles it.
      {"rtx4090", "NVIDIA GeForce RTX 4090 (24 GB GDDR6X, 450 W)", 165.2, 660.6, 1008, 72, 128,
       2520,
       "NVIDIA Ada GPU architecture whitepaper https://images.nvidia.com/aem-dam/Solutions/"
       "geforce/ada/nvidia-ada-gpu-architecture.pdf; seed study (docs/seed-study.md section 2.3)",
       450, "docs/seed-study.md section 2.3 (RTX 4090 board power 450 W)", 90,
       "derived: 20% of board power (docs/public-figures.md section 2.8 hint; RTX 4090 idle not "
       "published)",
       "a100", "a100",
       "no published RTX 4090 inference figure: every row derived from the A100 (see README)"},
  };
  return specs;
}

const std::vector<CpuSpec>& cpu_specs() {
  static const std::vector<CpuSpec> specs = {
      {"i9-13900k", "Intel Core i9-13900K (8 P-cores + 16 E-cores, 32 threads, up to 5.8 GHz)", 253,
       "docs/seed-study.md section 2.3 (Intel spec: 125 W base, 253 W maximum turbo power)", 50.6,
       "derived: 20% of maximum turbo power (no published idle package power)",
       "libjpeg-turbo via torchcodec (decode, one laptop core); Pillow (resize, scaled)"},
      {"xeon-8480", "Intel Xeon Platinum 8480+ (56 cores, 112 threads, 2.0 GHz base)", 350,
       "docs/public-figures.md section 2.8 (Intel ARK TDP 350 W)", 70,
       "derived: 20% of TDP (no published idle package power)",
       "Pillow with libjpeg-turbo on a Skylake Xeon core (AWS c5.large), scaled as in README"},
  };
  return specs;
}

const std::vector<InferFigure>& infer_figures() {
  // Triton ResNet-50 offline sweep (docs/public-figures.md §2.2): throughput at client batch B,
  // concurrency 1, so one call of B images takes B / throughput.
  static const std::vector<InferFigure> figures = [] {
    std::vector<InferFigure> f;
    auto triton = [&f](const char* device, int batch, double items_per_s) {
      f.push_back({device, "resnet50", "fp16", batch, items_per_s, 0, 0, false, kTritonRn50});
    };
    const int batches[] = {1, 2, 4, 8, 16, 32, 64, 128};
    const double a100[] = {469.1, 910, 1447.6, 2051.2, 2760, 2857.6, 2534.4, 2662.4};
    const double t4[] = {332.4, 499.4, 695.2, 888, 1057.6, 1129.6, 1203.2, 1280};
    for (int i = 0; i < 8; ++i) {
      triton("a100", batches[i], a100[i]);
      triton("t4", batches[i], t4[i]);
    }
    triton("v100", 1, 351.8);
    triton("v100", 8, 1337.6);
    triton("v100", 32, 2044.8);
    triton("v100", 128, 1548.8);

    // MLPerf closed Offline (docs/public-figures.md §2.3): samples/s at the harness's
    // gpu_batch_size.
    f.push_back({"h100", "resnet50", "int8", 2048, 88714, 0, 0, true, kMlperfH100});
    f.push_back({"a100", "resnet50", "int8", 2048, 42121, 0, 0, true, kMlperfA100});
    f.push_back({"l4", "resnet50", "int8", 32, 12882, 0, 0, true, kMlperfL4Offline});
    f.push_back({"a10", "resnet50", "int8", 1024, 13805, 0, 0, true, kMlperfA10});
    f.push_back({"t4", "resnet50", "int8", 256, 6036, 0, 0, true, kMlperfT4Offline});
    // Batch-1 latencies: MLPerf SingleStream means (p90 alongside), TensorRT docs, a TRT 4 gist.
    f.push_back({"l4", "resnet50", "int8", 1, 0, 0.346, 0.349, false, kMlperfL4Single});
    f.push_back({"t4", "resnet50", "int8", 1, 0, 1.00, 1.086, false, kMlperfT4Single});
    f.push_back({"a100", "resnet50", "int8", 1, 0, 0.46, 0, false, kTrtModelZoo});
    f.push_back({"a100", "mobilenetv2", "int8", 1, 0, 0.30, 0, false, kTrtModelZoo});
    f.push_back({"v100", "resnet50", "int8", 1, 818, 0, 0, false, kV100Gist});
    return f;
  }();
  return figures;
}

const PreprocessFigures& preprocess_figures() {
  static const PreprocessFigures figures = [] {
    PreprocessFigures p;
    p.gpu_decode_pixels = 551 * 676;
    p.gpu_decode_batch = 1000;
    p.gpu_decode_batched_ms = 127.7;
    p.gpu_decode_unbatched_ms = 573.8 / 1000;
    p.gpu_decode_source = "https://github.com/pytorch/vision/pull/8496";
    // Image sizes from the benchmark script's RESOLUTIONS (320p = 568x320, 480p = 854x480).
    p.cpu_decode = {
        {568 * 320, 0.786}, {854 * 480, 1.576}, {1280 * 720, 3.056}, {1920 * 1080, 5.981}};
    p.cpu_decode_pil_ms_1080p = 9.249;
    p.cpu_decode_source = "https://github.com/pytorch/torchcodec/pull/1620";
    p.xeon_decode_pixels = 2560 * 1600;
    p.xeon_decode_mpx_per_s = (182 + 193) / 2.0;
    p.xeon_decode_source =
        "https://github.com/python-pillow/pillow-perf (docs/src/data/c5.large.txt)";
    p.xeon_resize = {2560 * 1600, 14.7};
    p.xeon_resize_source = p.xeon_decode_source;
    return p;
  }();
  return figures;
}

const GpuSpec& gpu_spec(const std::string& device) {
  for (const GpuSpec& spec : gpu_specs()) {
    if (spec.device == device) return spec;
  }
  throw std::invalid_argument("figures.cpp: no GPU spec for device '" + device + "'");
}

}  // namespace servesim::calib::defaults
