package dirtyproof.family;

import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every protocol family dirtyproof knows, by id. A family registers itself in
 * {@code META-INF/services/dirtyproof.family.Family} (as back-ends do in theirs) and is found here with
 * {@link ServiceLoader}; nothing else names it. A protocol of {@link #IDS} that no family models yet answers
 * "not modelled" from here, the one place that says it.
 */
public final class Families {

    /** Every protocol id a variant may name, modelled or not, in documented order. */
    public static final List<String> IDS =
            List.of("get-log", "clear-log", "switch-log", "srcu-swap", "ring", "ring-with-bitmap");

    private static final Map<String, Family> BY_ID = new LinkedHashMap<>();

    static {
        for (String id : IDS) {
            BY_ID.put(id, new NotModelled(id));
        }
        for (Family f : ServiceLoader.load(Family.class, Families.class.getClassLoader())) {
            register(f);
        }
    }

    private Families() {
    }

    private static void register(Family f) {
        Family before = BY_ID.get(f.id());
        if (before != null && before.modelled() && before.getClass() != f.getClass()) {
            throw new IllegalStateException("two families have the id " + f.id() + ": " + before.getClass().getName()
                    + " and " + f.getClass().getName());
        }
        BY_ID.put(f.id(), f);
    }

    /** Every protocol id a variant may name: the documented ones, then any other registered family's. */
    public static List<String> ids() {
        return new ArrayList<>(BY_ID.keySet());
    }

    /** The family of a protocol id, or empty for an id that is not a protocol. */
    public static Optional<Family> find(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** The family of a protocol id; an IllegalArgumentException for an unknown id. */
    public static Family get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + id + "'; protocols: "
                + String.join(", ", IDS)));
    }

    /** Every family, in documented order. */
    public static List<Family> all() {
        return new ArrayList<>(BY_ID.values());
    }

    /** The families that have a model. */
    public static List<Family> modelled() {
        List<Family> r = new ArrayList<>();
        for (Family f : BY_ID.values()) {
            if (f.modelled()) {
                r.add(f);
            }
        }
        return r;
    }

    /** Thrown by every use of a protocol that has no model yet; back-ends turn it into INCONCLUSIVE. */
    public static final class NotModelledException extends RuntimeException {
        public NotModelledException(String id) {
            super("protocol " + id + " has no model yet; modelled: " + String.join(", ",
                    modelled().stream().map(Family::id).toArray(String[]::new)));
        }
    }

    /** A recognised protocol without a model: its keys are not checked, and nothing can run it. */
    private static final class NotModelled implements Family {
        private final String id;

        NotModelled(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return id + " (not modelled yet)";
        }

        @Override
        public boolean modelled() {
            return false;
        }

        @Override
        public List<String> keys() {
            return List.of();
        }

        @Override
        public FamilyConfig parse(KeyReader keys) {
            return Map::of;
        }

        @Override
        public Variant defaults(String name) {
            throw new NotModelledException(id);
        }

        @Override
        public List<Step> steps() {
            return List.of();
        }

        @Override
        public Migration start(Variant v) {
            throw new NotModelledException(id);
        }

        @Override
        public TlaModel tla(Variant v) {
            throw new NotModelledException(id);
        }

        @Override
        public List<Op> liveRounds(Variant v) {
            throw new NotModelledException(id);
        }

        @Override
        public List<Scenario> scenarios(Variant v) {
            throw new NotModelledException(id);
        }
    }
}
