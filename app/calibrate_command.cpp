// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "app/cuda_backend_launcher.hpp"
#include "calib/backends/broker_backend.hpp"
#include "calib/backends/cpu_report.hpp"
#include "calib/backends/cuda_backend.hpp"
#include "calib/backends/progress_display.hpp"
#include "calib/backends/sigint_flag.hpp"
#include "calib/brokers/broker_endpoint.hpp"
#include "calib/sweep/background_load.hpp"
#include "calib/sweep/cpu_sweep.hpp"
#include "calib/sweep/sql_export.hpp"
#include "sim/topology/topology_parser.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"
#include "sim/workload/image_class.hpp"

#include "validate/insitu/testbed_backend.hpp"
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace servesim::app {
using namespace servesim::sim;
using namespace servesim::calib;
using namespace servesim::validate;
namespace po = boost::program_options;

namespace {

/// Thrown from the progress callback when Ctrl-C was pressed: ends the sweep between points.
struct Interrupted {
  std::size_t stored;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::string command_text(const std::vector<std::string>& args) {
  std::string text = "servesim calibrate";
  for (const std::string& a : args) text += " " + a;
  return text;
}

/// Writes next to the target and renames, so a failed export leaves no half-written file.
void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error("cannot write '" + path +
                               "'; check that its folder exists and is writable");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot write '" + path + "': " + error.message());
  }
}

int run_cpu(const CpuSweepConfig& config, const std::string& db_path) {
  ProgressDisplay progress(std::cerr, stderr_is_terminal());
  const SigintFlag sigint;
  std::size_t stored = 0;
  CpuSweepResult result;
  try {
    result = run_cpu_sweep(config, db_path, [&](const SweepProgress& p) {
      switch (p.phase) {
        case SweepProgress::Phase::preparing:
          progress.note("calibrate: making the inputs, then measuring into " + db_path);
          break;
        case SweepProgress::Phase::starting:
          progress.start(p.index, p.total, p.point->label);
          break;
        case SweepProgress::Phase::skipped:
          progress.done(p.index, p.total, p.point->label, "already stored (resume)");
          break;
        case SweepProgress::Phase::measured:
          ++stored;
          progress.done(p.index, p.total, p.point->label, point_summary(*p.stored, *p.runs));
          break;
      }
      // Checked after the point is counted: it is already committed.
      if (sigint.raised()) throw Interrupted{stored};
    });
  } catch (const Interrupted& i) {
    progress.finish();
    std::cerr << "servesim calibrate: interrupted; " << i.stored << " new point(s) stored in "
              << db_path << " (rerun with --resume to measure the rest)\n";
    return 130;
  }
  progress.finish();
  std::cout << cpu_report(config, db_path, result);
  return 0;
}

}  // namespace

