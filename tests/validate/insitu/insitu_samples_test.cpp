// SPDX-License-Identifier: Apache-2.0
// Live stage calls filed under the simulator's cost queries: device or corun_device, the base
// series' key, enough samples, the base model's estimate beside each.
#include "validate/insitu/insitu_samples.hpp"

#include "calib/store/cost_table_reader.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/topology/topology_parser.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/shipped_topology.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace servesim;

namespace {

const sim::Topology& topology() { return test::shipped_topology("cpu_only"); }
std::size_t stage_index(const std::string& name) { return test::stage_index(topology(), name); }

calib::CostPoint base_point(const std::string& op, const std::string& model,
                            const std::string& variant, std::int64_t batch, std::int64_t pixels,
                            double mean_ns) {
  calib::CostPoint p;
  p.op = op;
  p.model = model;
  p.precision = model.empty() ? "" : "fp32";
  p.variant = variant;
  p.batch = batch;
  p.input_pixels = pixels;
  p.output_bytes = 4000;
  p.stats = calib::CostPointStats::from_samples({mean_ns, mean_ns});
  return p;
}

/// The points of small-image calls filed on the pool's device ("local"), at least 30 calls each.
std::vector<calib::MeasuredPoint> pool_device_points(
    const std::vector<validate::CpuStageCall>& calls) {
  validate::InsituSamples samples;
  samples.add(topology(), sim::image_class("small"), calls, "small");
  sim::CostModel model;
  return samples.points("local", {}, model, 30);
}

}  // namespace

