package dirtyproof.bitmaps;

import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantException;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bitmap families' own keys, read by the one parser of harvest and mmu-lock ({@code family.HarvestConfig})
 * and each family's: bad input is rejected with the file, the key, what was wrong and the valid choices, in
 * these exact words (the texts each family had before they shared the parser); and the harvest becomes the
 * program of atomic steps its families' TLA+ harvesters take ({@link HarvestProgram}).
 */
class BitmapKeysTest {

    static String error(String protocol, String keys) {
        VariantException e = assertThrows(VariantException.class,
                () -> VariantLoader.parse("name: t\nprotocol: " + protocol + "\n" + keys, "t.yaml", "t.yaml"));
        return e.getMessage();
    }

    @Test
    void mmuLockNamesHarvestStepsThatMayHoldMmuLock() {
        assertEquals("t.yaml: key 'mmu-lock': step 'send' cannot hold mmu_lock: only the steps of KVM_CLEAR_DIRTY_LOG"
                + " can; valid: clear-fetched, write-protect, flush-tlb", error("clear-log", "mmu-lock: [send]\n"));
        assertEquals("t.yaml: key 'mmu-lock': step 'synchronize-srcu' cannot hold mmu_lock (synchronize_srcu sleeps;"
                + " the install and copy_to_user ran outside it); valid: write-protect, flush-tlb",
                error("srcu-swap", "mmu-lock: [synchronize-srcu]\n"));
        assertEquals("t.yaml: key 'mmu-lock': step 'wait-readers' cannot hold mmu_lock (the wait sleeps; the switch and"
                + " the rest are outside it); valid: write-protect, flush-tlb", error("switch-log", "mmu-lock: [wait-readers]\n"));
        assertEquals("t.yaml: key 'mmu-lock': step 'write-protect' is not in harvest [get-copy, send]; mmu-lock lists"
                + " the harvest steps done under mmu_lock",
                error("clear-log", "harvest: [get-copy, send]\nmmu-lock: [write-protect]\n"));
        assertEquals("t.yaml: key 'mmu-lock': step 'flush-tlb' is not in harvest [install-bitmap, copy-to-user];"
                + " mmu-lock lists the harvest steps done under mmu_lock",
                error("srcu-swap", "harvest: [install-bitmap, copy-to-user]\nmmu-lock: [flush-tlb]\n"));
        assertEquals("t.yaml: key 'mmu-lock': step 'write-protect' is not in harvest [snapshot-clear, copy-to-user];"
                + " mmu-lock lists the harvest steps done under mmu_lock",
                error("get-log", "harvest: [snapshot-clear, copy-to-user]\nmmu-lock: [write-protect]\n"));
        assertEquals("t.yaml: key 'mmu-lock': unknown step 'bogus'; valid steps: switch-bitmap, wait-readers,"
                + " write-protect, flush-tlb, read-old, send, clear-old", error("switch-log", "mmu-lock: [read-old, bogus]\n"));
        assertEquals("t.yaml: key 'mmu-lock': must be a list of steps like [get-copy, clear-fetched, write-protect,"
                + " flush-tlb, send], not a string ('write-protect')", error("clear-log", "mmu-lock: write-protect\n"));
    }

    @Test
    void harvestTakesOnlyTheFamilysOwnStepsOnce() {
        assertEquals("t.yaml: key 'harvest': unknown step 'snapshot-clear'; valid steps: get-copy, clear-fetched,"
                + " write-protect, flush-tlb, send", error("clear-log", "harvest: [get-copy, snapshot-clear]\n"));
        assertEquals("t.yaml: key 'harvest': unknown step 'switch-bitmap'; valid steps: install-bitmap,"
                + " synchronize-srcu, write-protect, flush-tlb, copy-to-user",
                error("srcu-swap", "harvest: [install-bitmap, switch-bitmap]\n"));
        assertEquals("t.yaml: key 'harvest': step 'get-copy' is listed twice; each step appears at most once",
                error("clear-log", "harvest: [get-copy, get-copy]\n"));
    }

    @Test
    void theFamilysChoicesListTheValidOnes() {
        assertEquals("t.yaml: key 'clear-mask': 'some' is not a valid choice; valid choices: fetched, all",
                error("clear-log", "clear-mask: some\n"));
        assertEquals("t.yaml: key 'memslot-lookup': 'eager' is not a valid choice; valid choices: cached, under-lock",
                error("srcu-swap", "memslot-lookup: eager\n"));
        assertEquals("t.yaml: key 'memslot-lookup': has no value; valid choices: cached, under-lock (leave the key out"
                + " for the default, cached)", error("switch-log", "memslot-lookup:\n"));
    }

    static List<String> program(List<Micro> p) {
        return p.stream().map(Micro::toString).collect(Collectors.toList());
    }

    static Variant variant(String protocol, String keys) {
        return VariantLoader.parse("name: t\nprotocol: " + protocol + "\n" + keys, "t.yaml", "t.yaml");
    }

    @Test
    void aStepOnAWordIsOneStepAWordAndALoadStoreClearTwo() {
        Variant v = variant("clear-log", "clear-op: load-store\nbounds: {pages: 4, pages-per-word: 2}\n");
        assertEquals(List.of("get-copy(w0)", "get-copy(w1)", "clear-fetched.load(w0) [lock", "clear-fetched.store(w0)",
                "clear-fetched.load(w1)", "clear-fetched.store(w1)", "write-protect(w0)", "write-protect(w1) unlock]",
                "flush-tlb", "send"), program(((ProgramKvm<?>) v.family().start(v)).harvester().program()));
        Variant s = variant("switch-log", "mmu-lock: [flush-tlb]\nbounds: {pages: 2, pages-per-word: 1}\n");
        assertEquals(List.of("switch-bitmap", "wait-readers", "write-protect(w0)", "write-protect(w1)",
                "flush-tlb [lock unlock]", "read-old(w0)", "read-old(w1)", "send", "clear-old(w0)", "clear-old(w1)"),
                program(((ProgramKvm<?>) s.family().start(s)).harvester().program()));
    }

    @Test
    void srcuSwapSendsAfterTheIoctl() {
        Variant v = variant("srcu-swap", "bounds: {pages: 2, pages-per-word: 2}\n");
        assertEquals(List.of("install-bitmap", "synchronize-srcu", "write-protect(w0) [lock", "flush-tlb unlock]",
                "copy-to-user", "send"), program(((ProgramKvm<?>) v.family().start(v)).harvester().program()));
    }
}
