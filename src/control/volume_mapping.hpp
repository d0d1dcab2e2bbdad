// Fader position (0..1) <-> level in dB, the alsamixer way.
//
// alsamixer (volume_mapping.c) does not move a fader linearly in dB: over a wide range most of the travel
// would be spent on levels too quiet to matter. It uses
//     position = (10^((dB - max) / 60) - 10^((min - max) / 60)) / (1 - 10^((min - max) / 60))
// which is close to a linear-in-amplitude law near the top and compresses the bottom. headamp's faders run
// from core::kFaderFloorDb (-60 dB) to the top of the range; position 0 is off (silence). With a send's range
// (-60..+12 dB) 0 dB sits at about 61 %, as a musician expects of a fader with headroom above unity.
#pragma once

namespace headamp::control {

// position 0 -> silence (core::kSilenceDb); 1 -> max_db.
double position_to_db(double position, double max_db);
// silence and anything below the floor -> 0.
double db_to_position(double db, double max_db);

}  // namespace headamp::control