TEST_CASE("in-situ samples are filed by the simulator's query and the co-run rule", "[unit]") {
  const std::int64_t small_px = sim::image_class("small").pixels();
  const std::string db = test::process_scratch_dir("insitu-samples") + "/base.db";
  {
    auto alone = calib::CostTableWriter::open(db, {"alone", "local", "measured", "t", "", ""});
    alone.append(base_point("jpeg_decode", "", "", 1, small_px, 1.0e6));
    alone.append(base_point("resize", "", "bilinear", 1, small_px, 0.5e6));
    alone.append(base_point("infer", "mobilenetv2", "", 1, 224 * 224, 10e6));
    auto corun = calib::CostTableWriter::open(db, {"co", "local-corun", "measured", "t", "", ""});
    corun.append(base_point("infer", "mobilenetv2", "", 4, 224 * 224, 40e6));
  }
  sim::CostModel model;
  model.add_file(db);

  std::vector<validate::CpuStageCall> calls;
  for (int i = 0; i < 60; ++i) {
    const std::int64_t t = i * 100'000'000LL;
    // Decode is handed over from the network to an idle pool (a wake-up); resize runs on after
    // it on the same worker.
    calls.push_back({stage_index("decode"), 1, false, t, 1'200'000, 70'000, true});
    calls.push_back({stage_index("resize"), 1, false, t + 2'000'000, 600'000, 1'000, false});
    calls.push_back({stage_index("infer"), 4, true, t + 5'000'000, 50'000'000, 2'000'000, false});
    // Postprocessing after a batch: to an idle pool (a wake-up), or after waiting while other
    // calls ran (not a wake-up, whether or not it then started alone).
    const bool idle = i % 2 == 0;
    calls.push_back({stage_index("post"), 1, i % 4 == 1, t + 60'000'000, 10'000,
                     idle ? 130'000 : 900'000, idle});
  }
  for (int i = 0; i < 10; ++i) {  // too few to stand as a point
    calls.push_back(
        {stage_index("infer"), 1, false, 7'000'000'000LL + i, 12'000'000, 2'000'000, false});
  }
  validate::InsituSamples samples;
  samples.add(topology(), sim::image_class("small"), calls, "small c=4");
  CHECK(samples.devices() == std::vector<std::string>{"local", "local-corun"});
  CHECK(samples.sibling("local") == "local-corun");  // what an unmeasured batch scales across
  CHECK(samples.sibling("local-corun") == "local");
  CHECK(samples.sibling("gpu0").empty());

  auto base = calib::effective_device_rows({db}, "local");
  auto alone = samples.points("local", base.points, model, 50);
  // The idle worker's wake-up: 60 decodes (70 us) and 30 lone postprocessings (130 us).
  const auto wake = std::find_if(alone.begin(), alone.end(), [](const calib::MeasuredPoint& m) {
    return m.point.op == "dispatch";
  });
  REQUIRE(wake != alone.end());
  CHECK(wake->point.stats.samples == 90);
  CHECK(wake->point.stats.mean_ns == Approx((60 * 70e3 + 30 * 130e3) / 90));
  CHECK(wake->base_mean_ns == 0);  // the base has no such row
  alone.erase(wake);
  REQUIRE(alone.size() == 2);  // decode and resize; infer at batch 1 had 10, post 30 calls
  for (const calib::MeasuredPoint& m : alone) {
    CHECK(m.point.input_pixels == small_px);
    CHECK(m.point.stats.samples == 60);
    CHECK_THAT(m.point.source,
               Catch::Contains("60 calls of stage") && Catch::Contains("small c=4"));
  }
  const calib::MeasuredPoint& decode = alone[0].point.op == "jpeg_decode" ? alone[0] : alone[1];
  const calib::MeasuredPoint& resize = alone[0].point.op == "resize" ? alone[0] : alone[1];
  CHECK(decode.point.stats.mean_ns == Approx(1.2e6));
  CHECK(decode.base_mean_ns == Approx(1.0e6).epsilon(0.02));
  CHECK(resize.point.variant == "bilinear");
  CHECK(samples.points("local", base.points, model, 5).size() == 5);

  base = calib::effective_device_rows({db}, "local-corun");
  const auto corun = samples.points("local-corun", base.points, model, 50);
  REQUIRE(corun.size() == 1);
  CHECK(corun[0].point.op == "infer");
  CHECK(corun[0].point.model == "mobilenetv2");
  CHECK(corun[0].point.precision == "fp32");
  CHECK(corun[0].point.batch == 4);
  CHECK(corun[0].point.output_bytes == 4000);  // from the base point of the same key
  CHECK(corun[0].base_mean_ns == Approx(40e6).epsilon(0.02));
}

TEST_CASE("a timed batch's lateness is filed as the pool device's batch_timer", "[unit]") {
  std::vector<validate::CpuStageCall> calls;
  for (int i = 0; i < 60; ++i) {
    validate::CpuStageCall c{stage_index("infer"), 2,         i % 2 == 1, i * 100'000'000LL,
                             25'000'000,           2'200'000, false};
    // Every other batch was late by 200 or 300 us; the rest were not sent by the timer.
    if (i % 2 == 0) c.timer_late_ns = i % 4 == 0 ? 200'000 : 300'000;
    calls.push_back(c);
  }
  // Filed on the pool's device whether or not the batch then ran beside another call.
  const auto points = pool_device_points(calls);
  const auto late = std::find_if(points.begin(), points.end(), [](const calib::MeasuredPoint& m) {
    return m.point.op == "batch_timer";
  });
  REQUIRE(late != points.end());
  CHECK(late->point.stats.samples == 30);
  CHECK(late->point.stats.mean_ns == Approx(250e3));
  CHECK(points.size() == 2);  // and the 30 batches of two that started alone
}

TEST_CASE("a worker's turnaround is filed as the pool device's turnaround", "[unit]") {
  std::vector<validate::CpuStageCall> calls;
  for (int i = 0; i < 60; ++i) {
    validate::CpuStageCall c{stage_index("post"), 1, true, i * 1'000'000LL, 10'000, 50'000, false};
    // Every call ran beside another; every other one ended with a job queued and the other
    // core busy, and its worker took the next call 20 or 60 us later.
    if (i % 2 == 0) c.turnaround_ns = i % 4 == 0 ? 20'000 : 60'000;
    calls.push_back(c);
  }
  // On the pool's device, though the calls themselves are filed on the co-run device.
  const auto points = pool_device_points(calls);
  REQUIRE(points.size() == 1);
  CHECK(points[0].point.op == "turnaround");
  CHECK(points[0].point.stats.samples == 30);
  CHECK(points[0].point.stats.mean_ns == Approx(40e3));
}

TEST_CASE("broker hops are filed as the broker's latency query, with the probe's capacity",
          "[unit]") {
  const sim::Topology& two_dnn = test::shipped_topology("two_dnn_cpu_redis");
  const std::size_t crop = test::stage_index(two_dnn, "crop");
  const std::int64_t box_bytes =
      sim::StageRuntime::payload_out(
          two_dnn.stages[crop],
          sim::StageRuntime::payload_in(two_dnn, crop, sim::image_class("small")))
          .bytes;
  const std::string db = test::process_scratch_dir("insitu-broker") + "/base.db";
  {
    auto probe = calib::CostTableWriter::open(db, {"probe", "local", "measured", "t", "", ""});
    for (const std::int64_t bytes : {std::int64_t{4096}, box_bytes, std::int64_t{1} << 20}) {
      calib::CostPoint p;
      p.op = "broker";
      p.model = "redis";
      p.variant = "list";
      p.input_bytes = bytes;
      p.stats = calib::CostPointStats::from_samples({40e3, 40e3});
      p.throughput_per_s = 12000;
      probe.append(p);
    }
  }
  sim::CostModel model;
  model.add_file(db);

  std::vector<sim::RequestStageRecord> records;
  for (int i = 0; i < 60; ++i) {
    const std::int64_t t = 1'000'000'000LL + i * 50'000'000LL;
    records.push_back({i, "crop", "preprocessing", t, t, t + 100'000, 1});
    // Publish to delivery: enter = start (the publish), end = the pop.
    records.push_back({i, "broker", "broker", t + 100'000, t + 100'000, t + 700'000, 1});
  }
  records.push_back({99, "broker", "broker", 10'000, 10'000, 5'000'000, 1});  // the warm-up
  validate::InsituSamples samples;
  samples.add_broker_hops(two_dnn, sim::image_class("small"), records, 500'000'000, "c=2");
  REQUIRE(samples.devices() == std::vector<std::string>{"local"});
  const auto base = calib::effective_device_rows({db}, "local");
  const auto points = samples.points("local", base.points, model, 50);
  REQUIRE(points.size() == 1);
  const calib::CostPoint& hop = points[0].point;
  CHECK(hop.op == "broker");
  CHECK(hop.model == "redis");
  CHECK(hop.variant == "list");
  CHECK(hop.input_bytes == box_bytes);
  CHECK(hop.stats.samples == 60);  // the warm-up's hop is left out
  CHECK(hop.stats.mean_ns == Approx(600e3));
  CHECK(points[0].base_mean_ns == Approx(40e3).epsilon(0.05));
  REQUIRE(hop.throughput_per_s);
  CHECK(*hop.throughput_per_s == Approx(12000).epsilon(0.01));
}

TEST_CASE(
    "network stages are filed under the nic's device, start to end, and come back as the "
    "stage's latency",
    "[unit]") {
  // The shipped topology's nic has a cost-table device (its measured rows replace latency_us).
  const std::string cpu_only_path = std::string(SERVESIM_SOURCE_DIR) + "/topologies/cpu_only.dot";
  const sim::Topology& cpu_only = topology();
  REQUIRE(cpu_only.resource("nic").device == "local");
  const sim::ImageClass small = sim::image_class("small");
  std::vector<sim::RequestStageRecord> records;
  for (int i = 0; i < 40; ++i) {
    const std::int64_t t = 1'000'000'000LL + i * 50'000'000LL;
    records.push_back({i, "recv", "network", t, t, t + 200'000 + 10'000 * (i % 3), 1});
    records.push_back({i, "decode", "preprocessing", t + 300'000, t + 300'000, t + 1'300'000, 1});
    // The reply waited 1 ms for its connection's write lock: not the stage's time.
    records.push_back({i, "send", "network", t + 5'000'000, t + 6'000'000, t + 6'150'000, 1});
  }
  records.push_back({99, "recv", "network", 10'000, 10'000, 9'000'000, 1});  // the warm-up
  validate::InsituSamples samples;
  samples.add_network_stages(cpu_only, small, records, 500'000'000, "c=1");
  REQUIRE(samples.devices() == std::vector<std::string>{"local"});
  const std::string db = test::process_scratch_dir("insitu-network") + "/tables.db";
  validate::write_insitu_tables(samples, {}, 20, db, "insitu_samples_test");

  sim::CostModel costs;
  costs.add_file(db);
  for (const char* name : {"recv", "send"}) {
    const std::size_t i = stage_index(name);
    sim::StageRuntime stage(cpu_only, i, 1);
    REQUIRE(stage.is_network());
    const sim::CostEstimate measured = costs.estimate(stage.query(small, 1, "local"));
    CHECK(measured.basis == "measured");
    const double expected_ns = std::string(name) == "recv" ? 210e3 : 150e3;
    CHECK(measured.duration_ns.mean() == Approx(expected_ns).epsilon(0.01));
    // The simulator's latency after the wire: the measured time less the wire's.
    const double wire_ns = stage.cost(costs, {small}, 0, 1).mean();
    double sum_ns = 0;
    // Each draw in its own noise slot (10 ms apart), so they average like independent ones.
    for (int k = 0; k < 200; ++k)
      sum_ns += static_cast<double>(
          stage.sample_transfer_latency(costs, {small}, 0, k * std::int64_t{10'000'000}));
    CHECK(sum_ns / 200 == Approx(expected_ns - wire_ns).epsilon(0.02));
  }

  // Without a measured row (the shipped tables have none) the nic's latency_us stands, and a nic
  // without a device files nothing.
  sim::CostModel shipped;
  sim::StageRuntime recv(cpu_only, stage_index("recv"), 1);
  shipped.add_sql_text("empty", "");
  CHECK(recv.sample_transfer_latency(shipped, {small}, 0, 0) == recv.transfer_latency_ns());
  CHECK(recv.transfer_latency_ns() == 120'000);
  const sim::Topology no_device =
      sim::read_topology(cpu_only_path, {sim::AttributeOverride::parse("nic.noise_share=0"),
                                         sim::AttributeOverride::parse("nic.device=")});
  REQUIRE(no_device.resource("nic").device.empty());
  CHECK_FALSE(sim::StageRuntime(no_device, stage_index("recv"), 1).is_network());
  validate::InsituSamples none;
  none.add_network_stages(no_device, small, records, 500'000'000, "c=1");
  CHECK(none.devices().empty());
}
