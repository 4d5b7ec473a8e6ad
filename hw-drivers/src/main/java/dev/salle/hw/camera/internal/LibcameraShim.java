package dev.salle.hw.camera.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every native call into {@code libsalle_libcamera.so}, the C shim over libcamera built from
 * {@code src/main/native/salle_libcamera.cpp} (its header documents the C side).
 *
 * <p>Loading: JNA finds the library on {@code jna.library.path}, the system library path, or as the
 * class-path resource {@code <jna-prefix>/libsalle_libcamera.so} (for example
 * {@code linux-x86-64/}), which is where the Maven build puts it.
 *
 * <p>Ownership: this object owns at most one native handle (one libcamera CameraManager, which
 * libcamera allows once per process), opened by {@link #open()} and freed by {@link #close()}.
 * Output buffers are Java arrays owned by this class; the shim copies into them and keeps nothing.
 *
 * <p>Threads: every method is synchronized, and the shim serialises calls on the handle too; no
 * native callback ever enters Java. libcamera's own thread lives inside the handle.
 */
public final class LibcameraShim implements AutoCloseable {

    /** The library name JNA loads ({@code libsalle_libcamera.so}). */
    public static final String LIBRARY_NAME = "salle_libcamera";

    public static final int OK = 0;
    public static final int ERR_ARG = -1;
    public static final int ERR_NO_CAMERA = -2;
    public static final int ERR_NO_CONTROL = -3;
    public static final int ERR_VALUE = -4;
    public static final int ERR_BUSY = -5;
    public static final int ERR_INTERNAL = -6;

    private static final int ERROR_BUFFER = 512;
    private static final int FIRST_DESCRIBE_BUFFER = 4096;
    private static final int MAX_DESCRIBE_BUFFER = 1 << 20;

    /** The C ABI, one method per exported function. */
    private interface Api extends Library {
        String salle_lc_version();
        Pointer salle_lc_open(byte[] err, int errlen);
        void salle_lc_close(Pointer lc);
        int salle_lc_camera_count(Pointer lc);
        int salle_lc_camera_describe(Pointer lc, int index, byte[] buf, int len);
        int salle_lc_set_control(Pointer lc, String cameraId, String name, double[] values, int count, byte[] err, int errlen);
        int salle_lc_pending_count(Pointer lc, String cameraId);
    }

    /** A negative status from the shim, with its reason. */
    public static final class ShimFailure extends RuntimeException {
        private final int code;

        ShimFailure(int code, String message) {
            super(message);
            this.code = code;
        }

        /** One of the {@code ERR_*} codes. */
        public int code() {
            return code;
        }
    }

    private final Api api;
    private Pointer handle;

    private LibcameraShim(Api api) {
        this.api = api;
    }

    /**
     * Loads the shim library.
     *
     * @throws UnsatisfiedLinkError when it (or libcamera itself) cannot be found or loaded
     */
    public static LibcameraShim load(String libraryName) {
        Api api = Native.load(libraryName, Api.class,
                Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
        return new LibcameraShim(api);
    }

    /** The libcamera version the shim runs against, e.g. {@code v0.0.3}. */
    public String version() {
        return api.salle_lc_version();
    }

    /** Starts libcamera's CameraManager, if not started yet. */
    public synchronized void open() {
        if (handle != null) {
            return;
        }
        byte[] err = new byte[ERROR_BUFFER];
        Pointer lc = api.salle_lc_open(err, err.length);
        if (lc == null) {
            throw new ShimFailure(ERR_INTERNAL, text(err));
        }
        handle = lc;
    }

    public synchronized int cameraCount() {
        return check(api.salle_lc_camera_count(opened()), "counting cameras");
    }

    /** The shim's {@code key=value} description of camera {@code index}. */
    public synchronized String describe(int index) {
        int size = FIRST_DESCRIBE_BUFFER;
        while (true) {
            byte[] buf = new byte[size];
            int length = check(api.salle_lc_camera_describe(opened(), index, buf, buf.length), "describing camera " + index);
            if (length < buf.length) {
                return new String(buf, 0, length, StandardCharsets.UTF_8);
            }
            if (length + 1 > MAX_DESCRIBE_BUFFER) {
                throw new ShimFailure(ERR_INTERNAL, "camera " + index + " description is " + length
                        + " bytes, more than the " + MAX_DESCRIBE_BUFFER + " this side accepts");
            }
            size = length + 1;
        }
    }

    /** Validates a control and keeps it pending for the camera's next capture session. */
    public synchronized void setControl(String cameraId, String name, double[] values) {
        byte[] err = new byte[ERROR_BUFFER];
        int rc = api.salle_lc_set_control(opened(), cameraId, name, values, values.length, err, err.length);
        if (rc < 0) {
            throw new ShimFailure(rc, text(err));
        }
    }

    /** How many controls are pending for that camera. */
    public synchronized int pendingControls(String cameraId) {
        return check(api.salle_lc_pending_count(opened(), cameraId), "counting pending controls of " + cameraId);
    }

    private Pointer opened() {
        if (handle == null) {
            throw new IllegalStateException("libcamera shim is not open (or already closed); call open() first");
        }
        return handle;
    }

    private static int check(int rc, String what) {
        if (rc < 0) {
            throw new ShimFailure(rc, "libcamera shim failed " + what + " with status " + rc);
        }
        return rc;
    }

    private static String text(byte[] buf) {
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }

    /** Stops libcamera and frees the handle. Idempotent. */
    @Override
    public synchronized void close() {
        if (handle != null) {
            api.salle_lc_close(handle);
            handle = null;
        }
    }
}
