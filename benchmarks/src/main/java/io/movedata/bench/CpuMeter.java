package io.movedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used during a measurement, from Linux's {@code /proc}: by this JVM, and by everything else on
 * the machine (other engineers' builds share it), in cores. Zero when {@code /proc} is unreadable.
 */
final class CpuMeter {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** A reading: machine busy and total jiffies (all CPUs), and this process's jiffies. */
    record Reading(long busy, long total, long self) {}

    /** Cores used between two readings, by this process and by the others. */
    record Usage(double selfCores, double otherCores) {}

    static Reading read() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(cpu[1]);
            long nice = Long.parseLong(cpu[2]);
            long system = Long.parseLong(cpu[3]);
            long idle = Long.parseLong(cpu[4]);
            long iowait = Long.parseLong(cpu[5]);
            long irq = Long.parseLong(cpu[6]);
            long softirq = Long.parseLong(cpu[7]);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            long self = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new Reading(busy, busy + idle + iowait, self);
        } catch (IOException | RuntimeException e) {
            return new Reading(0, 0, 0);
        }
    }

    static Usage between(Reading before, Reading after) {
        long total = after.total() - before.total();
        if (total <= 0) {
            return new Usage(0, 0);
        }
        long self = after.self() - before.self();
        long others = Math.max(0, after.busy() - before.busy() - self);
        return new Usage((double) self / total * CORES, (double) others / total * CORES);
    }

    private CpuMeter() {}
}
