package dev.salle.hw.camera;

import dev.salle.hw.camera.internal.LibcameraShim;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cameras found by libcamera, through the native shim ({@link LibcameraShim}).
 *
 * <p>When the shim cannot be loaded (built without libcamera-dev, or libcamera missing at run
 * time) or libcamera does not start, {@link #available()} is false, {@link #list()} is empty, and
 * {@link #unavailableReason()} says why; nothing throws. Controls are validated against the
 * camera's reported controls and ranges and kept pending for the camera's next capture session
 * (see {@code salle_libcamera.h}).
 *
 * <p>Threading: safe from any thread (calls are serialised). Owns the libcamera CameraManager
 * from the first {@link #list()} or {@link #setControl} until {@link #close()}.
 */
public final class LibcameraCameras implements Cameras {

    private static final Logger LOG = LoggerFactory.getLogger(LibcameraCameras.class);

    private final LibcameraShim shim;
    private String unavailable;

    private LibcameraCameras(LibcameraShim shim, String unavailable) {
        this.shim = shim;
        this.unavailable = unavailable;
    }

    /** Loads the shim built with this module ({@value LibcameraShim#LIBRARY_NAME}). */
    public static LibcameraCameras load() {
        return load(LibcameraShim.LIBRARY_NAME);
    }

    /** Loads a shim by library name; a name that does not load gives an unavailable instance. */
    public static LibcameraCameras load(String libraryName) {
        try {
            return new LibcameraCameras(LibcameraShim.load(libraryName), null);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            String reason = "libcamera shim lib" + libraryName + ".so could not be loaded (" + detail
                    + "); build hw-drivers where libcamera-dev is installed, and install libcamera at run time";
            LOG.info("libcamera cameras unavailable: {}", reason);
            return new LibcameraCameras(null, reason);
        }
    }

    /** Whether the shim loaded and libcamera started (starting it on first call). */
    public synchronized boolean available() {
        return started();
    }

    /** The libcamera version, when available. */
    public synchronized Optional<String> libcameraVersion() {
        return shim == null ? Optional.empty() : Optional.of(shim.version());
    }

    @Override
    public synchronized Optional<String> unavailableReason() {
        started();
        return Optional.ofNullable(unavailable);
    }

    @Override
    public CameraSource source() {
        return CameraSource.LIBCAMERA;
    }

    private boolean started() {
        if (unavailable != null) {
            return false;
        }
        try {
            shim.open();
            return true;
        } catch (LibcameraShim.ShimFailure e) {
            unavailable = "libcamera did not start: " + e.getMessage();
            LOG.warn("libcamera cameras unavailable: {}", unavailable);
            return false;
        }
    }

    @Override
    public synchronized List<CameraInfo> list() {
        if (!started()) {
            return List.of();
        }
        List<CameraInfo> cameras = new ArrayList<>();
        int count = shim.cameraCount();
        for (int i = 0; i < count; i++) {
            try {
                cameras.add(LibcameraDescription.parse(shim.describe(i)));
            } catch (LibcameraShim.ShimFailure | CameraException e) {
                LOG.warn("libcamera camera {} of {} left out of the list: {}", i, count, e.getMessage());
            }
        }
        return List.copyOf(cameras);
    }

    @Override
    public synchronized void setControl(String cameraId, CameraControl control) {
        if (!started()) {
            throw new CameraException("cannot set " + control + " on camera '" + cameraId + "': " + unavailable);
        }
        String name;
        double[] values;
        switch (control) {
            case CameraControl.Brightness b -> { name = "Brightness"; values = new double[] {b.value()}; }
            case CameraControl.ExposureTime e -> { name = "ExposureTime"; values = new double[] {e.micros()}; }
            case CameraControl.ScalerCrop c -> {
                name = "ScalerCrop";
                values = new double[] {c.x(), c.y(), c.width(), c.height()};
            }
        }
        try {
            shim.setControl(cameraId, name, values);
        } catch (LibcameraShim.ShimFailure e) {
            String hint = switch (e.code()) {
                case LibcameraShim.ERR_NO_CAMERA -> "; call list() for the ids of present cameras";
                case LibcameraShim.ERR_NO_CONTROL -> "; this camera does not offer it";
                case LibcameraShim.ERR_VALUE -> "; pick a value in the camera's range";
                default -> "";
            };
            throw new CameraException("libcamera refused " + control + " on camera '" + cameraId + "': "
                    + e.getMessage() + hint, e);
        }
    }

    /** How many controls wait for the camera's next capture session. */
    public synchronized int pendingControls(String cameraId) {
        return started() ? shim.pendingControls(cameraId) : 0;
    }

    @Override
    public synchronized void close() {
        if (shim != null) {
            shim.close();
        }
        if (unavailable == null) {
            unavailable = "closed";
        }
    }
}
