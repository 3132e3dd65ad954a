// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/testbed_run.hpp"

#include "calib/brokers/child_process.hpp"
#include "sim/report/serving_report.hpp"
#include "sim/topology/topology_parser.hpp"

#include <nlohmann/json.hpp>

#include "validate/testbed/loadgen_log.hpp"
#include "validate/testbed/measured_summary.hpp"
#include "validate/testbed/monotonic_clock.hpp"
#include "validate/testbed/stop_signals.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include "validate/testbed/testbed_server.hpp"
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace servesim::validate {
namespace {

std::string self_executable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("testbed: cannot read /proc/self/exe: " + error.message());
  return path.string();
}

double process_cpu_s() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

/// A scratch folder for the load generator's log files, removed on scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "servesim-testbed-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("testbed: cannot create a folder under " +
                               std::filesystem::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Joins the client's view (sent, done) and the server's (stage times) of each request, on one
/// clock, relative to the run start. net_recv starts at the client's send and net_send ends at
/// the client's receive, so a request's stages tile [sent, done]. Child items get the ids after
/// the last request's, in the order they were created, their parent's send time as theirs (as
/// the simulator records them) and the time they reached the join as their done time.
void merge_records(const LoadgenLog& log, std::vector<sim::RequestStageRecord> server,
                   const std::vector<TestbedServer::ChildItem>& children,
                   const sim::Topology& topology, std::vector<sim::RequestRecord>& requests,
                   std::vector<sim::RequestStageRecord>& stages) {
  std::map<std::int64_t, const LoadgenRequest*> client;
  std::int64_t next_id = 0;
  for (const LoadgenRequest& r : log.requests) {
    client[r.id] = &r;
    next_id = std::max(next_id, r.id + 1);
  }
  std::map<std::uint64_t, std::int64_t> child_ids;  // server id -> stored id
  std::vector<TestbedServer::ChildItem> ordered = children;
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.child_id < b.child_id; });
  for (const auto& c : ordered) {
    const auto parent = client.find(static_cast<std::int64_t>(c.parent_id));
    if (parent == client.end()) {
      throw std::runtime_error("testbed: child item of unknown request " +
                               std::to_string(c.parent_id));
    }
    const LoadgenRequest& p = *parent->second;
    child_ids[c.child_id] = next_id;
    requests.push_back({next_id++, p.id, p.image_class, p.width_px, p.height_px, p.jpeg_bytes,
                        p.sent_ns, c.done_ns - log.start_ns});
  }
  const std::string& recv = topology.stages.front().name;
  const std::string& send = topology.stages.back().name;
  for (sim::RequestStageRecord& s : server) {
    s.enter_ns -= log.start_ns;
    s.start_ns -= log.start_ns;
    s.end_ns -= log.start_ns;
    if (s.request_id >= static_cast<std::int64_t>(TestbedServer::kChildIdBase)) {
      s.request_id = child_ids.at(static_cast<std::uint64_t>(s.request_id));
      stages.push_back(s);
      continue;
    }
    const auto it = client.find(s.request_id);
    if (it == client.end()) {
      throw std::runtime_error("testbed: the server finished request " +
                               std::to_string(s.request_id) +
                               " that the load generator did not report");
    }
    if (s.stage == recv) s.enter_ns = s.start_ns = it->second->sent_ns;
    if (s.stage == send) s.end_ns = it->second->done_ns;  // the reply reached the client
    stages.push_back(s);
  }
  for (const LoadgenRequest& r : log.requests) {
    requests.push_back(
        {r.id, -1, r.image_class, r.width_px, r.height_px, r.jpeg_bytes, r.sent_ns, r.done_ns});
  }
}

}  // namespace

void TestbedConfig::validate() const {
  if (topology_path.empty()) throw std::invalid_argument("--topology is required");
  if ((rate_per_s > 0) == (concurrency > 0)) {
    throw std::invalid_argument("give exactly one of --rate R (open loop) and --concurrency N");
  }
  if (rate_per_s < 0 || concurrency < 0) {
    throw std::invalid_argument("--rate and --concurrency must be positive");
  }
  if (!(duration_s > 0)) throw std::invalid_argument("--duration-s must be positive");
  if (warmup_s >= duration_s) {
    throw std::invalid_argument("--warmup-s must be shorter than --duration-s");
  }
  if (!(drain_timeout_s > 0)) throw std::invalid_argument("drain timeout must be positive");
  sim::ImageMix::parse(images);  // throws naming the bad class or weight
}

std::string TestbedConfig::to_json() const {
  nlohmann::ordered_json j;
  j["topology"] = topology_path;
  nlohmann::ordered_json set = nlohmann::ordered_json::array();
  for (const sim::AttributeOverride& o : overrides) {
    set.push_back(o.node + "." + o.attribute + "=" + o.value);
  }
  j["set"] = set;
  if (concurrency > 0) {
    j["concurrency"] = concurrency;
  } else {
    j["arrival"] = "poisson";
    j["rate_per_s"] = rate_per_s;
  }
  j["images"] = images;
  j["duration_s"] = duration_s;
  j["warmup_s"] = warmup_s >= 0 ? warmup_s : duration_s / 10;
  j["seed"] = seed;
  j["tag"] = tag;
  j["drain_timeout_s"] = drain_timeout_s;
  j["loadgen"] = "separate process, loopback TCP";
  return j.dump();
}