int calibrate_command_with_cuda(const std::vector<std::string>& args, CudaBackendFn cuda) {
  std::string backend, db_path = "servesim-costs.db", device = "local", table_name, export_sql;
  std::string ops, models, corun_model;
  std::vector<std::string> broker_urls, topologies, cost_files, sets;
  std::string images = "small,medium,large", concurrencies = "1,4,16";
  double duration_s = 15;
  int pin_core = -1;
  po::options_description options("calibrate (measure this machine into a cost table)");
  options.add_options()("backend", po::value(&backend),
                        "cpu (preprocessing, postprocessing and the zoo on one core) | broker "
                        "(Redis and NATS) | cuda (GPU copies, kernels and models) | testbed (each "
                        "cpu stage timed inside the live server of --topology)")(
      "quick", "a small grid and short repetitions: well under a minute (cpu)")(
      "db", po::value(&db_path)->default_value(db_path), "cost-table SQLite file to write")(
      "device", po::value(&device)->default_value(device),
      "device key the table is for, as topologies name it (e.g. local, i9-13900k); with "
      "--export-sql alone, the device to export")(
      "name", po::value(&table_name), "table name (default: <device>-<backend>-measured)")(
      "resume", "keep the table's stored points and measure only the missing ones")(
      "warm-caches",
      "cpu: time points back to back with warm caches (default: caches evicted before each run, "
      "as a server's stage finds them)")(
      "broker-url", po::value(&broker_urls)->composing(),
      "broker: probe this running broker (redis://host:port, nats://host:port; repeatable) "
      "instead of starting redis-server and nats-server")(
      "pin-core", po::value(&pin_core),
      "cpu: pin the measuring thread to this core (default: every point on every core in turn, "
      "samples pooled)")(
      "corun", po::value(&corun_model),
      "cpu: measure while this zoo model's forward passes run back to back on another core "
      "(the other cores of a busy server; e.g. --corun mobilenetv2 --device local-corun)")(
      "ops", po::value(&ops),
      "cpu: comma list of jpeg_decode,resize,crop,normalize,postprocess,infer (default all)")(
      "models", po::value(&models),
      "cpu: comma list of zoo models to time (default mobilenetv2,resnet18,resnet50)")(
      "topology", po::value(&topologies)->composing(),
      "testbed: a topology the live testbed runs (repeatable)")(
      "image", po::value(&images)->default_value(images),
      ("testbed: comma list of image classes, each run on its own; " + sim::image_option_help())
          .c_str())(
      "concurrency", po::value(&concurrencies)->default_value(concurrencies),
      "testbed: comma list of closed-loop client counts (1: calls alone; 4: partial batches "
      "beside others, as they are below saturation; 16: full batches)")(
      "duration-s", po::value(&duration_s)->default_value(duration_s),
      "testbed: seconds of each live run (a tenth is warm-up)")(
      "set", po::value(&sets)->composing(),
      "testbed: node.attr=value, applied to every --topology as simulate's --set (repeatable)")(
      "costs", po::value(&cost_files)->composing(),
      "testbed: cost databases the new tables build on, loaded over the shipped defaults as "
      "simulate's --costs (repeatable)")(
      "export-sql", po::value(&export_sql),
      "write the database's cost tables as SQL text to this file (after calibrating, or alone)");
  po::variables_map values;
  if (!sim::parse_command_line("calibrate", args, options, values)) return 0;

  auto usage = [](const std::string& what) {
    return sim::UsageError("servesim calibrate: " + what + " (see 'servesim calibrate --help')");
  };
  if (backend.empty() && export_sql.empty()) throw usage("--backend is required");
  if (!backend.empty() && backend != "cpu" && backend != "broker" && backend != "cuda" &&
      backend != "testbed") {
    throw usage("--backend '" + backend + "' is unknown; use cpu, broker, cuda or testbed");
  }
  const bool testbed_only = !topologies.empty() || !cost_files.empty() || !sets.empty() ||
                            !values["image"].defaulted() || !values["concurrency"].defaulted() ||
                            !values["duration-s"].defaulted();
  if (testbed_only && backend != "testbed") {
    throw usage(
        "--topology, --set, --image, --concurrency, --duration-s and --costs apply to "
        "--backend testbed only");
  }
  if (backend == "testbed" && !values["device"].defaulted()) {
    throw usage(
        "--device does not apply to --backend testbed: its tables are for the devices "
        "the topology's cpu pools name (device and corun_device)");
  }
  if (!broker_urls.empty() && backend != "broker") {
    throw usage("--broker-url applies to --backend broker only");
  }
  if (values.count("warm-caches") && backend != "cpu") {
    throw usage("--warm-caches applies to --backend cpu only");
  }
  if (values.count("pin-core") && backend != "cpu") {
    throw usage("--pin-core applies to --backend cpu only");
  }
  if (!corun_model.empty() && backend != "cpu") {
    throw usage("--corun applies to --backend cpu only");
  }
  if ((!ops.empty() || !models.empty()) && backend != "cpu") {
    throw usage("--ops and --models apply to --backend cpu only");
  }
  for (const std::string& url : broker_urls) {
    try {
      BrokerEndpoint::parse(url);
    } catch (const std::invalid_argument& e) {
      throw usage(std::string("--broker-url: ") + e.what());
    }
  }
  if (device.empty()) throw usage("--device must not be empty");
  const bool quick = values.count("quick") > 0;
  const bool resume = values.count("resume") > 0;
  const std::string source = command_text(args);

  int status = 0;
  if (backend == "cpu") {
    CpuSweepConfig config = quick ? CpuSweepConfig::quick() : CpuSweepConfig::standard();
    config.device = device;
    config.table_name = table_name;
    config.source = source;
    config.resume = resume;
    if (!ops.empty()) config.ops = split_list(ops);
    if (!models.empty()) config.models = split_list(models);
    if (values.count("pin-core")) config.pin_core = pin_core;
    if (values.count("warm-caches")) config.use_warm_caches();
    try {
      config.validate();
    } catch (const std::invalid_argument& e) {
      throw usage(e.what());
    }
    std::optional<BackgroundLoad> corun;
    if (!corun_model.empty()) {
      std::optional<int> other_core;
      const int cores = static_cast<int>(std::thread::hardware_concurrency());
      if (config.pin_core && cores > 1) other_core = (*config.pin_core + 1) % cores;
      try {
        corun.emplace(corun_model, other_core);
      } catch (const std::exception& e) {
        throw usage(std::string("--corun: ") + e.what());
      }
      std::cerr << "calibrate: measuring " << corun->describe() << "\n";
    }
    status = run_cpu(config, db_path);
  } else if (backend == "broker") {
    BrokerBackendRequest request;
    request.db_path = db_path;
    request.device = device;
    request.table_name = table_name;
    request.source = source;
    request.urls = broker_urls;
    request.quick = quick;
    request.resume = resume;
    ProgressDisplay progress(std::cerr, stderr_is_terminal());
    run_broker_backend(request, progress, std::cout);
  } else if (backend == "cuda") {
    if (cuda == nullptr) exec_servesim_cuda(args);  // servesim itself never loads CUDA
    CudaBackendRequest request;
    request.db_path = db_path;
    request.device = values["device"].defaulted() ? "" : device;
    request.table_name = table_name;
    request.source = source;
    request.quick = quick;
    request.resume = resume;
    ProgressDisplay progress(std::cerr, stderr_is_terminal());
    const long stored = cuda(request, progress);
    std::cout << "calibrated " << stored << " GPU point(s) into " << db_path << "\n";
  } else if (backend == "testbed") {
    TestbedBackendRequest request;
    request.db_path = db_path;
    request.topology_paths = topologies;
    request.images = split_list(images);
    request.concurrencies.clear();
    for (const std::string& c : split_list(concurrencies)) {
      try {
        std::size_t used = 0;
        const int n = std::stoi(c, &used);
        if (used != c.size() || n < 1) throw std::invalid_argument(c);
        request.concurrencies.push_back(n);
      } catch (const std::exception&) {
        throw usage("--concurrency: '" + c + "' is not a positive whole number");
      }
    }
    if (!(duration_s > 0)) throw usage("--duration-s must be positive");
    request.duration_s = duration_s;
    request.cost_files = cost_files;
    for (const std::string& text : sets) {
      try {
        request.overrides.push_back(sim::AttributeOverride::parse(text));
      } catch (const std::exception& e) {
        throw usage(std::string("--set: ") + e.what());
      }
    }
    request.source = source;
    if (request.topology_paths.empty()) throw usage("--backend testbed needs --topology FILE");
    if (request.images.empty() || request.concurrencies.empty()) {
      throw usage("--image and --concurrency must list at least one value");
    }
    for (const std::string& image : request.images) {
      try {
        sim::image_class(image);
      } catch (const std::exception& e) {
        throw usage(std::string("--image: ") + e.what());
      }
    }
    ProgressDisplay progress(std::cerr, stderr_is_terminal());
    run_testbed_backend(request, progress, std::cout);
  }
  if (status != 0) return status;

  if (!export_sql.empty()) {
    // Alone (or after cuda, whose key defaults to the GPU's, or testbed, whose keys are the
    // topology's), --device filters only when given;
    // after a cpu or broker run, the device just measured.
    const bool all_devices = values["device"].defaulted() &&
                             (backend.empty() || backend == "cuda" || backend == "testbed");
    const std::string filter = all_devices ? "" : device;
    std::string sql;
    try {
      sql = export_cost_tables_sql(db_path, filter);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("--export-sql: ") + e.what());
    }
    write_file_atomically(export_sql, sql);
    std::cerr << "servesim calibrate: wrote " << export_sql << " from " << db_path << "\n";
  }
  return 0;
}

int calibrate_command(const std::vector<std::string>& args) {
  return calibrate_command_with_cuda(args, nullptr);
}

}  // namespace servesim::app
