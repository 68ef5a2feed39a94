package dirtyproof.bitmaps;

import dirtyproof.family.Op;
import dirtyproof.kvm.Kvm;
import dirtyproof.variant.Variant;

/**
 * The shared machine with a {@link ProgramHarvester} as its migration side (clear-log, srcu-swap, switch-log):
 * the migration is finished when the harvester is done, and its one family operation is the harvester's
 * {@code live-rounds}.
 *
 * @param <H> the family's harvester
 */
public abstract class ProgramKvm<H extends ProgramHarvester> extends Kvm {

    private H harvester;

    protected ProgramKvm(Variant variant) {
        super(variant);
    }

    /** To be called at the end of the subclass's constructor, once what the harvester reads exists. */
    protected final void addHarvester(H h) {
        harvester = h;
        addActor(h);
    }

    public H harvester() {
        return harvester;
    }

    @Override
    public boolean finished() {
        return harvester.done();
    }

    /** The harvester's live rounds, each its program (the sends included): every one before the final round. */
    @Override
    protected boolean performFamily(Op op) {
        if (!op.actor().equals(ProgramHarvester.NAME) || !op.action().equals(Op.LIVE_ROUNDS)) {
            throw new IllegalArgumentException(variant.protocol() + " has no operation " + op);
        }
        while (!harvester.finalRound()) {
            harvester.stepBlocking();
        }
        return true;
    }
}
