// A simulator header that includes the harness: the layering check must refuse it.
#pragma once
#include "calib/store/writer.hpp"
namespace servesim::sim {}
