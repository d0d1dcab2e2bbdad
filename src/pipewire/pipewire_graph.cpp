// headamp's libpipewire connection (see pipewire_graph.hpp).
#include "pipewire/pipewire_graph.hpp"

// libpipewire's and SPA's inline functions and macros are C: casts and designated initialisers that
// this project's C++ warnings refuse. They are PipeWire's code, not ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <pipewire/pipewire.h>
#include <spa/param/profile.h>
#include <spa/pod/builder.h>
#include <spa/pod/parser.h>
#include <spa/utils/result.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "util/log.hpp"

namespace headamp::pipewire {

namespace {

Properties properties_of(const spa_dict* dict) {
    Properties props;
    if (!dict) return props;
    const spa_dict_item* item;
    spa_dict_for_each(item, dict) {
        if (item->key && item->value) props.emplace(item->key, item->value);
    }
    return props;
}

bool starts_with(const Properties& props, const char* key, std::string_view prefix) {
    const auto it = props.find(key);
    return it != props.end() && std::string_view(it->second).substr(0, prefix.size()) == prefix;
}

// A profile switch under way: what was asked, and what the device said so far.
struct ProfileRequest {
    std::string name;
    std::function<void(bool)> then;
    bool current = false;  // the device is on it already
    int sync = -1;         // the core's done event for this seq ends the enumeration
};

}  // namespace

struct PipeWireGraph::Impl {
    // A node or device bound for its full properties (the registry gives only a few).
    struct Bound {
        Impl* impl = nullptr;
        std::uint32_t id = 0;
        ObjectType type = ObjectType::Node;
        pw_proxy* proxy = nullptr;
        spa_hook listener{};
        std::optional<ProfileRequest> profile;
    };

    PipeWireGraph& owner;
    pw_loop* loop = nullptr;
    pw_context* context = nullptr;
    pw_core* core = nullptr;
    pw_registry* registry = nullptr;
    spa_hook core_listener{};
    spa_hook registry_listener{};
    std::map<std::uint32_t, std::unique_ptr<Bound>> bound;
    GraphModel model;
    bool lost = false;

    explicit Impl(PipeWireGraph& o) : owner(o) {
        pw_init(nullptr, nullptr);
        loop = pw_loop_new(nullptr);
        if (!loop) throw std::runtime_error(std::string("cannot make a PipeWire loop: ") + std::strerror(errno));
    }
    ~Impl() {
        disconnect();
        pw_loop_destroy(loop);
    }

    void changed() {
        if (owner.on_change) owner.on_change();
    }

    bool connect();
    void disconnect();
    void global(std::uint32_t id, const char* type, const spa_dict* dict);
    void global_remove(std::uint32_t id);
    void info(Bound& b, const spa_dict* dict);
    void param(Bound& b, std::uint32_t id, const spa_pod* pod);
    void answer_profile_request(Bound& b, std::uint32_t id, std::int32_t index);
    void ask_profile_if_changed(Bound& b, const pw_device_info* info);
    void done(int seq);

