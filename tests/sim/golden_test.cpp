// SPDX-License-Identifier: Apache-2.0
// Golden fixed-seed runs of every shipped topology (SST's reference files): the JSON printed by
// `servesim simulate` must match tests/golden/<topology>.json byte for byte. After an intended
// change of results, regenerate with SERVESIM_UPDATE_GOLDEN=1 and review the diff.
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

TEST_CASE("every shipped topology reproduces its golden run", "[golden]") {
  const fs::path root = SERVESIM_SOURCE_DIR;
  const std::string db = servesim::test::scratch_dir("golden") + "/golden.db";
  const bool update = std::getenv("SERVESIM_UPDATE_GOLDEN") != nullptr;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root / "topologies")) {
    if (entry.path().extension() != ".dot") continue;
    const std::string name = entry.path().stem().string();
    INFO("topology " << name);
    const auto run = servesim::test::run_servesim(
        "simulate --topology " + entry.path().string() +
        " --load 0.7 --image small:0.6,medium:0.4 --duration-s 2 --seed 42 --json --db " + db);
    REQUIRE(run.exit_code == 0);
    const fs::path golden = root / "tests" / "golden" / (name + ".json");
    if (update) std::ofstream(golden) << run.out;
    REQUIRE(fs::exists(golden));
    CHECK(run.out == servesim::test::read_text(golden.string()));
    ++checked;
  }
  CHECK(checked >= 4);
}
