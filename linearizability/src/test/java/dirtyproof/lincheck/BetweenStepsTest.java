package dirtyproof.lincheck;

import dirtyproof.kvm.Vcpu;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProtocolCheck#BETWEEN_STEPS}: Lincheck does not switch threads inside the methods so named, nor inside
 * anything they call. That is sound only if none of them takes a step: reaching a {@code take} from one would
 * hide every interleaving of the steps it takes. This reads the bytecode of {@code impl}'s classes and follows
 * every call from every method of that name (a call reaches every method of the called name and descriptor in
 * any of the model's classes: virtual dispatch, conservatively) and fails on a path to a {@code take}.
 */
class BetweenStepsTest {

    /** A method of the model: class, name and descriptor. */
    record Method(String owner, String name, String desc) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    @Test
    void noMethodReadBetweenStepsTakesAStep() throws IOException, URISyntaxException {
        Map<Method, List<Method>> calls = callGraph();
        assertTrue(calls.size() > 200, "the model's classes were not found: " + calls.size() + " methods");
        Map<String, List<Method>> byNameDesc = byNameAndDescriptor(calls);
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Method start : calls.keySet()) {
            if (!ProtocolCheck.BETWEEN_STEPS.contains(start.name())) {
                continue;
            }
            checked++;
            String path = pathToTake(start, calls, byNameDesc);
            if (path != null) {
                problems.add(path);
            }
        }
        assertTrue(checked >= ProtocolCheck.BETWEEN_STEPS.size(), "only " + checked + " methods named as in"
                + " BETWEEN_STEPS were found");
        assertEquals(List.of(), problems, "these methods read between steps take a step: remove their names from"
                + " ProtocolCheck.BETWEEN_STEPS");
    }

    @Test
    void theCheckFindsAPathToATake() throws IOException, URISyntaxException {
        // a method known to take steps: the check must see it, or it could never fail
        Map<Method, List<Method>> calls = callGraph();
        Map<String, List<Method>> byNameDesc = byNameAndDescriptor(calls);
        Method blocking = new Method("dirtyproof/kvm/Vcpu", "guestWriteBlocking", "(IZ)Z");
        assertTrue(calls.containsKey(blocking), "Vcpu.guestWriteBlocking(int, boolean) not found");
        String path = pathToTake(blocking, calls, byNameDesc);
        assertTrue(path != null && path.endsWith(".take"), "no path to a take found from " + blocking + ": " + path);
    }

    /** The methods of the graph by name and descriptor: what a call may dispatch to. */
    private static Map<String, List<Method>> byNameAndDescriptor(Map<Method, List<Method>> calls) {
        Map<String, List<Method>> r = new HashMap<>();
        for (Method m : calls.keySet()) {
            r.computeIfAbsent(m.name() + m.desc(), k -> new ArrayList<>()).add(m);
        }
        return r;
    }

    /** The calls from a method to a take, as text, or null when there is none. */
    private static String pathToTake(Method start, Map<Method, List<Method>> calls,
                                     Map<String, List<Method>> byNameDesc) {
        Map<Method, Method> parent = new HashMap<>();
        Deque<Method> todo = new ArrayDeque<>();
        Set<Method> seen = new HashSet<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            Method m = todo.poll();
            for (Method called : calls.getOrDefault(m, List.of())) {
                for (Method target : byNameDesc.getOrDefault(called.name() + called.desc(), List.of())) {
                    if (!seen.add(target)) {
                        continue;
                    }
                    parent.put(target, m);
                    if (target.name().equals("take")) {
                        StringBuilder sb = new StringBuilder(target.toString());
                        for (Method p = m; p != null; p = parent.get(p)) {
                            sb.insert(0, p + " -> ");
                        }
                        return sb.toString();
                    }
                    todo.add(target);
                }
            }
        }
        return null;
    }

    /** Every method of the model's classes (impl's dirtyproof.*) with the methods of the model it calls. */
    private static Map<Method, List<Method>> callGraph() throws IOException, URISyntaxException {
        Path root = Paths.get(Vcpu.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<Method, List<Method>> calls = new HashMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        read(in, calls);
                    }
                }
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().startsWith("dirtyproof/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            read(in, calls);
                        }
                    }
                }
            }
        }
        return calls;
    }

    private static void read(InputStream in, Map<Method, List<Method>> calls) throws IOException {
        ClassReader r = new ClassReader(in);
        String owner = r.getClassName();
        r.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                List<Method> out = calls.computeIfAbsent(new Method(owner, name, desc), k -> new ArrayList<>());
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String o, String n, String d, boolean itf) {
                        if (o.startsWith("dirtyproof/")) {
                            out.add(new Method(o, n, d));
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, org.objectweb.asm.Handle bsm,
                                                       Object... args) {
                        // a lambda or method reference: its body is a call too
                        for (Object a : args) {
                            if (a instanceof org.objectweb.asm.Handle h && h.getOwner().startsWith("dirtyproof/")) {
                                out.add(new Method(h.getOwner(), h.getName(), h.getDesc()));
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }
}
