package org.backtriage.release;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release zip the build makes for a clinic ({@code src/assembly/release.xml}), as a physiotherapist
 * gets it: unpacked, the launcher is executable and runs the jar beside it on the rules beside it. Runs
 * after {@code package} (the {@code launcher-tests} execution), since the zip holds the runnable jar; the
 * one test here that starts Java is the one that runs {@code check} through the launcher.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseZipIT {
    private static final Path RULES = Path.of("rules");

    @TempDir
    Path temp;

    /** The zip the build made: the launcher-tests execution names it. */
    private static Path zip() {
        String name = System.getProperty("backtriage.release.zip");
        assertNotNull(name, "run by mvn verify (the launcher-tests execution names the zip in backtriage.release.zip)");
        Path zip = Path.of(name);
        assertTrue(Files.isRegularFile(zip), "the build made no release zip at " + zip);
        return zip;
    }

    /** The one folder the zip unpacks into, e.g. backtriage-0.1.0/. */
    private static String base(ZipFile zip) {
        String first = zip.entries().nextElement().getName();
        return first.substring(0, first.indexOf('/') + 1);
    }

    @Test
    void theZipHoldsTheExecutableLauncherTheJarAndTheRulesWithTheirGuide() throws IOException {
        Map<String, Integer> modes = unixModes(zip());
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            String base = base(zip);
            assertTrue(base.startsWith("backtriage-"), base);
            assertTrue(zip.stream().allMatch(e -> e.getName().startsWith(base)), "everything is in one folder");
            assertEquals(0755, modes.get(base + "backtriage") & 0777, "the launcher is executable once unpacked");
            assertArrayEquals(Files.readAllBytes(LauncherScriptTest.LAUNCHER), bytes(zip, base + "backtriage"));
            ZipEntry jar = zip.getEntry(base + "backtriage.jar");
            assertNotNull(jar, "the runnable jar");
            assertTrue(jar.getSize() > 1_000_000, "the shaded jar, not the thin one: " + jar.getSize());
            // every file of the shipped rules folder, its guide and scenarios included, as it is
            List<Path> shipped;
            try (Stream<Path> files = Files.walk(RULES)) {
                shipped = files.filter(Files::isRegularFile).toList();
            }
            assertTrue(shipped.contains(RULES.resolve("README.md")));
            for (Path file : shipped) {
                String name = base + file.toString().replace('\\', '/');
                assertNotNull(zip.getEntry(name), name);
                assertArrayEquals(Files.readAllBytes(file), bytes(zip, name), name);
            }
        }
    }

    @Test
    void theUnpackedLauncherRunsCheckOnTheRulesBesideIt() throws Exception {
        // a folder name with a space, and the command run from elsewhere: the launcher finds its own jar
        Path unpacked = unpack(zip(), Files.createDirectories(temp.resolve("Clinic files")));
        Path launcher = unpacked.resolve("backtriage");
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Process process = new ProcessBuilder(launcher.toString(), "check", "--rules", unpacked.resolve("rules").toString())
                .directory(elsewhere.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "check did not finish");
        assertEquals(0, process.exitValue(), out + err);
        assertTrue(out.matches("checked \\d+ file\\(s\\), \\d+ rule\\(s\\): no problems\\s*"), out + err);
    }

    /** Unpacks the zip as unzip does, with the permissions the zip gives; returns the folder it made. */
    private static Path unpack(Path zipFile, Path into) throws IOException {
        Map<String, Integer> modes = unixModes(zipFile);
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                Files.setPosixFilePermissions(target, permissions(modes.getOrDefault(entry.getName(), 0644)));
            }
            return into.resolve(base(zip));
        }
    }

    private static byte[] bytes(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /**
     * Each entry's Unix mode, from the zip's central directory (the upper half of an entry's external
     * attributes), which java.util.zip does not expose. The zip is small in entries and not Zip64.
     */
    private static Map<String, Integer> unixModes(Path zip) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "r")) {
            int tail = (int) Math.min(file.length(), 22 + 65_535);
            byte[] end = new byte[tail];
            file.seek(file.length() - tail);
            file.readFully(end);
            ByteBuffer eocd = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
            int at = tail - 22;
            while (at >= 0 && eocd.getInt(at) != 0x06054b50) {
                at--;
            }
            assertTrue(at >= 0, "no end of central directory in " + zip);
            int size = eocd.getInt(at + 12);
            long offset = Integer.toUnsignedLong(eocd.getInt(at + 16));
            byte[] directory = new byte[size];
            file.seek(offset);
            file.readFully(directory);
            ByteBuffer cd = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Integer> modes = new HashMap<>();
            int p = 0;
            while (p + 46 <= size && cd.getInt(p) == 0x02014b50) {
                int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
                int extra = Short.toUnsignedInt(cd.getShort(p + 30));
                int comment = Short.toUnsignedInt(cd.getShort(p + 32));
                int external = cd.getInt(p + 38);
                String name = new String(directory, p + 46, nameLength, StandardCharsets.UTF_8);
                modes.put(name, external >>> 16);
                p += 46 + nameLength + extra + comment;
            }
            return modes;
        }
    }
}
