package dirtyproof.model;

/** A page whose last write never reached the destination: after the final round, dest[page] != mem[page]. */
public record LostWrite(int page, int mem, int dest) {
    @Override
    public String toString() {
        return "lost write: page p" + page + " mem=" + mem + " dest=" + dest;
    }
}
