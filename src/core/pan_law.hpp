// Pan laws for mono sources and the balance control for stereo sources: position -> (left, right) gains.
#pragma once

#include "core/graph.hpp"

namespace headamp::core {

struct StereoGains {
    double left;
    double right;
};

// pan: -1 (hard left) .. 0 (centre) .. +1 (hard right). Hard left always gives exactly 0 on the right.
StereoGains pan_gains(PanLaw law, double pan);

// Balance of a linked stereo pair: 0 leaves both sides at unity; moving right turns the left side
// down (and vice versa) without ever folding one side into the other ear.
StereoGains balance_gains(double balance);

}  // namespace headamp::core
