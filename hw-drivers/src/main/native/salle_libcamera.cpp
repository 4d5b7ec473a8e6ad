// The C ABI is declared and documented in salle_libcamera.h.
#include "salle_libcamera.h"

#include <libcamera/camera.h>
#include <libcamera/camera_manager.h>
#include <libcamera/control_ids.h>
#include <libcamera/controls.h>
#include <libcamera/geometry.h>
#include <libcamera/property_ids.h>
#include <libcamera/stream.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

using namespace libcamera;

struct salle_lc {
    std::mutex lock;
    std::unique_ptr<CameraManager> manager;
    std::map<std::string, std::unique_ptr<ControlList>> pending;
};

namespace {

std::atomic<bool> g_open{false};

void put(char *buf, int len, const std::string &text) {
    if (buf == nullptr || len <= 0) {
        return;
    }
    size_t n = text.size() < static_cast<size_t>(len - 1) ? text.size() : static_cast<size_t>(len - 1);
    std::memcpy(buf, text.data(), n);
    buf[n] = '\0';
}

int fail(char *err, int errlen, int code, const std::string &why) {
    put(err, errlen, why);
    return code;
}

const char *location_name(const ControlList &props) {
    std::optional<int32_t> location = props.get(properties::Location);
    if (!location) {
        return "unknown";
    }
    switch (*location) {
    case properties::CameraLocationFront: return "front";
    case properties::CameraLocationBack: return "back";
    case properties::CameraLocationExternal: return "external";
    default: return "unknown";
    }
}

std::string describe(Camera &camera) {
    std::ostringstream out;
    std::string model = camera.properties().get(properties::Model).value_or("");
    out << "id=" << camera.id() << '\n';
    out << "model=" << model << '\n';
    out << "location=" << location_name(camera.properties()) << '\n';
    std::unique_ptr<CameraConfiguration> config = camera.generateConfiguration({ StreamRole::VideoRecording });
    if (config && config->size() > 0) {
        const StreamFormats &formats = config->at(0).formats();
        for (const PixelFormat &format : formats.pixelformats()) {
            out << "format=" << format.toString() << ' ';
            bool first = true;
            for (const Size &size : formats.sizes(format)) {
                out << (first ? "" : ",") << size.width << 'x' << size.height;
                first = false;
            }
            out << '\n';
        }
    }
    out << "controls=";
    bool first = true;
    for (const auto &entry : camera.controls()) {
        out << (first ? "" : ",") << entry.first->name();
        first = false;
    }
    out << '\n';
    return out.str();
}

const ControlInfo *find_control(const Camera &camera, const std::string &name, const ControlId **id) {
    for (const auto &entry : camera.controls()) {
        if (entry.first->name() == name) {
            *id = entry.first;
            return &entry.second;
        }
    }
    return nullptr;
}

bool whole(double value) {
    return std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 2147483647.0;
}

int check_range(const ControlInfo &info, double value, const std::string &name, char *err, int errlen) {
    double min = 0;
    double max = 0;
    if (info.min().type() == ControlTypeFloat) {
        min = info.min().get<float>();
        max = info.max().get<float>();
    } else if (info.min().type() == ControlTypeInteger32) {
        min = info.min().get<int32_t>();
        max = info.max().get<int32_t>();
    } else {
        return SALLE_LC_OK;
    }
    if (value < min || value > max) {
        return fail(err, errlen, SALLE_LC_ERR_VALUE, name + " " + std::to_string(value) +
                    " is outside the camera's range " + std::to_string(min) + " to " + std::to_string(max));
    }
    return SALLE_LC_OK;
}

int set_control(salle_lc &lc, Camera &camera, const std::string &name, const double *values, int count,
                char *err, int errlen) {
    const ControlId *id = nullptr;
    const ControlInfo *info = find_control(camera, name, &id);
    if (info == nullptr) {
        return fail(err, errlen, SALLE_LC_ERR_NO_CONTROL,
                    "camera " + camera.id() + " does not support control " + name);
    }
    std::unique_ptr<ControlList> &list = lc.pending[camera.id()];
    if (!list) {
        list = std::make_unique<ControlList>(camera.controls());
    }
    if (name == "Brightness" && count == 1 && std::isfinite(values[0])) {
        int rc = check_range(*info, values[0], name, err, errlen);
        if (rc == SALLE_LC_OK) {
            list->set(controls::Brightness, static_cast<float>(values[0]));
        }
        return rc;
    }
    if (name == "ExposureTime" && count == 1 && whole(values[0])) {
        int rc = check_range(*info, values[0], name, err, errlen);
        if (rc == SALLE_LC_OK) {
            list->set(controls::ExposureTime, static_cast<int32_t>(values[0]));
        }
        return rc;
    }
    if (name == "ScalerCrop" && count == 4 && whole(values[0]) && whole(values[1]) && values[2] > 0 &&
        values[3] > 0 && whole(values[2]) && whole(values[3])) {
        list->set(controls::ScalerCrop, Rectangle(static_cast<int>(values[0]), static_cast<int>(values[1]),
                                                  static_cast<unsigned int>(values[2]),
                                                  static_cast<unsigned int>(values[3])));
        return SALLE_LC_OK;
    }
    return fail(err, errlen, SALLE_LC_ERR_VALUE, "control " + name + " got " + std::to_string(count) +
                " value(s) it cannot take; Brightness takes 1 number, ExposureTime 1 whole number of "
                "microseconds, ScalerCrop 4 whole numbers x, y, width>0, height>0");
}

} // namespace

