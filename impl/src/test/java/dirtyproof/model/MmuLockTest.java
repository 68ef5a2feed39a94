package dirtyproof.model;

import dirtyproof.variant.LockMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mmu_lock: free, one exclusive holder, or a set of shared holders, encoded as DirtyMachine.tla encodes it. */
class MmuLockTest {

    private final Machine m = new Machine(new Bounds(2, 2, 2, 2, 1));

    @Test
    void sharedHoldersExcludeOnlyAnExclusiveHolder() {
        assertTrue(m.tryMmuLock(0, LockMode.SHARED));
        assertTrue(m.tryMmuLock(Machine.HARVESTER, LockMode.SHARED), "two readers at once");
        assertEquals(List.of(0, Machine.HARVESTER), m.mmuReaders());
        assertEquals(Machine.FREE - 1 - 4, m.mmuLock.get(), "FREE minus the bits of vcpu0 (1) and the harvester (4)");
        assertFalse(m.mmuLockAvailable(LockMode.EXCLUSIVE));
        assertFalse(m.tryMmuLock(1, LockMode.EXCLUSIVE), "a writer waits for the readers");
        assertEquals("shared by vcpu0, harvester", m.describeMmuLock());
        m.mmuUnlock(0, LockMode.SHARED);
        m.mmuUnlock(Machine.HARVESTER, LockMode.SHARED);
        assertEquals(Machine.FREE, m.mmuLock.get(), "the last reader leaves it free");
        assertTrue(m.tryMmuLock(1, LockMode.EXCLUSIVE));
        assertFalse(m.tryMmuLock(0, LockMode.SHARED), "a reader waits for the writer");
        assertEquals(1, m.mmuLock.get(), "an exclusive holder is its own number, as before the shared mode");
        m.mmuUnlock(1, LockMode.EXCLUSIVE);
        assertEquals("free", m.describeMmuLock());
    }

    @Test
    void modeNoneTakesNothing() {
        assertTrue(m.tryMmuLock(0, LockMode.NONE));
        assertEquals(Machine.FREE, m.mmuLock.get());
        assertTrue(m.tryMmuLock(Machine.HARVESTER, LockMode.EXCLUSIVE));
        assertTrue(m.mmuLockAvailable(LockMode.NONE), "a path that takes no lock never waits");
    }

    @Test
    void droppingALockNotHeldIsABug() {
        assertThrows(IllegalStateException.class, () -> m.mmuUnlock(0, LockMode.EXCLUSIVE));
        assertThrows(IllegalStateException.class, () -> m.mmuUnlock(0, LockMode.SHARED));
        assertTrue(m.tryMmuLock(0, LockMode.SHARED));
        assertThrows(IllegalStateException.class, () -> m.tryMmuLock(0, LockMode.SHARED), "no holder reads twice");
    }
}
