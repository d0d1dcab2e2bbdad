// Allocation of libasound's opaque containers into their owners.
#include "alsa/alsa_handles.hpp"

#include <new>

namespace headamp::alsa {

ElemValuePtr make_elem_value() {
    snd_ctl_elem_value_t* v = nullptr;
    if (snd_ctl_elem_value_malloc(&v) < 0) throw std::bad_alloc();
    return ElemValuePtr(v);
}

ElemInfoPtr make_elem_info() {
    snd_ctl_elem_info_t* v = nullptr;
    if (snd_ctl_elem_info_malloc(&v) < 0) throw std::bad_alloc();
    return ElemInfoPtr(v);
}

ElemIdPtr make_elem_id() {
    snd_ctl_elem_id_t* v = nullptr;
    if (snd_ctl_elem_id_malloc(&v) < 0) throw std::bad_alloc();
    return ElemIdPtr(v);
}

}  // namespace headamp::alsa