    static const pw_core_events core_events;
    static const pw_registry_events registry_events;
    static const pw_node_events node_events;
    static const pw_device_events device_events;
};

const pw_core_events PipeWireGraph::Impl::core_events = [] {
    pw_core_events e{};
    e.version = PW_VERSION_CORE_EVENTS;
    e.done = [](void* data, std::uint32_t id, int seq) {
        if (id == PW_ID_CORE) static_cast<Impl*>(data)->done(seq);
    };
    e.error = [](void* data, std::uint32_t id, int, int res, const char* message) {
        // The core's own error with EPIPE: the connection is gone (PipeWire stopped or was killed).
        if (id == PW_ID_CORE && res == -EPIPE) static_cast<Impl*>(data)->lost = true;
        log::debug("PipeWire: error on object ", id, ": ", spa_strerror(res), " (", message ? message : "", ")");
    };
    return e;
}();

const pw_registry_events PipeWireGraph::Impl::registry_events = [] {
    pw_registry_events e{};
    e.version = PW_VERSION_REGISTRY_EVENTS;
    e.global = [](void* data, std::uint32_t id, std::uint32_t, const char* type, std::uint32_t, const spa_dict* props) {
        static_cast<Impl*>(data)->global(id, type, props);
    };
    e.global_remove = [](void* data, std::uint32_t id) { static_cast<Impl*>(data)->global_remove(id); };
    return e;
}();

const pw_node_events PipeWireGraph::Impl::node_events = [] {
    pw_node_events e{};
    e.version = PW_VERSION_NODE_EVENTS;
    e.info = [](void* data, const pw_node_info* info) {
        auto* b = static_cast<Bound*>(data);
        b->impl->info(*b, info->props);
    };
    return e;
}();

const pw_device_events PipeWireGraph::Impl::device_events = [] {
    pw_device_events e{};
    e.version = PW_VERSION_DEVICE_EVENTS;
    e.info = [](void* data, const pw_device_info* info) {
        auto* b = static_cast<Bound*>(data);
        b->impl->info(*b, info->props);
        b->impl->ask_profile_if_changed(*b, info);
    };
    e.param = [](void* data, int, std::uint32_t id, std::uint32_t, std::uint32_t, const spa_pod* param) {
        auto* b = static_cast<Bound*>(data);
        b->impl->param(*b, id, param);
    };
    return e;
}();

bool PipeWireGraph::Impl::connect() {
    if (core) return true;
    lost = false;
    context = pw_context_new(loop, nullptr, 0);
    if (!context) return false;
    core = pw_context_connect(context, pw_properties_new(PW_KEY_APP_NAME, "headampd", nullptr), 0);
    if (!core) {
        pw_context_destroy(context);
        context = nullptr;
        return false;
    }
    pw_core_add_listener(core, &core_listener, &core_events, this);
    registry = pw_core_get_registry(core, PW_VERSION_REGISTRY, 0);
    pw_registry_add_listener(registry, &registry_listener, &registry_events, this);
    return true;
}

void PipeWireGraph::Impl::disconnect() {
    if (!core) return;
    for (auto& [id, b] : bound) {
        spa_hook_remove(&b->listener);
        pw_proxy_destroy(b->proxy);
    }
    bound.clear();
    spa_hook_remove(&registry_listener);
    pw_proxy_destroy(reinterpret_cast<pw_proxy*>(registry));
    spa_hook_remove(&core_listener);
    pw_core_disconnect(core);
    pw_context_destroy(context);
    registry = nullptr;
    core = nullptr;
    context = nullptr;
    model.clear();
    changed();
}

void PipeWireGraph::Impl::global(std::uint32_t id, const char* type, const spa_dict* dict) {
    const Properties props = properties_of(dict);
    if (std::strcmp(type, PW_TYPE_INTERFACE_Port) == 0) {
        model.update(id, ObjectType::Port, props);
        changed();
        return;
    }
    const bool node = std::strcmp(type, PW_TYPE_INTERFACE_Node) == 0 && starts_with(props, "media.class", "Audio/");
    const bool device =
        std::strcmp(type, PW_TYPE_INTERFACE_Device) == 0 && starts_with(props, "media.class", "Audio/Device");
    if (!node && !device) return;
    auto b = std::make_unique<Bound>();
    b->impl = this;
    b->id = id;
    b->type = node ? ObjectType::Node : ObjectType::Device;
    b->proxy =
        static_cast<pw_proxy*>(pw_registry_bind(registry, id, node ? PW_TYPE_INTERFACE_Node : PW_TYPE_INTERFACE_Device,
                                                node ? PW_VERSION_NODE : PW_VERSION_DEVICE, 0));
    if (!b->proxy) return;
    if (node)
        pw_node_add_listener(reinterpret_cast<pw_node*>(b->proxy), &b->listener, &node_events, b.get());
    else {
        pw_device_add_listener(reinterpret_cast<pw_device*>(b->proxy), &b->listener, &device_events, b.get());
    }
    model.update(id, b->type, props);
    bound[id] = std::move(b);
    changed();
}

void PipeWireGraph::Impl::global_remove(std::uint32_t id) {
    if (const auto it = bound.find(id); it != bound.end()) {
        if (it->second->profile && it->second->profile->then) it->second->profile->then(false);
        spa_hook_remove(&it->second->listener);
        pw_proxy_destroy(it->second->proxy);
        bound.erase(it);
    }
    model.remove(id);
    changed();
}

void PipeWireGraph::Impl::info(Bound& b, const spa_dict* dict) {
    if (!dict) return;
    const Properties props = properties_of(dict);
    model.update(b.id, b.type, props);
    if (b.type == ObjectType::Device && owner.on_device) owner.on_device(b.id, props);
    changed();
}

void PipeWireGraph::Impl::param(Bound& b, std::uint32_t id, const spa_pod* pod) {
    std::int32_t index = -1;
    const char* name = nullptr;
    if (!pod ||
        spa_pod_parse_object(pod, SPA_TYPE_OBJECT_ParamProfile, nullptr, SPA_PARAM_PROFILE_index, SPA_POD_Int(&index),
                             SPA_PARAM_PROFILE_name, SPA_POD_String(&name)) < 0 ||
        !name)
        return;
    const std::string profile = name;  // the pod's memory is PipeWire's only during this call
    log::debug("PipeWire: device ", b.id, (id == SPA_PARAM_Profile ? " is on" : " offers"), " profile ", index, " \"",
               profile, "\"");
    if (b.profile && b.profile->name == profile) answer_profile_request(b, id, index);
    if (id == SPA_PARAM_Profile && owner.on_profile) owner.on_profile(b.id, profile);
}

// A device says in its info when one of its params changed (a device a session manager exports does not
// honour a param subscription on 0.3.65): its Profile is asked for again, so on_profile hears every change.
void PipeWireGraph::Impl::ask_profile_if_changed(Bound& b, const pw_device_info* info) {
    if (!(info->change_mask & PW_DEVICE_CHANGE_MASK_PARAMS)) return;
    for (std::uint32_t i = 0; i < info->n_params; ++i)
        if (info->params[i].id == SPA_PARAM_Profile && (info->params[i].flags & SPA_PARAM_INFO_READ))
            pw_device_enum_params(reinterpret_cast<pw_device*>(b.proxy), 0, SPA_PARAM_Profile, 0, UINT32_MAX, nullptr);
}

void PipeWireGraph::Impl::answer_profile_request(Bound& b, std::uint32_t id, std::int32_t index) {
    if (id == SPA_PARAM_Profile) b.profile->current = true;
    if (id != SPA_PARAM_EnumProfile || b.profile->current) return;
    std::uint8_t buffer[256];
    spa_pod_builder builder = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
    // save: WirePlumber 0.4 puts its own choice back about a second later unless the profile is saved.
    const auto* set = static_cast<const spa_pod*>(
        spa_pod_builder_add_object(&builder, SPA_TYPE_OBJECT_ParamProfile, SPA_PARAM_Profile, SPA_PARAM_PROFILE_index,
                                   SPA_POD_Int(index), SPA_PARAM_PROFILE_save, SPA_POD_Bool(true)));
    pw_device_set_param(reinterpret_cast<pw_device*>(b.proxy), SPA_PARAM_Profile, 0, set);
    b.profile->current = true;
}

void PipeWireGraph::Impl::done(int seq) {
    for (auto& [id, b] : bound)
        if (b->profile && b->profile->sync == seq) {
            ProfileRequest request = std::move(*b->profile);
            b->profile.reset();
            if (request.then) request.then(request.current);
        }
}

PipeWireGraph::PipeWireGraph() : impl_(std::make_unique<Impl>(*this)) {}
PipeWireGraph::~PipeWireGraph() = default;

bool PipeWireGraph::connect() { return impl_->connect(); }
bool PipeWireGraph::connected() const { return impl_->core != nullptr; }
int PipeWireGraph::fd() const { return pw_loop_get_fd(impl_->loop); }
const GraphModel& PipeWireGraph::model() const { return impl_->model; }

void PipeWireGraph::dispatch() {
    pw_loop_enter(impl_->loop);
    pw_loop_iterate(impl_->loop, 0);
    pw_loop_leave(impl_->loop);
    if (impl_->lost) impl_->disconnect();
}

void PipeWireGraph::set_profile(std::uint32_t device, const std::string& name, std::function<void(bool done)> then) {
    const auto it = impl_->bound.find(device);
    if (it == impl_->bound.end() || it->second->type != ObjectType::Device || !impl_->core) {
        if (then) then(false);
        return;
    }
    Impl::Bound& b = *it->second;
    b.profile = ProfileRequest{name, std::move(then), false, -1};
    auto* proxy = reinterpret_cast<pw_device*>(b.proxy);
    pw_device_enum_params(proxy, 0, SPA_PARAM_Profile, 0, UINT32_MAX, nullptr);
    pw_device_enum_params(proxy, 0, SPA_PARAM_EnumProfile, 0, UINT32_MAX, nullptr);
    b.profile->sync = pw_core_sync(impl_->core, PW_ID_CORE, 0);
}

}  // namespace headamp::pipewire

#pragma GCC diagnostic pop
