// SPDX-License-Identifier: Apache-2.0
#include "calib/backends/broker_backend.hpp"

#include "calib/brokers/broker_calibration.hpp"
#include "calib/brokers/broker_server.hpp"
#include "calib/store/cost_table_writer.hpp"
#include "calib/sweep/table_fits.hpp"

#include <cstdio>
#include <memory>

namespace servesim::calib {

void run_broker_backend(const BrokerBackendRequest& request, ProgressDisplay& progress,
                        std::ostream& out) {
  const BrokerProbeConfig config = request.quick ? BrokerProbeConfig::quick() : BrokerProbeConfig{};

  // Reach (or start) every broker before the database is touched: an unreachable URL writes
  // nothing.
  std::vector<std::unique_ptr<BrokerServer>> servers;
  if (request.urls.empty()) {
    progress.note("calibrate: starting redis-server and nats-server on 127.0.0.1");
    servers.push_back(std::make_unique<BrokerServer>(BrokerKind::redis));
    servers.push_back(std::make_unique<BrokerServer>(BrokerKind::nats));
  } else {
    for (const std::string& url : request.urls) {
      BrokerServerOptions options;
      options.url = url;
      servers.push_back(
          std::make_unique<BrokerServer>(BrokerEndpoint::parse(url).kind, std::move(options)));
    }
  }
  std::vector<BrokerProbeTarget> targets;
  for (const auto& server : servers) {
    std::vector<BrokerProbeTarget> more =
        server->endpoint().kind == BrokerKind::redis
            ? redis_probe_targets(server->endpoint(), /*with_pubsub=*/true, config)
            : nats_probe_targets(server->endpoint(), config);
    for (BrokerProbeTarget& t : more) targets.push_back(std::move(t));
  }

  CostTableInfo info;
  info.name =
      request.table_name.empty() ? request.device + "-brokers-measured" : request.table_name;
  info.device = request.device;
  info.source = request.source;
  info.library_versions = broker_library_versions();
  CostTableWriter writer = CostTableWriter::open(
      request.db_path, info,
      request.resume ? CostTableWriter::Mode::resume : CostTableWriter::Mode::replace);

  const std::size_t total = targets.size() * config.message_bytes.size();
  std::size_t done = static_cast<std::size_t>(writer.point_count());
  if (done > 0) progress.note("calibrate: resuming, " + std::to_string(done) + " points stored");
  progress.start(done, total, "broker probes");
  const std::vector<BrokerProbeResult> results =
      run_broker_probes(targets, config, &writer, [&](const BrokerProbeResult& r) {
        char text[120];
        std::snprintf(text, sizeof text, "p50 %.1f us, p99 %.1f us, %.0f msg/s",
                      r.measurement.latency.p50_ns / 1e3, r.measurement.latency.p99_ns / 1e3,
                      r.measurement.throughput_per_s);
        const std::string label =
            "broker " + r.model + " " + r.variant + " " + std::to_string(r.message_bytes) + " B";
        progress.done(done, total, label, text);
        ++done;
      });
  const std::vector<CostFit> fits = write_table_fits(writer);
  progress.finish();

  out << "calibrated " << results.size() << " broker point(s) into " << request.db_path
      << " (table '" << info.name << "', device '" << info.device << "')\n";
  out << "  broker variant        bytes    p50 us    p99 us       msg/s\n";
  for (const BrokerProbeResult& r : results) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-6s %-9s %10lld %9.1f %9.1f %11.0f\n", r.model.c_str(),
                  r.variant.c_str(), static_cast<long long>(r.message_bytes),
                  r.measurement.latency.p50_ns / 1e3, r.measurement.latency.p99_ns / 1e3,
                  r.measurement.throughput_per_s);
    out << line;
  }
  for (const CostFit& f : fits) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "  fit %s %s: %.1f us + %.4f ns/byte (R^2 %.4f, %lld points)\n", f.model.c_str(),
                  f.variant.c_str(), f.intercept_ns / 1e3, f.slope_ns, f.r_squared,
                  static_cast<long long>(f.points));
    out << line;
  }
}

}  // namespace servesim::calib
