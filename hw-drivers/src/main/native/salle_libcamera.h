/*
 * salle_libcamera: a tiny C ABI over libcamera's C++ API, loaded from Java through JNA
 * (dev.salle.hw.camera.internal.LibcameraShim).
 *
 * Ownership: salle_lc_open() returns a handle that the caller owns and must pass to
 * salle_lc_close() exactly once. libcamera allows one CameraManager per process, so a second
 * salle_lc_open() while a handle is open fails with SALLE_LC_ERR_BUSY. Every buffer is owned by
 * the caller; the shim writes at most `len` bytes including the terminating NUL and never keeps a
 * pointer to it. Strings passed in are only read during the call.
 *
 * Threads: every call on one handle is serialised by a mutex inside the handle, so calls from
 * several threads are safe but do not run in parallel. libcamera runs its own event thread
 * inside the CameraManager; no callback ever enters Java.
 *
 * Logging: libcamera logs to stderr; set LIBCAMERA_LOG_LEVELS (e.g. "*:ERROR") to quiet it.
 *
 * Errors: no C++ exception crosses this ABI; every function returns a status (>= 0 success,
 * negative SALLE_LC_ERR_*) and, where an `err` buffer is given, a sentence saying what failed.
 */
#ifndef SALLE_LIBCAMERA_H
#define SALLE_LIBCAMERA_H

#ifdef __cplusplus
extern "C" {
#endif

#define SALLE_LC_OK 0
#define SALLE_LC_ERR_ARG -1        /* a null handle/pointer or a bad length */
#define SALLE_LC_ERR_NO_CAMERA -2  /* no camera with that index or id */
#define SALLE_LC_ERR_NO_CONTROL -3 /* the camera does not support that control */
#define SALLE_LC_ERR_VALUE -4      /* wrong number of values, or a value out of the camera's range */
#define SALLE_LC_ERR_BUSY -5       /* a handle is already open in this process */
#define SALLE_LC_ERR_INTERNAL -6   /* libcamera failed or threw */

#define SALLE_LC_API __attribute__((visibility("default")))

typedef struct salle_lc salle_lc;

/* The libcamera version the shim runs against; a static string, never freed. */
SALLE_LC_API const char *salle_lc_version(void);

/* Starts a CameraManager. Returns NULL on failure, with the reason in err (if non-NULL). */
SALLE_LC_API salle_lc *salle_lc_open(char *err, int errlen);

/* Stops the CameraManager and frees the handle. NULL is ignored. */
SALLE_LC_API void salle_lc_close(salle_lc *lc);

/* The number of cameras, or a negative SALLE_LC_ERR_*. */
SALLE_LC_API int salle_lc_camera_count(salle_lc *lc);

/*
 * Describes camera `index` as lines of `key=value`:
 *   id=<libcamera id>, model=<model or empty>, location=front|back|external|unknown,
 *   format=<FOURCC name> <w>x<h>,<w>x<h>...   (one line per pixel format),
 *   controls=<name>,<name>...
 * Returns the length of the full description (excluding NUL); if that is >= len the text was
 * truncated and the caller should retry with a larger buffer. Negative SALLE_LC_ERR_* on error.
 */
SALLE_LC_API int salle_lc_camera_describe(salle_lc *lc, int index, char *buf, int len);

/*
 * Validates a control for camera `camera_id` and keeps it as pending for the next capture
 * session: "Brightness" (1 value, float), "ExposureTime" (1 value, microseconds),
 * "ScalerCrop" (4 values: x, y, width, height). Values are checked against the camera's
 * reported range. Returns SALLE_LC_OK or a negative SALLE_LC_ERR_* with the reason in err.
 */
SALLE_LC_API int salle_lc_set_control(salle_lc *lc, const char *camera_id, const char *name,
                         const double *values, int count, char *err, int errlen);

/* How many controls are pending for that camera, or a negative SALLE_LC_ERR_*. */
SALLE_LC_API int salle_lc_pending_count(salle_lc *lc, const char *camera_id);

#ifdef __cplusplus
}
#endif

#endif
