// Parser of `amixer contents` recordings: control headers, type lines, items, values and dB/chmap TLV lines.
#include "amixer_contents.hpp"

#include <alsa/asoundlib.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace headamp::alsa::test {

namespace {

// "a=1,b='x, y',c=2" -> {a:1, b:x, y, c:2}; quoted values may hold commas.
std::map<std::string, std::string> fields(const std::string& s) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t eq = s.find('=', i);
        if (eq == std::string::npos) break;
        std::string key = s.substr(i, eq - i);
        std::string value;
        std::size_t j = eq + 1;
        if (j < s.size() && s[j] == '\'') {
            const std::size_t end = s.find('\'', j + 1);
            value = s.substr(j + 1, end - j - 1);
            j = end == std::string::npos ? s.size() : end + 1;
        } else {
            const std::size_t end = s.find(',', j);
            value = s.substr(j, end == std::string::npos ? std::string::npos : end - j);
            j = end == std::string::npos ? s.size() : end;
        }
        out[key] = value;
        i = (j < s.size() && s[j] == ',') ? j + 1 : j;
    }
    return out;
}

// "-65.25dB" -> -6525 (1/100 dB, as TLV words hold it).
long centi_db(const std::string& s) { return std::lround(std::stod(s.substr(0, s.find("dB"))) * 100.0); }

unsigned chmap_position(const std::string& name) {
    for (unsigned p = 0; p <= SND_CHMAP_LAST; ++p)
        if (const char* n = snd_pcm_chmap_name(static_cast<snd_pcm_chmap_position>(p)); n && name == n) return p;
    throw RecordingError("unknown channel position " + name);
}

std::vector<unsigned> parse_tlv(const std::string& s) {
    auto word = [](long v) { return static_cast<unsigned>(v); };
    const std::size_t dash = s.find('-');
    const std::string kind = s.substr(0, dash);
    auto f = fields(s.substr(dash + 1));
    if (kind == "dBscale") {
        unsigned packed = word(centi_db(f.at("step"))) & 0xffffu;
        if (f.count("mute") && f.at("mute") == "1") packed |= 0x10000u;
        return {SND_CTL_TLVT_DB_SCALE, 2 * sizeof(unsigned), word(centi_db(f.at("min"))), packed};
    }
    if (kind == "dBminmax" || kind == "dBminmaxmute" || kind == "dBlinear") {
        const unsigned type = kind == "dBminmax"       ? SND_CTL_TLVT_DB_MINMAX
                              : kind == "dBminmaxmute" ? SND_CTL_TLVT_DB_MINMAX_MUTE
                                                       : SND_CTL_TLVT_DB_LINEAR;
        return {type, 2 * sizeof(unsigned), word(centi_db(f.at("min"))), word(centi_db(f.at("max")))};
    }
    if (s.rfind("chmap-fixed=", 0) == 0) {
        std::vector<unsigned> tlv{SND_CTL_TLVT_CHMAP_FIXED, 0};
        std::stringstream positions(s.substr(12));
        for (std::string p; std::getline(positions, p, ',');) tlv.push_back(chmap_position(p));
        tlv[1] = static_cast<unsigned>((tlv.size() - 2) * sizeof(unsigned));
        return tlv;
    }
    throw RecordingError("unsupported TLV " + s);
}

}  // namespace

std::vector<RecordedControl> parse_amixer_contents(std::istream& in) {
    std::vector<RecordedControl> out;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        try {
            if (line.empty() || line[0] == '#') continue;
            if (line.rfind("numid=", 0) == 0) {
                auto f = fields(line);
                RecordedControl c;
                c.numid = static_cast<unsigned>(std::stoul(f.at("numid")));
                c.iface = f.at("iface");
                c.name = f.at("name");
                if (f.count("index")) c.index = static_cast<unsigned>(std::stoul(f.at("index")));
                out.push_back(c);
                continue;
            }
            if (out.empty()) throw RecordingError("value before any control");
            RecordedControl& c = out.back();
            const std::size_t start = line.find_first_not_of(' ');
            if (start == std::string::npos) continue;
            const char tag = line[start];
            const std::string rest = line.substr(start + 2);
            if (tag == ';' && rest.rfind("Item #", 0) == 0) {
                const std::size_t q = rest.find('\'');
                c.items.push_back(rest.substr(q + 1, rest.rfind('\'') - q - 1));
            } else if (tag == ';') {
                auto f = fields(rest);
                c.type = f.at("type");
                const std::string& access = f.at("access");
                c.readable = access.size() > 0 && access[0] == 'r';
                c.writable = access.size() > 1 && access[1] == 'w';
                c.count = static_cast<unsigned>(std::stoul(f.at("values")));
                if (f.count("min")) c.min = std::stol(f.at("min"));
                if (f.count("max")) c.max = std::stol(f.at("max"));
                if (f.count("step")) c.step = std::stol(f.at("step"));
                if (c.type == "BOOLEAN") c.max = 1;
            } else if (tag == ':') {
                std::stringstream values(rest.substr(rest.find('=') + 1));
                for (std::string v; std::getline(values, v, ',');)
                    c.values.push_back(v == "on" ? 1 : v == "off" ? 0 : std::stol(v));
            } else if (tag == '|' && rest == "container") {
                c.tlv = {SND_CTL_TLVT_CONTAINER, 0};  // newer amixer: the TLVs inside follow, indented
            } else if (tag == '|') {
                const std::vector<unsigned> tlv = parse_tlv(rest);
                if (c.tlv.size() >= 2 && c.tlv[0] == SND_CTL_TLVT_CONTAINER) {
                    c.tlv.insert(c.tlv.end(), tlv.begin(), tlv.end());
                    c.tlv[1] = static_cast<unsigned>((c.tlv.size() - 2) * sizeof(unsigned));
                } else {
                    c.tlv = tlv;
                }
            } else {
                throw RecordingError("unexpected line");
            }
        } catch (const RecordingError& e) {
            throw RecordingError("line " + std::to_string(number) + ": " + e.what());
        } catch (const std::exception& e) {
            throw RecordingError("line " + std::to_string(number) + ": cannot parse (" + e.what() + ")");
        }
    }
    for (RecordedControl& c : out) {
        if (c.type == "ENUMERATED" && !c.items.empty()) c.max = static_cast<long>(c.items.size()) - 1;
        c.values.resize(c.count, c.values.empty() ? c.min : c.values.back());
    }
    return out;
}

std::vector<RecordedControl> load_amixer_contents(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw RecordingError("cannot open " + path);
    return parse_amixer_contents(in);
}

}  // namespace headamp::alsa::test
