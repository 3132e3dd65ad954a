// SPDX-License-Identifier: Apache-2.0
// dnn_bench: forward-pass latency of zoo models on this CPU with the Eigen kernels, and the
// GFLOP/s that implies (2 x MACs per second), and the calling thread's CPU time (median) as a
// check that the machine was not busy. Prints numbers; asserts nothing.
//
//   dnn_bench [--models resnet50,resnet18,mobilenetv2] [--batches 1,4] [--reps 5]
//             [--threads 1] [--layers N]
#include "kernels/dnn/cpu_env.hpp"
#include "kernels/dnn/model_runner.hpp"
#include "kernels/zoo/layer_cost.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace {

using servesim::kernels::dnn::ForwardTiming;
using servesim::kernels::dnn::ModelRunner;
using servesim::kernels::dnn::RunnerOptions;
namespace zoo = servesim::kernels::zoo;

struct Options {
  std::vector<std::string> models = {"resnet50", "resnet18", "mobilenetv2"};
  std::vector<int> batches = {1, 4};
  int reps = 5;
  int threads = 1;
  int top_layers = 0;  // print the N slowest layers of each run
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) parts.push_back(item);
  }
  return parts;
}

int to_int(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || value < 1) {
    throw std::invalid_argument(flag + " needs a positive integer, got '" + text + "'");
  }
  return static_cast<int>(value);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::printf(
          "usage: dnn_bench [--models a,b] [--batches 1,4] [--reps N] [--threads N] "
          "[--layers N]\nmodels: %s\n",
          zoo::known_model_names().c_str());
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value (see --help)");
    const std::string value = argv[++i];
    if (flag == "--models") {
      o.models = split(value);
    } else if (flag == "--batches") {
      o.batches.clear();
      for (const std::string& b : split(value)) o.batches.push_back(to_int(flag, b));
    } else if (flag == "--reps") {
      o.reps = to_int(flag, value);
    } else if (flag == "--threads") {
      o.threads = to_int(flag, value);
    } else if (flag == "--layers") {
      o.top_layers = to_int(flag, value);
    } else {
      throw std::invalid_argument("unknown option '" + flag + "' (see --help)");
    }
  }
  return o;
}

// CPU time of the calling thread: with one GEMM thread it is the run's compute time, and a wall
// time far above it means the machine was busy with something else.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

void print_slowest(const zoo::ModelSpec& model, const ForwardTiming& t, int count) {
  std::vector<std::size_t> order(t.layer_ns.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&t](std::size_t a, std::size_t b) { return t.layer_ns[a] > t.layer_ns[b]; });
  for (int k = 0; k < count && k < static_cast<int>(order.size()); ++k) {
    const std::size_t i = order[k];
    const zoo::LayerCost c = zoo::layer_cost(model.layers[i], t.batch);
    std::printf("    %-28s %-12s %9.3f ms %7.1f GFLOP/s\n", model.layers[i].name.c_str(),
                std::string(zoo::kind_name(model.layers[i].kind)).c_str(),
                static_cast<double>(t.layer_ns[i]) / 1e6,
                static_cast<double>(c.flops) / static_cast<double>(t.layer_ns[i]));
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    std::printf("dnn_bench: %s; threads %d; %d timed reps after 1 warm-up\n",
                servesim::kernels::dnn::kernel_build_info().c_str(), o.threads, o.reps);
    std::printf("%-20s %5s %8s %10s %9s %12s %9s %9s\n", "model", "batch", "GMACs", "median_ms",
                "min_ms", "ms_per_image", "GFLOP/s", "cpu_ms");
    for (const std::string& name : o.models) {
      RunnerOptions ro;
      ro.threads = o.threads;
      ModelRunner runner(zoo::build_model(name), ro);
      for (const int batch : o.batches) {
        runner.prepare(batch);
        runner.forward(batch);  // warm-up: caches, page tables, OpenMP pool
        std::vector<std::int64_t> totals;
        std::vector<double> cpu_ms;
        ForwardTiming best;
        for (int r = 0; r < o.reps; ++r) {
          const double cpu_before = thread_cpu_ms();
          ForwardTiming t = runner.forward(batch);
          cpu_ms.push_back(thread_cpu_ms() - cpu_before);
          if (totals.empty() || t.total_ns < *std::min_element(totals.begin(), totals.end())) {
            best = t;
          }
          totals.push_back(t.total_ns);
        }
        std::sort(totals.begin(), totals.end());
        std::sort(cpu_ms.begin(), cpu_ms.end());
        const double median_ms = static_cast<double>(totals[totals.size() / 2]) / 1e6;
        const double min_ms = static_cast<double>(totals.front()) / 1e6;
        const zoo::LayerCost cost = zoo::model_cost(runner.model(), batch).total;
        std::printf("%-20s %5d %8.3f %10.2f %9.2f %12.2f %9.1f %9.2f\n", name.c_str(), batch,
                    static_cast<double>(cost.macs) / 1e9, median_ms, min_ms, median_ms / batch,
                    2.0 * static_cast<double>(cost.macs) / (median_ms * 1e6),
                    cpu_ms[cpu_ms.size() / 2]);
        if (o.top_layers > 0) print_slowest(runner.model(), best, o.top_layers);
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dnn_bench: %s\n", e.what());
    return 2;
  }
}
