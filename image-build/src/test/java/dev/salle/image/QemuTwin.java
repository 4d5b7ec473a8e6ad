package dev.salle.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The amd64 twin running under {@code qemu-system-x86_64}: UEFI (OVMF), the disk image on virtio,
 * a hardware watchdog, and user-mode networking restricted to the forwards given, each to a port
 * on this machine's loopback (one {@code socat} per connection), so the guest reaches nothing else.
 * KVM when it works here ({@link #kvmUsable}), software emulation otherwise. Under emulation the
 * CPU model is Westmere (SSE4.2, AES-NI, no AVX): with QEMU 7.2's {@code max} model the guest's JVM
 * crashed in compiled code twice per run (SIGSEGV in C1 code). The serial console goes
 * to a file.
 */
final class QemuTwin implements AutoCloseable {

    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    /** A guest address and port that leads to a port on this machine's loopback. */
    record Forward(String guestAddress, int guestPort, int hostPort) {}

    private final Process process;
    private final Path console;

    private QemuTwin(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    private static Boolean kvm;

    /**
     * Whether KVM runs this kernel: {@code /dev/kvm} opens, and a short boot of the kernel under KVM
     * prints its banner without a KVM internal error (nested virtualisation can offer the device and
     * still fail at the first instructions, as on this project's build machines).
     */
    static synchronized boolean kvmUsable(Path kernel, Path dir) throws IOException, InterruptedException {
        if (kvm != null) {
            return kvm;
        }
        Path dev = Path.of("/dev/kvm");
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return kvm = false;
        }
        Path console = dir.resolve("kvm-probe.log");
        Path said = dir.resolve("kvm-probe.qemu.log");
        Process p = new ProcessBuilder("qemu-system-x86_64", "-machine", "q35,accel=kvm", "-m", "256", "-display", "none",
                "-monitor", "none", "-no-reboot", "-serial", "file:" + console, "-kernel", kernel.toString(),
                "-append", "console=ttyS0 panic=-1").redirectErrorStream(true).redirectOutput(said.toFile()).start();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String qemuSaid = Files.readString(said, java.nio.charset.StandardCharsets.ISO_8859_1);
        String printed = Files.exists(console) ? Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        return kvm = printed.contains("Linux version") && !qemuSaid.contains("KVM internal error");
    }

    static QemuTwin boot(Path disk, Path dir, boolean useKvm, List<Forward> forwards) throws IOException {
        Path vars = dir.resolve("ovmf-vars.fd");
        if (!Files.exists(vars)) {
            Files.copy(OVMF_VARS, vars);
        }
        Path console = dir.resolve("console.log");
        StringBuilder net = new StringBuilder("user,id=n0,restrict=on");
        for (Forward f : forwards) {
            net.append(",guestfwd=tcp:").append(f.guestAddress()).append(':').append(f.guestPort())
                    .append("-cmd:socat STDIO TCP4:127.0.0.1:").append(f.hostPort());
        }
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64",
                "-machine", "q35,accel=" + (useKvm ? "kvm" : "tcg"), "-cpu", useKvm ? "qemu64" : "Westmere",
                // two vCPUs: under software emulation the guest's JVM dies of SIGSEGV in JIT-compiled
                // code about once a run (two threads at once: QEMU's multi-threaded TCG and the JIT's
                // code patching), usually mid-download. systemd restarts it and the rollout asks the
                // device again; one vCPU avoids the crash but makes the update three times slower.
                "-smp", "2", "-m", "1536",
                "-display", "none", "-monitor", "none",
                "-serial", "file:" + console,
                "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,file=" + vars,
                "-drive", "if=virtio,format=raw,file=" + disk,
                "-netdev", net.toString(), "-device", "virtio-net-pci,netdev=n0",
                "-device", "i6300esb", "-action", "watchdog=reset"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        return new QemuTwin(p, console);
    }

    boolean running() {
        return process.isAlive();
    }

    /** The serial console so far (kernel and systemd messages). */
    String console() {
        try {
            return Files.exists(console) ? Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(console unreadable: " + e.getMessage() + ")";
        }
    }

    /** The last lines of the console, for a failure's message. */
    String consoleTail(int lines) {
        List<String> all = console().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
