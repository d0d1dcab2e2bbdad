// Human-readable text for what the daemon answers: status, lists, one send, events. Presentation only.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace headamp::cli {

std::string format_db(double db);    // "-6.0 dB", "+3.0 dB", "-inf dB"
std::string format_pan(double pan);  // "C", "L50", "R30"

std::string render_status(const nlohmann::json& status);
std::string render_devices(const nlohmann::json& status);
std::string render_sources(const nlohmann::json& status);
std::string render_mixes(const nlohmann::json& status);
std::string render_send(const std::string& mix, const nlohmann::json& send);
std::string render_event(const nlohmann::json& event);

// A device's hardware controls, one per line (name,index  kind  category  value  dB), and one control.
std::string render_controls(const nlohmann::json& answer);
std::string render_control(const nlohmann::json& control);

}  // namespace headamp::cli
