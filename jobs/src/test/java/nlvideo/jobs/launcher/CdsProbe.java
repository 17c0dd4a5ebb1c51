package nlvideo.jobs.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The program {@link ClassDataSharingTest} runs through scripts/lib/cds.sh: prints the archive
 * options its JVM got and a line read from stdin, then exits with the code in its first argument,
 * or sleeps until it is stopped when that argument is {@code sleep}.
 */
public final class CdsProbe {
    private CdsProbe() {}

    public static void main(String[] args) throws Exception {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        System.out.println(
                "SharedArchiveFile=" + vm.getVMOption("SharedArchiveFile").getValue());
        System.out.println(
                "ArchiveClassesAtExit=" + vm.getVMOption("ArchiveClassesAtExit").getValue());
        if (args[0].equals("sleep")) {
            System.out.println("sleeping");
            System.out.flush();
            Thread.sleep(600_000);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("stdin=" + in.readLine());
        System.exit(Integer.parseInt(args[0]));
    }
}