extern "C" {

const char *salle_lc_version(void) {
    try {
        static const std::string version = CameraManager::version();
        return version.c_str();
    } catch (...) {
        return "unknown";
    }
}

salle_lc *salle_lc_open(char *err, int errlen) {
    bool expected = false;
    if (!g_open.compare_exchange_strong(expected, true)) {
        fail(err, errlen, SALLE_LC_ERR_BUSY, "a libcamera handle is already open in this process; close it first");
        return nullptr;
    }
    try {
        std::unique_ptr<salle_lc> lc = std::make_unique<salle_lc>();
        lc->manager = std::make_unique<CameraManager>();
        int rc = lc->manager->start();
        if (rc < 0) {
            g_open = false;
            fail(err, errlen, SALLE_LC_ERR_INTERNAL,
                 "libcamera CameraManager::start() failed with " + std::to_string(rc));
            return nullptr;
        }
        return lc.release();
    } catch (const std::exception &e) {
        g_open = false;
        fail(err, errlen, SALLE_LC_ERR_INTERNAL, std::string("libcamera threw while starting: ") + e.what());
    } catch (...) {
        g_open = false;
        fail(err, errlen, SALLE_LC_ERR_INTERNAL, "libcamera threw an unknown exception while starting");
    }
    return nullptr;
}

void salle_lc_close(salle_lc *lc) {
    if (lc == nullptr) {
        return;
    }
    try {
        {
            std::lock_guard<std::mutex> guard(lc->lock);
            lc->pending.clear();
            if (lc->manager) {
                lc->manager->stop();
                lc->manager.reset();
            }
        }
        delete lc;
    } catch (...) {
        // Nothing sensible to report from close; the handle is gone either way.
    }
    g_open = false;
}

int salle_lc_camera_count(salle_lc *lc) {
    if (lc == nullptr) {
        return SALLE_LC_ERR_ARG;
    }
    try {
        std::lock_guard<std::mutex> guard(lc->lock);
        return static_cast<int>(lc->manager->cameras().size());
    } catch (...) {
        return SALLE_LC_ERR_INTERNAL;
    }
}

int salle_lc_camera_describe(salle_lc *lc, int index, char *buf, int len) {
    if (lc == nullptr || buf == nullptr || len <= 0) {
        return SALLE_LC_ERR_ARG;
    }
    try {
        std::lock_guard<std::mutex> guard(lc->lock);
        std::vector<std::shared_ptr<Camera>> cameras = lc->manager->cameras();
        if (index < 0 || static_cast<size_t>(index) >= cameras.size()) {
            return SALLE_LC_ERR_NO_CAMERA;
        }
        std::string text = describe(*cameras[index]);
        put(buf, len, text);
        return text.size() > 0x7fffffff ? SALLE_LC_ERR_INTERNAL : static_cast<int>(text.size());
    } catch (...) {
        return SALLE_LC_ERR_INTERNAL;
    }
}

int salle_lc_set_control(salle_lc *lc, const char *camera_id, const char *name, const double *values,
                         int count, char *err, int errlen) {
    if (lc == nullptr || camera_id == nullptr || name == nullptr || count < 0 || count > 16 ||
        (count > 0 && values == nullptr)) {
        return fail(err, errlen, SALLE_LC_ERR_ARG, "salle_lc_set_control got a null or out-of-range argument");
    }
    try {
        std::lock_guard<std::mutex> guard(lc->lock);
        std::shared_ptr<Camera> camera = lc->manager->get(camera_id);
        if (!camera) {
            return fail(err, errlen, SALLE_LC_ERR_NO_CAMERA,
                        std::string("no libcamera camera has id '") + camera_id + "'");
        }
        return set_control(*lc, *camera, name, values, count, err, errlen);
    } catch (const std::exception &e) {
        return fail(err, errlen, SALLE_LC_ERR_INTERNAL, std::string("libcamera threw: ") + e.what());
    } catch (...) {
        return fail(err, errlen, SALLE_LC_ERR_INTERNAL, "libcamera threw an unknown exception");
    }
}

int salle_lc_pending_count(salle_lc *lc, const char *camera_id) {
    if (lc == nullptr || camera_id == nullptr) {
        return SALLE_LC_ERR_ARG;
    }
    try {
        std::lock_guard<std::mutex> guard(lc->lock);
        auto it = lc->pending.find(camera_id);
        return it == lc->pending.end() ? 0 : static_cast<int>(it->second->size());
    } catch (...) {
        return SALLE_LC_ERR_INTERNAL;
    }
}

} // extern "C"