TestbedOutcome run_testbed_detailed(const TestbedConfig& config) {
  config.validate();
  TestbedOutcome outcome;
  sim::ServingConfig& serving = outcome.serving;
  serving.topology = sim::read_topology(config.topology_path, config.overrides);
  serving.overrides = config.overrides;
  serving.images = sim::ImageMix::parse(config.images);
  serving.rate_per_s = config.rate_per_s;
  serving.concurrency = config.concurrency;
  serving.duration_s = config.duration_s;
  serving.warmup_s = config.warmup_s;
  serving.seed = config.seed;
  const TestbedPlan plan = plan_testbed(serving.topology);  // refuses before anything starts
  const std::string program =
      config.servesim_binary.empty() ? self_executable() : config.servesim_binary;
  auto progress = [&](const std::string& line) {
    if (config.progress) config.progress(line);
  };

  ScratchDir scratch;
  StopSignals signals;
  TestbedServer server(serving.topology, plan, config.seed);
  server.start();
  const std::vector<std::string> argv = {program,
                                         "testbed",
                                         "loadgen-child",
                                         "--port",
                                         std::to_string(server.port()),
                                         "--rate",
                                         number(config.rate_per_s),
                                         "--concurrency",
                                         std::to_string(config.concurrency),
                                         "--image",
                                         config.images,
                                         "--duration-s",
                                         number(config.duration_s),
                                         "--seed",
                                         std::to_string(config.seed),
                                         "--drain-timeout-s",
                                         number(config.drain_timeout_s),
                                         "--out",
                                         scratch.file("loadgen.log")};
  const double cpu_before_s = process_cpu_s();
  calib::ChildProcess loadgen = calib::ChildProcess::spawn(argv, scratch.file("loadgen.out"));
  progress("servesim testbed: server on 127.0.0.1:" + std::to_string(server.port()) +
           (server.broker_pid() > 0 ? ", redis-server pid " + std::to_string(server.broker_pid())
                                    : std::string()) +
           ", load generator pid " + std::to_string(loadgen.pid()));
  // The generator generates its images, sends for duration_s, then waits for replies.
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration<double>(config.duration_s + 2 * config.drain_timeout_s + 60);
  while (loadgen.running()) {
    if (const int signal = signals.pending(); signal != 0) {
      loadgen.stop(std::chrono::milliseconds(2000));
      server.stop();
      signals.reraise(signal);
      throw std::runtime_error("testbed: interrupted");  // only if the signal was ignored
    }
    if (const std::string error = server.first_error(); !error.empty()) {
      throw std::runtime_error("testbed: server error: " + error);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("testbed: the load generator did not finish in time (log: " +
                               calib::tail_of_file(scratch.file("loadgen.out")) + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  loadgen.stop();
  const double cpu_after_s = process_cpu_s();
  server.stop();
  // A signal that came as the generator finished still ends the run, unstored.
  if (const int signal = signals.pending(); signal != 0) {
    signals.reraise(signal);
    throw std::runtime_error("testbed: interrupted");
  }
  if (loadgen.status_text() != "exited with status 0") {
    std::string why = calib::tail_of_file(scratch.file("loadgen.out"));
    const std::string server_error = server.first_error();
    if (!server_error.empty()) why += (why.empty() ? "" : "; server: ") + server_error;
    throw std::runtime_error("testbed: the load generator " + loadgen.status_text() +
                             (why.empty() ? "" : ": " + why));
  }
  if (!server.first_error().empty()) {
    throw std::runtime_error("testbed: server error: " + server.first_error());
  }
  const LoadgenLog log = read_loadgen_log(scratch.file("loadgen.log"));
  std::vector<sim::RequestRecord> requests;
  std::vector<sim::RequestStageRecord> stages;
  merge_records(log, server.take_stage_records(), server.take_child_items(), serving.topology,
                requests, stages);
  outcome.loadgen_cpu_s = log.cpu_user_s + log.cpu_system_s;
  outcome.server_cpu_s = cpu_after_s - cpu_before_s;
  // What the cpu pool took up first after each batch (the topology's batch_first_share).
  outcome.batch_orders = sim::count_batch_orders(serving.topology, stages);
  outcome.summary = summarize_measured_run(serving, std::move(requests), std::move(stages));

  sim::RunResult& run = outcome.run;
  run = sim::serving_run_result(serving, outcome.summary, "live");
  run.provenance.kind = "measured";
  run.provenance.command = "testbed";
  run.provenance.tag = config.tag.empty() ? serving.topology.name : config.tag;
  run.provenance.config_json = config.to_json();
  run.provenance.seed = config.seed;
  run.provenance.cost_source = "live";
  const double wall_s = static_cast<double>(monotonic_ns() - log.start_ns) * 1e-9;
  run.metrics.push_back({"loadgen_cpu_s", outcome.loadgen_cpu_s, 0, "s"});
  run.metrics.push_back({"server_cpu_s", outcome.server_cpu_s, 0, "s"});
  run.metrics.push_back(
      {"loadgen_cpu_cores", outcome.loadgen_cpu_s / config.duration_s, 0, "cores"});
  for (const sim::StageBatchOrder& order : outcome.batch_orders) {
    if (order.count.total() == 0) continue;  // no call qualified: no share rather than a guess
    run.metrics.push_back(
        {kBatchFirstShare + order.stage, order.count.batch_first_share(), 0, "share"});
  }
  run.wall_time_s = wall_s;
  return outcome;
}

sim::RunResult run_testbed(const TestbedConfig& config) { return run_testbed_detailed(config).run; }

}  // namespace servesim::validate
