// SPDX-License-Identifier: Apache-2.0
// Every zoo model is a consistent graph: producers come first, recorded input shapes are the
// producers' outputs, and window layers' outputs follow the textbook formula (computed here).
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace servesim::kernels::zoo;

namespace {

// floor((in + 2p - k) / s) + 1, written out again on purpose.
std::int64_t window(std::int64_t in, int k, int s, int p) { return (in + 2 * p - k) / s + 1; }

void check_graph(const ModelSpec& m) {
  INFO("model " << m.name);
  REQUIRE(!m.layers.empty());
  REQUIRE(!m.outputs.empty());
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const LayerSpec& l = m.layers[i];
    INFO("layer " << i << " " << l.name);
    REQUIRE(l.inputs.size() == l.in.size());
    REQUIRE(!l.inputs.empty());
    for (std::size_t k = 0; k < l.inputs.size(); ++k) {
      const int from = l.inputs[k];
      REQUIRE(from >= -1);
      REQUIRE(from < static_cast<int>(i));
      const Shape produced = from < 0 ? m.input : m.layers[from].out;
      CHECK(produced == l.in[k]);
    }
    const Shape& x = l.in[0];
    switch (l.kind) {
      case LayerKind::kConv2d:
        CHECK(l.out.c == l.out_channels);
        CHECK(x.c % l.groups == 0);
        CHECK(l.out.h == window(x.h, l.kernel, l.stride, l.padding));
        CHECK(l.out.w == window(x.w, l.kernel, l.stride, l.padding));
        break;
      case LayerKind::kMaxPool:
      case LayerKind::kAvgPool:
        CHECK(l.out.c == x.c);
        CHECK(l.out.h == window(x.h, l.kernel, l.stride, l.padding));
        break;
      case LayerKind::kAdd:
        CHECK(l.in[1] == x);
        break;
      case LayerKind::kConcat: {
        std::int64_t channels = 0;
        for (const Shape& s : l.in) {
          CHECK(s.h == l.out.h);
          channels += s.c;
        }
        CHECK(channels == l.out.c);
        break;
      }
      default:
        break;
    }
  }
  // Every layer's output is read by a later layer or is a model output.
  std::vector<bool> used(m.layers.size(), false);
  for (const LayerSpec& l : m.layers) {
    for (const int from : l.inputs) {
      if (from >= 0) used[from] = true;
    }
  }
  for (const int out : m.outputs) used[out] = true;
  for (std::size_t i = 0; i < used.size(); ++i) {
    INFO("unused layer " << m.layers[i].name);
    CHECK(used[i]);
  }
}

}  // namespace

TEST_CASE("zoo: every model's shapes flow from layer to layer", "[unit]") {
  for (const ZooEntry& e : zoo_entries()) {
    const ModelSpec m = build_model(e.name);
    CHECK(m.name == e.name);
    CHECK(m.input == Shape{3, e.height_px, e.width_px});
    check_graph(m);
    CHECK_NOTHROW(validate_model(m));
  }
}

TEST_CASE("zoo: reduced-resolution variants are consistent too", "[unit]") {
  for (const ZooEntry& e : zoo_entries()) {
    const std::int64_t size = e.name == "mobilefacenet" ? 56 : 64;  // multiples of 32 (16 for ViT)
    check_graph(build_model(e.name, size, size));
  }
}

TEST_CASE("zoo: landmark shapes of the classifiers", "[unit]") {
  const ModelSpec r50 = build_model("resnet50");
  CHECK(r50.layers[r50.find("conv1")].out == Shape{64, 112, 112});
  CHECK(r50.layers[r50.find("maxpool")].out == Shape{64, 56, 56});
  CHECK(r50.layers[r50.find("layer1.2.relu3")].out == Shape{256, 56, 56});
  CHECK(r50.layers[r50.find("layer4.2.relu3")].out == Shape{2048, 7, 7});
  CHECK(r50.layers.back().out == Shape{1000, 1, 1});
  // 16 bottlenecks, 4 with a projection shortcut: 53 convs (+ fc).
  int convs = 0;
  for (const LayerSpec& l : r50.layers) convs += l.kind == LayerKind::kConv2d ? 1 : 0;
  CHECK(convs == 53);

  const ModelSpec vit = build_model("vit_b16");
  CHECK(vit.layers[vit.find("patch_embed")].out == Shape{1, 197, 768});
  CHECK(vit.layers[vit.find("blocks.11.mlp.fc1")].out == Shape{1, 197, 3072});
  CHECK(vit.layers.back().out == Shape{1000, 1, 1});

  const ModelSpec mnv2 = build_model("mobilenetv2");
  CHECK(mnv2.layers[mnv2.find("features.18.2")].out == Shape{1280, 7, 7});
}

TEST_CASE("zoo: detector heads have the published output grids", "[unit]") {
  const ModelSpec yolo = build_model("yolov5s");
  REQUIRE(yolo.outputs.size() == 3);
  // 3 anchors x (80 classes + 5) = 255 channels at strides 8, 16, 32.
  CHECK(yolo.layers[yolo.outputs[0]].out == Shape{255, 80, 80});
  CHECK(yolo.layers[yolo.outputs[1]].out == Shape{255, 40, 40});
  CHECK(yolo.layers[yolo.outputs[2]].out == Shape{255, 20, 20});
  CHECK(yolo.layers[yolo.find("model.9.cv2.act")].out == Shape{512, 20, 20});

  const ModelSpec face = build_model("retinaface_mnet025");
  REQUIRE(face.outputs.size() == 9);
  // Class (2 anchors x 2), box (2 x 4), landmarks (2 x 10) at strides 8, 16, 32.
  CHECK(face.layers[face.outputs[0]].out == Shape{4, 80, 80});
  CHECK(face.layers[face.outputs[4]].out == Shape{8, 40, 40});
  CHECK(face.layers[face.outputs[8]].out == Shape{20, 20, 20});

  const ModelSpec emb = build_model("mobilefacenet");
  CHECK(emb.layers[emb.find("conv_6_dw.conv")].out == Shape{512, 1, 1});
  CHECK(emb.layers.back().out == Shape{128, 1, 1});
}

TEST_CASE("zoo: unknown names and impossible sizes are rejected with a useful message", "[unit]") {
  CHECK_THROWS_WITH(build_model("resnet5"), Catch::Contains("unknown model 'resnet5'") &&
                                                Catch::Contains("resnet50") &&
                                                Catch::Contains("mobilefacenet"));
  CHECK_THROWS_WITH(build_model("vit_b16", 100, 100), Catch::Contains("16-pixel patches"));
  CHECK_THROWS_WITH(build_model("resnet50", 0, 224), Catch::Contains("must be positive"));
}

TEST_CASE("zoo: validate_model names the layer whose shapes disagree", "[unit]") {
  ModelSpec m = build_model("resnet18");
  const int index = m.find("layer2.0.conv1");
  m.layers[index].in[0].c = 65;
  CHECK_THROWS_WITH(validate_model(m), Catch::Contains("layer2.0.conv1") &&
                                           Catch::Contains("65x56x56") &&
                                           Catch::Contains("64x56x56"));
  ModelSpec n = build_model("resnet18");
  n.layers[3].inputs[0] = 5;  // a later layer
  CHECK_THROWS_WITH(validate_model(n), Catch::Contains("not an earlier layer"));

  ModelBuilder b("bad", "", {6, 8, 8});
  CHECK_THROWS_WITH(b.conv(b.input(), "c", 4, 3, 1, 1, 4),
                    Catch::Contains("'c'") && Catch::Contains("divisible by groups 4"));
}
