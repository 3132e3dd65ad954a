// SPDX-License-Identifier: Apache-2.0
// servesim_make_default_tables: computes the shipped default cost tables from the published
// figures in figures.cpp and the roofline method, and writes calib/tables/<device>.sql.
//
//   servesim_make_default_tables --out DIR     write DIR/<device>.sql for every device
//   servesim_make_default_tables --check DIR   exit 1 if any DIR/<device>.sql differs
//   servesim_make_default_tables --fits        print the fitted method parameters
#include "calib/tables/generator/figures.hpp"
#include "calib/tables/generator/infer_method.hpp"
#include "calib/tables/generator/preprocess_rows.hpp"
#include "calib/tables/generator/roofline.hpp"
#include "calib/tables/generator/table_text.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace defaults = servesim::calib::defaults;

namespace {

constexpr const char* kTableSource =
    "Published figures collected in docs/public-figures.md sections 2.2-2.8 (each row cites its "
    "URL) and vendor specifications; rows without a figure follow the methods of "
    "calib/tables/README.md";

bool has_published_row(const defaults::DeviceTable& t) {
  for (const defaults::CostRow& r : t.rows) {
    if (r.source.rfind("derived:", 0) != 0) return true;
  }
  return false;
}

void finish(defaults::DeviceTable& t) {
  t.method = has_published_row(t) ? "public" : "derived";
  t.name = t.device + "-" + t.method;
  t.source = kTableSource;
}

std::vector<defaults::DeviceTable> build_tables(defaults::InferMethod& infer) {
  std::vector<defaults::DeviceTable> tables;
  for (const defaults::GpuSpec& gpu : defaults::gpu_specs()) {
    defaults::DeviceTable t;
    t.device = gpu.device;
    t.machine = gpu.machine;
    t.library_versions = gpu.library_versions;
    t.idle_w = gpu.idle_w;
    t.busy_w = gpu.busy_w;
    t.power_source = "idle: " + gpu.idle_source + "; busy: " + gpu.busy_source;
    t.rows = infer.rows(gpu);
    for (defaults::CostRow& r : defaults::gpu_preprocess_rows(gpu)) t.rows.push_back(r);
    finish(t);
    tables.push_back(std::move(t));
  }
  for (const defaults::CpuSpec& cpu : defaults::cpu_specs()) {
    defaults::DeviceTable t;
    t.device = cpu.device;
    t.machine = cpu.machine;
    t.library_versions = cpu.library_versions;
    t.idle_w = cpu.idle_w;
    t.busy_w = cpu.busy_w;
    t.power_source = "idle: " + cpu.idle_source + "; busy: " + cpu.busy_source;
    t.rows = defaults::cpu_preprocess_rows(cpu);
    finish(t);
    tables.push_back(std::move(t));
  }
  return tables;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  // Write beside the target and rename, so a failure never leaves half a table.
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

void print_fits(defaults::InferMethod& infer) {
  std::printf("%-8s %-5s %8s %9s %10s %8s  %s\n", "device", "prec", "o_ms", "t_ms/MB", "lambda_us",
              "k", "provenance");
  for (const defaults::GpuSpec& gpu : defaults::gpu_specs()) {
    for (const char* precision : {"int8", "fp16"}) {
      const defaults::PrecisionFit& f = infer.fit(gpu.device, precision);
      std::printf("%-8s %-5s %8.4g %9.4g %10.4g %8.4g  %s\n", gpu.device.c_str(), precision,
                  f.params.overhead_ms, f.params.transfer_ms_per_mbyte, f.params.floor_us,
                  f.params.slowdown, f.provenance.c_str());
      for (const auto& [batch, c] : f.correction) std::printf("    c(%d) = %.4f\n", batch, c);
    }
  }
  std::printf("Xeon/i9 per-core factor: %.4f\n", defaults::xeon_core_factor());
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || (args[0] != "--fits" && args.size() != 2) ||
      (args[0] != "--out" && args[0] != "--check" && args[0] != "--fits")) {
    std::cerr << "usage: servesim_make_default_tables --out DIR | --check DIR | --fits\n";
    return 2;
  }
  try {
    std::vector<defaults::ModelProfile> models;
    for (const std::string& name : defaults::zoo_model_names()) {
      models.push_back(defaults::profile_model(name));
    }
    defaults::InferMethod infer(std::move(models));
    if (args[0] == "--fits") {
      print_fits(infer);
      return 0;
    }
    const std::filesystem::path dir = args[1];
    int stale = 0;
    for (const defaults::DeviceTable& t : build_tables(infer)) {
      const std::string text = defaults::to_sql(t);
      const std::filesystem::path path = dir / (t.device + ".sql");
      if (args[0] == "--out") {
        write_file(path, text);
        std::cout << path.string() << ": " << t.rows.size() << " cost points\n";
      } else if (read_file(path) != text) {
        std::cerr << path.string()
                  << " differs from what the generator produces; rebuild the target "
                     "servesim_regenerate_default_tables and review the diff\n";
        ++stale;
      }
    }
    return stale == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "servesim_make_default_tables: " << e.what() << "\n";
    return 1;
  }
}
