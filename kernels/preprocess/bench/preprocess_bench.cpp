// SPDX-License-Identifier: Apache-2.0
// Throughput of each CPU preprocessing step for the three image classes, one thread.
// Prints a table; asserts nothing. Usage: preprocess_bench [--quick]
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/jpeg_codec.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/pipeline.hpp"
#include "kernels/preprocess/resize.hpp"
#include "kernels/preprocess/synthetic_jpeg.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

using namespace servesim::kernels;

namespace {
using Clock = std::chrono::steady_clock;

// CPU time of this thread: on a shared machine it shows the work's own cost, where wall time
// also counts the time other processes held the core.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

struct Timing {
  double wall_s = 0;
  double cpu_s = 0;
};

// Medians of `repeats` runs after one warm-up.
Timing median_timing(int repeats, const std::function<void()>& work) {
  work();
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < repeats; ++i) {
    const Clock::time_point start = Clock::now();
    const double cpu_start = thread_cpu_seconds();
    work();
    cpu.push_back(thread_cpu_seconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  const auto mid = static_cast<std::size_t>(repeats / 2);
  std::nth_element(wall.begin(), wall.begin() + repeats / 2, wall.end());
  std::nth_element(cpu.begin(), cpu.begin() + repeats / 2, cpu.end());
  return {wall[mid], cpu[mid]};
}

void report(const ImageClass& image_class, const char* step, const Timing& t, double megapixels) {
  std::printf("%-7s %-22s %10.3f %10.3f %10.1f\n", std::string(image_class.name).c_str(), step,
              t.wall_s * 1e3, t.cpu_s * 1e3, megapixels / t.cpu_s);
}
}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("# one thread, medians of repeats; Mpx/s = decoded (source) pixels / CPU time\n");
  std::printf("%-7s %-22s %10s %10s %10s\n", "class", "step", "wall_ms", "cpu_ms", "Mpx/s");
  for (const ImageClass& image_class : default_image_classes()) {
    const std::vector<std::uint8_t> jpeg = generate_synthetic_jpeg(image_class, 1);
    const double megapixels =
        static_cast<double>(image_class.width_px) * image_class.height_px / 1e6;
    // About 20 Mpx of work per step (2 Mpx with --quick), at least 3 repeats.
    const int repeats = std::max(3, static_cast<int>((quick ? 2.0 : 20.0) / megapixels));
    std::printf("%-7s %-22s %21s %10.0f KB, %dx%d, %d repeats\n",
                std::string(image_class.name).c_str(), "jpeg", "", jpeg.size() / 1000.0,
                image_class.width_px, image_class.height_px, repeats);

    // Output buffers are reused across repeats, as a server worker reuses them; the one
    // "fresh" row shows what a new allocation (and its page faults) adds.
    JpegDecoder decoder;
    Image decoded;
    report(image_class, "decode",
           median_timing(repeats, [&] { decoder.decode_rgb_into(jpeg, decoded); }), megapixels);
    report(image_class, "decode_fresh_buffer",
           median_timing(repeats, [&] { (void)decoder.decode_rgb(jpeg); }), megapixels);
    const ImageSize target = size_for_shorter_side(decoded.size(), 256);
    Image resized;
    report(image_class, "resize_bilinear_256",
           median_timing(
               repeats,
               [&] { resized = resize_bilinear(decoded, target.width_px, target.height_px); }),
           megapixels);
    report(image_class, "resize_area_256",
           median_timing(
               repeats, [&] { resized = resize_area(decoded, target.width_px, target.height_px); }),
           megapixels);
    // Normalise the full decoded image too: its per-pixel cost, comparable across classes.
    const NormalizeParams imagenet = NormalizeParams::imagenet();
    TensorChw tensor;
    report(image_class, "normalize_full_image",
           median_timing(repeats, [&] { normalize_to_chw_into(decoded, imagenet, tensor); }),
           megapixels);
    ClassificationPipeline pipeline;
    PreprocessResult result;
    report(image_class, "pipeline_224",
           median_timing(repeats, [&] { pipeline.run_into(jpeg, result); }), megapixels);
  }
  return 0;
}
