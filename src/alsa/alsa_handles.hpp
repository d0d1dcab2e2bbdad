// One owner per libasound handle: unique_ptr types whose deleters call the matching free/close.
#pragma once

#include <alsa/asoundlib.h>

#include <memory>

namespace headamp::alsa {

struct HctlCloser {
    void operator()(snd_hctl_t* h) const noexcept { snd_hctl_close(h); }  // also closes its snd_ctl_t
};
struct CtlCloser {
    void operator()(snd_ctl_t* c) const noexcept { snd_ctl_close(c); }
};
struct ConfigDeleter {
    void operator()(snd_config_t* c) const noexcept { snd_config_delete(c); }
};
struct InputCloser {
    void operator()(snd_input_t* i) const noexcept { snd_input_close(i); }
};
struct ElemValueFree {
    void operator()(snd_ctl_elem_value_t* v) const noexcept { snd_ctl_elem_value_free(v); }
};
struct ElemInfoFree {
    void operator()(snd_ctl_elem_info_t* v) const noexcept { snd_ctl_elem_info_free(v); }
};
struct ElemIdFree {
    void operator()(snd_ctl_elem_id_t* v) const noexcept { snd_ctl_elem_id_free(v); }
};

using HctlPtr = std::unique_ptr<snd_hctl_t, HctlCloser>;
using CtlPtr = std::unique_ptr<snd_ctl_t, CtlCloser>;
using ConfigPtr = std::unique_ptr<snd_config_t, ConfigDeleter>;
using InputPtr = std::unique_ptr<snd_input_t, InputCloser>;
using ElemValuePtr = std::unique_ptr<snd_ctl_elem_value_t, ElemValueFree>;
using ElemInfoPtr = std::unique_ptr<snd_ctl_elem_info_t, ElemInfoFree>;
using ElemIdPtr = std::unique_ptr<snd_ctl_elem_id_t, ElemIdFree>;

// The *_malloc functions only fail on out-of-memory; these throw std::bad_alloc then.
ElemValuePtr make_elem_value();
ElemInfoPtr make_elem_info();
ElemIdPtr make_elem_id();

}  // namespace headamp::alsa
