package dirtyproof.variant;

/** The verdict a variant expects. */
public enum Expect implements Choice {
    SAFE("safe"),
    LOST_WRITE("lost-write");

    private final String id;

    Expect(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
