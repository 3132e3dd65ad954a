// SPDX-License-Identifier: Apache-2.0
// Least-squares fits against lines and points worked out by hand, and the per-op fits of a
// stored table.
#include "calib/sweep/line_fit.hpp"

#include "calib/store/cost_table_writer.hpp"
#include "calib/sweep/table_fits.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>

using namespace servesim::calib;

namespace {
CostPoint point(const std::string& op, const std::string& model, std::int64_t batch,
                std::int64_t pixels, std::int64_t bytes, double mean_ns) {
  CostPoint p;
  p.op = op;
  p.model = model;
  p.batch = batch;
  p.input_pixels = pixels;
  p.input_bytes = bytes;
  p.stats = CostPointStats::single(mean_ns);
  p.source = "synthetic";
  return p;
}
}  // namespace

TEST_CASE("a fit through points on a line recovers its slope and intercept", "[unit]") {
  // Decode-like: 0.2 ms + 3.25 ns per pixel, over the image classes' pixel range.
  const std::vector<double> x = {187500, 786432, 2073600, 4915200, 12192768};
  std::vector<double> y;
  for (double v : x) y.push_back(200000.0 + 3.25 * v);
  const LineFit fit = fit_line(x, y);
  CHECK(fit.slope == Approx(3.25).epsilon(1e-9));
  CHECK(fit.intercept == Approx(200000.0).epsilon(1e-9));
  CHECK(fit.r_squared == Approx(1.0).epsilon(1e-12));
  CHECK(fit.points == 5);
  CHECK(fit.min_x == 187500);
  CHECK(fit.max_x == 12192768);
}

TEST_CASE("a fit through scattered points matches the hand-computed regression", "[unit]") {
  // x = 0..3, y = 1, 3, 2, 5: Sxx = 5, Sxy = 5.5, slope 1.1, intercept 2.75 - 1.65 = 1.1;
  // residuals -0.1, 0.8, -1.3, 0.6 -> SSres = 2.7; SStot = 8.75; R^2 = 1 - 2.7 / 8.75.
  const LineFit fit = fit_line({0, 1, 2, 3}, {1, 3, 2, 5});
  CHECK(fit.slope == Approx(1.1));
  CHECK(fit.intercept == Approx(1.1));
  CHECK(fit.r_squared == Approx(1.0 - 2.7 / 8.75));
}

TEST_CASE("a fit needs two distinct x values and equal lengths", "[unit]") {
  CHECK_THROWS_AS(fit_line({5, 5, 5}, {1, 2, 3}), std::invalid_argument);
  CHECK_THROWS_AS(fit_line({1}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(fit_line({1, 2}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(fit_line({1, 2}, {1, NAN}), std::invalid_argument);
}

TEST_CASE("each op of a stored table is fitted against its own predictor", "[unit]") {
  const std::string db = servesim::test::scratch_dir("sweep-fits") + "/fits.db";
  CostTableInfo info;
  info.name = "fit-test";
  info.device = "local";
  info.source = "line_fit_test";
  CostTableWriter writer = CostTableWriter::open(db, info);
  // jpeg_decode at batch 1: 0.1 ms + 4 ns/px. A batch-8 point off the line must be ignored.
  for (std::int64_t px : {100000, 1000000, 4000000}) {
    writer.append(point("jpeg_decode", "", 1, px, px / 4, 100000.0 + 4.0 * px));
  }
  writer.append(point("jpeg_decode", "", 8, 1000000, 250000, 9.9e9));
  // infer: 5 ms + 20 ms per item at batch 1, 2, 4.
  for (std::int64_t b : {1, 2, 4})
    writer.append(point("infer", "resnet18", b, 50176, 0, 5e6 + 20e6 * b));
  // postprocess: one size only, no fit.
  writer.append(point("postprocess", "", 1, 0, 4000, 5000));
  // crop: noise makes the larger source look cheaper; stored flat at the mean, not falling.
  writer.append(point("crop", "", 1, 65536, 196608, 4100));
  writer.append(point("crop", "", 1, 349696, 1049088, 3900));
  // broker: 20 us + 0.5 ns per byte.
  for (std::int64_t bytes : {1024, 65536})
    writer.append(point("broker", "redis", 1, 0, bytes, 20000.0 + 0.5 * bytes));

  const std::vector<CostFit> fits = write_table_fits(writer);
  std::map<std::string, CostFit> by_op;
  for (const CostFit& f : fits) by_op[f.op] = f;
  REQUIRE(by_op.size() == 4);
  CHECK(by_op.count("postprocess") == 0);

  const CostFit& decode = by_op.at("jpeg_decode");
  CHECK(decode.predictor == "pixels");
  CHECK(decode.slope_ns == Approx(4.0));
  CHECK(decode.intercept_ns == Approx(100000.0));
  CHECK(decode.points == 3);
  CHECK(decode.min_x == 100000);
  CHECK(decode.max_x == 4000000);

  const CostFit& infer = by_op.at("infer");
  CHECK(infer.predictor == "batch");
  CHECK(infer.model == "resnet18");
  CHECK(infer.slope_ns == Approx(20e6));
  CHECK(infer.intercept_ns == Approx(5e6));
  CHECK(infer.r_squared == Approx(1.0));
  CHECK(infer.max_x == 4);

  const CostFit& crop = by_op.at("crop");
  CHECK(crop.slope_ns == 0.0);
  CHECK(crop.intercept_ns == Approx(4000.0));
  CHECK(crop.r_squared == 0.0);

  const CostFit& broker = by_op.at("broker");
  CHECK(broker.predictor == "bytes");
  CHECK(broker.slope_ns == Approx(0.5));
  CHECK(broker.intercept_ns == Approx(20000.0));

  // Stored in cost_fits, where the simulator reads them.
  auto rows = writer.db().prepare("SELECT count(*) FROM cost_fits WHERE table_id = ?");
  rows.bind(1, writer.table_id());
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 4);
}
