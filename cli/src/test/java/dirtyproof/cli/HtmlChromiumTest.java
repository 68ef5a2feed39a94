package dirtyproof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-in ({@code -Ddirtyproof.chromium=true}, needs Debian's {@code chromium}): the --html page of a real TLC
 * counterexample, rendered by headless Chromium with the network off. The DOM Chromium built must hold the
 * table and the swimlane; the screenshot is left in {@code target/html-report/} for a person to look at.
 */
@EnabledIfSystemProperty(named = "dirtyproof.chromium", matches = "true")
class HtmlChromiumTest {

    static final Path OUT = Paths.get("target", "html-report").toAbsolutePath();

    @Test
    void headlessChromiumRendersTheTableAndTheSwimlane() throws Exception {
        Files.createDirectories(OUT);
        MainTest.Result r = MainTest.run("check", MainTest.variant("no-flush").toString(),
                MainTest.variant("kernel-today").toString(), "--backend", "tlc", "--traces", "--html", OUT.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path page = OUT.resolve("index.html");
        Path png = OUT.resolve("screenshot.png");
        Files.deleteIfExists(png);
        String dom = chromium("--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("<svg") && dom.contains(">vcpu0</text>") && dom.contains("lost write: page p"), dom);
        assertTrue(dom.contains("<table>") && dom.contains("kernel-today"), dom);
        chromium("--screenshot=" + png, "--window-size=1300,1500", page.toUri().toString());
        assertTrue(Files.size(png) > 20_000, "a screenshot with something on it: " + Files.size(png) + " bytes");
    }

    private static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--proxy-server=127.0.0.1:9", "--user-data-dir=" + OUT.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(OUT.resolve("chromium.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(OUT.resolve("chromium.log")));
        return new String(out, StandardCharsets.UTF_8);
    }
}
