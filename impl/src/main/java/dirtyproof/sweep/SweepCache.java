package dirtyproof.sweep;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Json;
import dirtyproof.variant.Variant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Back-end answers kept between sweeps, so that an unchanged variant is not checked twice (DESIGN.md section
 * 7). An answer is filed under the SHA-256 of the back-end's name, what the back-end says decides its answer
 * besides the variant ({@link Backend#cacheKey}: for TLC the text of every module and the model), and the
 * variant's canonical form (every key but name, summary and expect). A back-end whose answer is a sample
 * (cacheKey null) is never cached, nor is an INCONCLUSIVE answer: it is checked again next time.
 */
public final class SweepCache {

    private final Path dir;

    public SweepCache(Path dir) {
        this.dir = dir;
    }

    /** The default place: {@code <work dir>/cache} (target/dirtyproof-work/cache in a checkout). */
    public static SweepCache in(BackendOptions o) {
        return new SweepCache(o.workDir().toAbsolutePath().resolve("cache"));
    }

    public Path dir() {
        return dir;
    }

    /** The variant as the cache sees it: every key but the ones that only name or describe it. */
    public static Map<String, Object> canonical(Variant v) {
        Map<String, Object> k = new LinkedHashMap<>(v.keys());
        k.remove("name");
        k.remove("summary");
        k.remove("expect");
        return k;
    }

    /** The key of a back-end's answer on a variant, or null when the back-end's answers are not to be kept. */
    public String key(Backend b, Variant v, BackendOptions o) {
        String what;
        try {
            what = b.cacheKey(v, o);
        } catch (Exception | Error e) {
            return null;
        }
        if (what == null) {
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((b.name() + "\n" + what + "\n" + Json.write(canonical(v))).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kept answer, or null when there is none or it cannot be read. */
    public BackendResult get(String key) {
        Path f = dir.resolve(key + ".json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Map<?, ?> m = (Map<?, ?>) Json.read(Files.readString(f, StandardCharsets.UTF_8));
            Verdict verdict = Verdict.valueOf((String) m.get("verdict"));
            if (verdict == Verdict.INCONCLUSIVE) {
                return null;
            }
            Map<String, Number> explored = new LinkedHashMap<>();
            ((Map<?, ?>) m.get("explored")).forEach((k, x) -> explored.put((String) k, (Number) x));
            Counterexample cx = m.get("counterexample") == null ? null : Counterexample.fromMap(m.get("counterexample"));
            return new BackendResult((String) m.get("backend"), verdict, (Boolean) m.get("exhaustive"), explored,
                    ((Number) m.get("seconds")).doubleValue(), cx, (String) m.get("reason"),
                    Boolean.TRUE.equals(m.get("replayed")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps a conclusive answer (written to a temporary file and moved, so a reader never sees half of it). */
    public void put(String key, BackendResult r) {
        if (r.verdict() == Verdict.INCONCLUSIVE) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", r.backend());
        m.put("verdict", r.verdict().name());
        m.put("exhaustive", r.exhaustive());
        m.put("explored", r.explored());
        m.put("seconds", r.seconds());
        m.put("counterexample", r.counterexample() == null ? null : r.counterexample().toMap());
        m.put("replayed", r.replayed());
        m.put("reason", r.reason());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.writeString(tmp, Json.write(m), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache that cannot be written only costs time: the answer is still reported
        }
    }
}
