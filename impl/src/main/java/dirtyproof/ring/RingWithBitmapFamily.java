package dirtyproof.ring;

/**
 * ring-with-bitmap: the dirty ring with the backup bitmap of KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP (2022) for writes
 * with no running vCPU, read with KVM_GET_DIRTY_LOG as the final round's last step
 * (docs/families/ring-with-bitmap.md).
 */
public final class RingWithBitmapFamily extends RingFamily {

    public static final String ID = "ring-with-bitmap";

    public RingWithBitmapFamily() {
        super(true);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "the dirty ring with a backup bitmap (KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP)";
    }
}
